import { chineseNumeral } from "./markers.js";

/**
 * Page furniture that published reports carry around the text: loading banners, breadcrumbs, the
 * 通知 that forwards the report, signatures, print/close links, attachments. None of it is content.
 */

const PAGE_FURNITURE = [
  /^loading/i,
  /^(您|你)?(当前)?(所在的?)?(位置|所在位置)\s*[:：]/,
  /^当前位置/,
  /(>>|»|＞＞|›)/,
  /^(首页|网站首页|返回首页)(\s|>|$)/,
  /^[[【(（]?\s*(打印本页|打印|关闭窗口|关闭|返回顶部|返回|收藏|分享到?|字体|字号|扫一扫|阅读次数|浏览次数|访问量|点击数)/,
  /^(版权所有|主办单位|承办单位|联系我们|网站地图|网站标识码|技术支持|ICP备|沪ICP|京ICP|公安备案|Copyright|©)/i,
  /^(来源|信息来源|发布时间|发布日期|发文日期|责任编辑|作者|编辑)\s*[:：]/,
  /^(上一篇|下一篇|相关链接|相关文章)/,
];

/** The 通知 that forwards a report to schools is not part of the report. */
const FORWARDING_NOTICE = [
  /^关于印发.*(的)?通知$/,
  /^关于.*的通知$/,
  /^各.{0,40}[:：]$/,
  /^现将.*(印发|转发)/,
  /^(特此通知|特此报告|此复)/,
  /请认真(学习|贯彻|执行|抓好)/,
];

/** What ends a report's body: its attachments (附件：, 附：, 附表1：) and the 抄送/印发 lines of a 文件. */
const FOOTER_START = [
  /^附件\s*[:：\d]?/,
  /^附(?:表|录)?\s*\d*\s*[:：]/,
  /^(抄送|抄报|印发)\s*[:：]/,
  /^主题词/,
];

/** Metadata fields some sites print as bare values on their own lines (索引号, 公开方式…). */
const BARE_METADATA = [
  /^[A-Z]{1,4}\d{3,}[-\d]*$/,
  /^(主动公开|依申请公开|不予公开|公开|无)$/,
  /^无[〔【[(（]?\d{4}[〕】\])）]?无$/,
  /^(索引号|公开方式|公开范围|发布机构|生成日期|文号|主题分类|体裁分类|组配分类|有效性)\s*[:：]/,
];

/** Labels of the metadata fields sites print around a report (发布机构：, 发布日期：, 文号：, 分类：). */
const METADATA_LABELS =
  "(?:发布机构|发布单位|发文机关|发文单位|信息来源|来源|发布日期|发布时间|发文日期|成文日期|印发日期|生成日期|日期|时间|文号|发文字号|索引号|分类|主题分类|体裁分类|公开方式|公开范围|有效性|作者|责任编辑|浏览次数|阅读次数)\\s*[:：]";
const METADATA_FIELD = new RegExp(`(?:^|[\\s|｜])${METADATA_LABELS}`, "gu");
const METADATA_FIELD_FIRST = new RegExp(`^[\\s|｜]*${METADATA_LABELS}`, "u");

/**
 * A line of metadata fields (发布机构：…　　发布日期：…　　文号：…): it opens with a field label, or holds
 * two fields or more. Whatever word its last value ends with (分类：计划总结), it is never the title.
 */
export function isMetadataLine(line: string): boolean {
  return METADATA_FIELD_FIRST.test(line) || (line.match(METADATA_FIELD)?.length ?? 0) >= 2;
}

export function isPageFurniture(line: string): boolean {
  return line.length <= 80 && PAGE_FURNITURE.some((pattern) => pattern.test(line));
}

export function isForwardingNotice(line: string): boolean {
  return FORWARDING_NOTICE.some((pattern) => pattern.test(line));
}

/** A line that opens an attachment: 附表 X县基本情况, 附件1：…, 附录. */
export function isAttachmentHeading(line: string): boolean {
  return line.length <= 60 && /^附(?:表|件|录)?\s*[\d一二三四五六七八九十]*\s*(?:[:：\s]|$)/.test(line);
}

export function isFooterStart(line: string): boolean {
  return line.length <= 60 && FOOTER_START.some((pattern) => pattern.test(line));
}

export function isBareMetadata(line: string): boolean {
  return line.length <= 40 && BARE_METADATA.some((pattern) => pattern.test(line));
}

/** A dateline or a signature (上海市青浦区教育局 / 2021年3月31日) standing alone. */
export function isSignatureLine(line: string): boolean {
  if (line.length > 30) return false;
  return PUBLISHER.test(line) || parseDate(line) !== undefined;
}

export const PUBLISHER =
  /^[\u4e00-\u9fa5]{2,20}(教育局|教育委员会|教委|教育厅|教育体育局|教育和体育局|教育科技局|教育科学技术局|教育文化局|文化教育局|教育与体育局|人民政府|人民政府教育督导室|教育工作党委)$/;

/** 二〇一七 / 二零一七 → 2017, digit by digit. */
export function chineseYear(text: string): number | undefined {
  if (!/^[〇零○一二三四五六七八九]{4}$/.test(text)) return undefined;
  return Number(
    [...text].map((char) => "〇一二三四五六七八九".indexOf(char.replace(/[零○]/, "〇"))).join(""),
  );
}

/** A line that is only a date (2021-03-31 13:52:21, 2021.03.31, 2017年12月31日, 二〇一七年十二月) → ISO. */
export function parseDate(line: string): string | undefined {
  const numeric =
    /^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?(\s+\d{1,2}:\d{2}(:\d{2})?)?$/.exec(line);
  if (numeric) return iso(Number(numeric[1]), Number(numeric[2]), Number(numeric[3]));
  const written =
    /^([〇零○一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$/.exec(
      line,
    );
  if (written) {
    const year = chineseYear(written[1]!);
    const month = chineseNumeral(written[2]!);
    const day = chineseNumeral(written[3]!);
    if (year !== undefined && month !== undefined && day !== undefined) return iso(year, month, day);
  }
  return undefined;
}

function iso(year: number, month: number, day: number): string | undefined {
  if (year < 1949 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
