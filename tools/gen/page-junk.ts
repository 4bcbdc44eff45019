/**
 * The text around a report that is not the report: a scraped page's header and footer, the 关于印发…的通知
 * that covers it, a government information-disclosure record, a signature. None of it may become an item.
 */
import type { PlannedReport } from "./compose.js";
import type { Rng } from "./prng.js";

function dateParts(isoDate: string): [string, string, string] {
  const [year, month, day] = isoDate.split("-");
  return [year!, month!, day!];
}

/** 2021年3月31日 */
export function chineseDate(isoDate: string): string {
  const [year, month, day] = dateParts(isoDate);
  return `${year}年${Number(month)}月${Number(day)}日`;
}

/** A scraped page: loader text, breadcrumb, then the covering notice that carries the 文号 and the date. */
export function scrapedHeader(plan: PlannedReport, rng: Rng): string {
  const breadcrumb = rng.pick([
    `您当前所在的位置: 首页 >> ${plan.county.name}基础教育机构信息公开 >> 年度计划`,
    `您当前所在的位置：首页 > 政务公开 > ${plan.county.shortName}教育 > 计划总结`,
    "您当前所在的位置：首页 >> 信息公开 >> 工作总结",
  ]);
  const recipients = rng.pick([
    "各中小学、幼儿园、成人学校及直属单位:",
    "各学校、各直属单位：",
    "各街镇教育管理部门，各中小学、幼儿园：",
  ]);
  const nextYear =
    Number(dateParts(plan.date)[0]) === plan.year ? plan.year + 1 : Number(dateParts(plan.date)[0]);
  return [
    rng.pick(["Loading……", "Loading...", "Loading……"]),
    " ",
    breadcrumb,
    `关于印发《${plan.title}》的通知`,
    "",
    ` ${plan.docNo}`,
    "",
    recipients,
    `  现将《${plan.title}》印发给你们。请认真学习,总结经验,进一步做好${nextYear}年工作。`,
    "",
    " ",
    "",
    plan.publisher,
    chineseDate(plan.date),
    "",
    " ",
    "",
    plan.title,
    "",
  ].join("\n");
}

/** A government information-disclosure record (青浦): index number, openness, 文号, timestamps, publisher. */
export function govInfoHeader(plan: PlannedReport, rng: Rng): string {
  const [year, month, day] = dateParts(plan.date);
  const indexNumber = `${rng.pick(["QA", "QB", "MB", "QC"])}${rng.int(1000000, 9999999)}-${year}-${String(rng.int(1, 40)).padStart(3, "0")}`;
  const time = `${String(rng.int(8, 17)).padStart(2, "0")}:${String(rng.int(0, 59)).padStart(2, "0")}:${String(rng.int(0, 59)).padStart(2, "0")}`;
  return [
    plan.title,
    indexNumber,
    "主动公开",
    rng.chance(0.5) ? plan.docNo : `无〔${year}〕无`,
    `${year}-${month}-${day} ${time}`,
    plan.publisher,
    `${year}.${month}.${day}`,
  ].join("\n\n");
}

export function publisherLines(plan: PlannedReport): string {
  return [plan.title, "", plan.publisher, chineseDate(plan.date)].join("\n");
}

export function pageFooter(rng: Rng): string {
  return rng.pick([
    "打印本页\n关闭窗口",
    "【打印本页】【关闭窗口】",
    "打印本页 | 关闭窗口",
    "[打印本页] [关闭窗口]",
  ]);
}

export function signature(plan: PlannedReport): string {
  return `${plan.publisher}\n${chineseDate(plan.date)}`;
}
