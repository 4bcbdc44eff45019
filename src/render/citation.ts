import type { Citation } from "../core/domain/answer.js";
import type { ReportPart } from "../core/domain/report.js";
import { WORDS } from "./strings.js";

/** 第三部分 / 第29条: how Chinese readers refer to a report's parts. */
export function sectionLabel(no: number): string {
  return WORDS.section(no);
}

/**
 * A plan item is cited as such (工作计划), so that nobody reads a plan as something done; the summary is what a
 * report is by default and needs no label.
 */
export function partLabel(part: ReportPart | undefined): string | undefined {
  return part === "plan" ? WORDS.planPart : undefined;
}

export function itemLabel(citation: Citation): string {
  if (citation.item.no === null) return WORDS.leadParagraph;
  const sub = citation.item.subpoint ? `（${citation.item.subpoint}）` : "";
  return `${WORDS.item(citation.item.no)}${sub}`;
}

/**
 * The citation a reader can check against the source, as plain text:
 * 《2020年青浦教育工作总结》 · 第5部分 建设高质量教育人才队伍 · 第29条 强化教师梯队打造 · 上海市青浦区教育局 2021-03-31
 * In a report that is both a summary and a plan, the part comes first: 《…》 · 工作计划 · 第7部分 … .
 */
export function citationText(citation: Citation): string {
  const { report, section, item } = citation;
  const issued = [report.publisher, report.docNo, report.date].filter(Boolean).join(" ");
  return [
    `《${report.title}》`,
    partLabel(section.part) ?? "",
    `${sectionLabel(section.no)} ${section.title}`,
    `${itemLabel(citation)} ${item.title}`.trim(),
    issued,
  ]
    .filter((part) => part.length > 0)
    .join(" · ");
}

/**
 * The citation under an answer, short enough for one line on a phone (about 25 characters):
 * 青浦区2020年工作总结 · 第5部分 · 第29条. The report is named by district, year and kind (its own title can
 * be long: 上海市嘉定区教育局关于印发…); the full citation is in the item's view (查看原文).
 */
export function compactCitationText(citation: Citation): string {
  const { report, section } = citation;
  const kind = isPlanTitle(report.title) ? WORDS.planKind : WORDS.summaryKind;
  return [
    `${report.district}${report.year}年${kind}`,
    // A plan item of a summary-plus-plan report is said to be one, as in the full citation.
    partLabel(section.part),
    sectionLabel(section.no),
    // Without the sub-point (12.3): the item is where a reader looks, and the line stays short.
    citation.item.no === null ? WORDS.leadParagraph : WORDS.item(citation.item.no),
  ]
    .filter(Boolean)
    .join(" · ");
}

/** A report that only plans (2022年工作要点), not one that reports what was done and then plans. */
function isPlanTitle(title: string): boolean {
  return /(计划|要点|思路)/.test(title) && !/总结/.test(title);
}
