import type { Citation } from "../core/domain/answer.js";
import type { ReportPart } from "../core/domain/report.js";

/** 第三部分 / 第29条: how Chinese readers refer to a report's parts. */
export function sectionLabel(no: number): string {
  return `第${no}部分`;
}

/**
 * A plan item is cited as such (工作计划), so that nobody reads a plan as something done; the summary is what a
 * report is by default and needs no label.
 */
export function partLabel(part: ReportPart | undefined): string | undefined {
  return part === "plan" ? "工作计划" : undefined;
}

export function itemLabel(citation: Citation): string {
  if (citation.item.no === null) return "导语";
  const sub = citation.item.subpoint ? `（${citation.item.subpoint}）` : "";
  return `第${citation.item.no}条${sub}`;
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
