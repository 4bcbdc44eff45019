import { createHash } from "node:crypto";
import { type District, gazetteer } from "../zh/gazetteer.js";
import {
  chineseYear,
  isBareMetadata,
  isForwardingNotice,
  isMetadataLine,
  isPageFurniture,
  PUBLISHER,
  parseDate,
} from "./junk.js";
import type { Paragraph } from "./lines.js";

export interface ReportHeader {
  title?: string;
  district?: string;
  districtCode?: string;
  year?: number;
  publisher?: string;
  date?: string;
  docNo?: string;
  preamble?: string;
}

const TITLE_WORDS =
  /(工作总结|工作报告|工作要点|工作计划|工作回顾|工作思路|工作打算|工作安排|总结|年报|报告)$/;
/** A part heading standing alone before the body (2021年工作总结): it names a part, not the report. */
const BARE_PART_HEADING =
  /^(?:(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})年度?(?:教育)?工作(?:总结|回顾|思路|打算|计划|安排)$/;
const DOC_NO = /([\u4e00-\u9fa5]{1,10})\s*[〔【[［(（]\s*((?:19|20)\d{2})\s*[〕】\]］)）]\s*(\d{1,4})\s*号/;
const YEAR = /((?:19|20)\d{2})\s*(?:年|学年|年度)/;
const WRITTEN_YEAR = /([〇零○一二三四五六七八九]{4})年/;

export function yearIn(text: string): number | undefined {
  const digits = YEAR.exec(text);
  if (digits) return Number(digits[1]);
  const written = WRITTEN_YEAR.exec(text);
  return written ? chineseYear(written[1]!) : undefined;
}

function findTitle(header: readonly Paragraph[]): { title: string; index: number } | undefined {
  const heading = header.findIndex((paragraph) => paragraph.heading === 1);
  if (heading >= 0) return { title: header[heading]!.text, index: heading };
  let candidate: { title: string; index: number } | undefined;
  header.forEach((paragraph, index) => {
    const text = paragraph.text.replace(/^《(.*)》$/, "$1");
    if (
      text.length <= 60 &&
      TITLE_WORDS.test(text) &&
      !/^关于/.test(text) &&
      !isPageFurniture(text) &&
      !isMetadataLine(text)
    ) {
      if (!candidate || !BARE_PART_HEADING.test(text)) candidate = { title: text, index };
    }
  });
  if (candidate) return candidate;
  // A forwarding notice names the report it forwards: 关于印发《…》的通知.
  for (const [index, paragraph] of header.entries()) {
    const quoted = /《([^》]{4,60})》/.exec(paragraph.text);
    if (quoted && isForwardingNotice(paragraph.text)) return { title: quoted[1]!, index };
  }
  const first = header.findIndex(
    (paragraph) =>
      paragraph.text.length <= 60 &&
      !isPageFurniture(paragraph.text) &&
      !isBareMetadata(paragraph.text) &&
      !isMetadataLine(paragraph.text),
  );
  return first >= 0 ? { title: header[first]!.text, index: first } : undefined;
}

/**
 * The district a text is about: the first name in it that surely means a place. In a title any full
 * name counts (2016年南县教育工作总结) and any short name that is no stock phrase; in running text only
 * full names that are no stock phrase (强化德育 does not name 化德县). A short name several districts
 * share (朝阳) is settled by the province the text names, else by the gazetteer's order.
 */
export function districtIn(
  text: string,
  where: "title" | "text",
): { name: string; code: string } | undefined {
  const mentions = gazetteer()
    .mentions(text)
    .filter((mention) =>
      where === "title"
        ? mention.afterPrefecture || mention.form === "full" || mention.reading !== "stock"
        : mention.afterPrefecture || (mention.form === "full" && mention.reading !== "stock"),
    );
  const first = mentions[0];
  if (!first) return undefined;
  const readings = mentions.filter((mention) => mention.start === first.start);
  const chosen = namedAmong(
    readings.map((reading) => reading.district),
    text,
  )!;
  return { name: chosen.name, code: chosen.code };
}

/**
 * Of several districts of one name (鼓楼区 of 南京市, 福州市, 徐州市, 开封市), the one whose prefecture the
 * text names (南京市鼓楼区教育局), else whose province it names, else the gazetteer's first.
 */
function namedAmong(districts: readonly District[], text: string): District | undefined {
  const named = (place: string | undefined, suffix: RegExp) => {
    const short = place?.replace(suffix, "");
    return !!short && short.length >= 2 && text.includes(short);
  };
  return (
    districts.find((district) => districts.length > 1 && named(district.city, /(市|地区|自治州|盟)$/)) ??
    districts.find((district) => named(district.province, /(省|市|自治区|壮族|回族|维吾尔)+$/)) ??
    districts[0]
  );
}

/** Administrative suffixes of county-level units, longest first (苏州工业园区, 西安高新区, 浦东新区, 青浦区). */
const DIVISION_SUFFIX =
  "(?:经济技术开发区|高新技术产业开发区|经济开发区|工业园区|开发区|高新区|新区|自治县|自治旗|林区|特区|区|县|市|旗)";
