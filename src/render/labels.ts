import type { ReportMeta, ReportPart } from "../core/domain/report.js";
import { partLabel, sectionLabel } from "./citation.js";
import { WORDS } from "./strings.js";

/**
 * Labels for the bot's views of sections and items (outline, full item, inline titles). The citation line itself
 * comes from `citation.ts`, shared with the CLI, so both cite the same way.
 */

export function sectionHeading(section: { no: number; title: string; part?: ReportPart }): string {
  const part = partLabel(section.part);
  return `${part ? `${part} · ` : ""}${sectionLabel(section.no)} ${section.title}`.trim();
}

/** `第29条 title`; a section's unnumbered lead paragraph has no number, so it is called 导语. */
export function itemHeading(item: { no: string | null; title: string }): string {
  const number =
    item.no === null
      ? WORDS.leadParagraph
      : item.no.includes(".")
        ? subpointNumber(item.no)
        : WORDS.item(item.no);
  return `${number} ${item.title}`.trim();
}

/** "7.2" → 第7条第2点: readers count sub-points, they do not read dotted numbers. */
function subpointNumber(no: string): string {
  const [item, point] = no.split(".");
  return WORDS.subpoint(item ?? "", point ?? "");
}

/** 上海市青浦区教育局 2021年3月31日 — whichever parts the report prints. */
export function publishedLabel(report: Pick<ReportMeta, "publisher" | "date">): string {
  return [report.publisher, report.date ? chineseDate(report.date) : undefined].filter(Boolean).join(" ");
}

/** 2021-03-31 → 2021年3月31日; anything else is shown as printed. */
export function chineseDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return iso;
  return `${match[1]}年${Number(match[2])}月${Number(match[3])}日`;
}