/** What follows a unit's name in a title or a publisher line: its bureau, its government, the year. */
const AFTER_DIVISION = "(?=教育|人民政府|政府|党委|(?:19|20)\\d{2}|[〇零○一二三四五六七八九]{4}年|年度|工作)";
const NAMED_DIVISION = new RegExp(`([\u4e00-\u9fa5]{2,12}?)(${DIVISION_SUFFIX})${AFTER_DIVISION}`, "gu");
/** Words that may stand before the name in a title: 关于印发…, a year (2019年桐泾区…). */
const LEAD_WORDS = /^(?:.*年度?|关于|印发|转发)+/u;

/**
 * The county-level unit a title or publisher line names by its form — a name, its administrative suffix,
 * then its bureau or year (泓州市桐泾区教育局, 2019年桐泾区教育工作总结) — whether or not the gazetteer
 * knows it (new or renamed counties, 开发区, 高新区). A prefecture before it (泓州市, 上海市) is dropped;
 * a name the gazetteer knows keeps its official code.
 */
export function divisionNamedIn(text: string): { name: string; code: string } | undefined {
  for (const match of text.matchAll(NAMED_DIVISION)) {
    let name = match[1]!.replace(LEAD_WORDS, "");
    // A prefecture or province in front (泓州市桐泾, 江苏省苏州): the unit is what follows it.
    const afterPrefecture = /^.*[市省盟](?=[\u4e00-\u9fa5]{2,})/u.exec(name);
    if (afterPrefecture && !gazetteer().byName(`${name}${match[2]}`).length) {
      name = name.slice(afterPrefecture[0].length);
    }
    if (name.length < 2) continue;
    const full = `${name}${match[2]}`;
    if (gazetteer().isPrefecture(full)) continue;
    const known = gazetteer().byName(full);
    const chosen = namedAmong(known, text);
    if (chosen) return { name: chosen.name, code: chosen.code };
    return { name: full, code: unlistedDivisionCode(full) };
  }
  return undefined;
}

/** A stable, ASCII code for a unit the gazetteer lacks (ids and deep links need ASCII). */
function unlistedDivisionCode(name: string): string {
  return `x${createHash("sha1").update(name).digest("hex").slice(0, 6)}`;
}

/** A line that says who published the report: 发布机构：泓州市桐泾区教育局 / 发布单位：柘湾区教育局 | … */
const PUBLISHER_FIELD = /(?:发布机构|发布单位|发文机关|发文单位|来源)\s*[:：]\s*([\u4e00-\u9fa5]{2,30})/u;

/** A date given as a field of a metadata line: 发布日期：2023年1月9日　来源：… / 发布时间：2019-01-28 10:15 */
const DATE_FIELD =
  /(?:发布日期|发布时间|成文日期|印发日期|生成日期|日期|时间)\s*[:：]\s*(\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?)/u;

/** Reads what the report says about itself from the paragraphs before its first section. */
export function readHeader(header: readonly Paragraph[]): ReportHeader {
  const result: ReportHeader = {};
  const found = findTitle(header);
  if (found) result.title = found.title;

  for (const paragraph of header) {
    const text = paragraph.text;
    if (!result.publisher && PUBLISHER.test(text)) result.publisher = text;
    if (!result.date) {
      const date = parseDate(text);
      if (date) result.date = date;
    }
    if (!result.docNo) {
      const docNo = DOC_NO.exec(text);
      if (docNo) result.docNo = docNo[0].replace(/\s+/g, "");
    }
  }

  if (!result.date) {
    for (const paragraph of header) {
      const field = DATE_FIELD.exec(paragraph.text);
      const date = field ? parseDate(field[1]!.replace(/\s+/g, "")) : undefined;
      if (date) {
        result.date = date;
        break;
      }
    }
  }

  if (!result.publisher) {
    for (const paragraph of header) {
      const field = PUBLISHER_FIELD.exec(paragraph.text);
      if (field && PUBLISHER.test(field[1]!)) {
        result.publisher = field[1]!;
        break;
      }
    }
  }
  // The district comes from what the report says of itself — its title, then its publisher — never from
  // a word of the body (新增城区学位 does not name 增城区). By form first, so that a unit the gazetteer lacks
  // is read as itself rather than as a listed name hidden inside it.
  const place =
    (result.title && (divisionNamedIn(result.title) ?? districtIn(result.title, "title"))) ||
    (result.publisher && (divisionNamedIn(result.publisher) ?? districtIn(result.publisher, "title"))) ||
    undefined;
  if (place) {
    result.district = place.name;
    result.districtCode = place.code;
  }
  const year = result.title ? yearIn(result.title) : undefined;
  if (year !== undefined) result.year = year;

  // The report's own opening: prose after the title, before the first section.
  const start = found ? found.index + 1 : 0;
  const preamble = header
    .slice(start)
    .map((paragraph) => paragraph.text)
    .filter(
      (text) =>
        text.length >= 30 &&
        !isForwardingNotice(text) &&
        !isPageFurniture(text) &&
        !isBareMetadata(text) &&
        !isMetadataLine(text),
    );
  if (preamble.length > 0) result.preamble = preamble.join("\n");
  return result;
}
