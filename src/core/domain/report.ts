/**
 * The domain of a work report, as the parser produces it and everything downstream reads it.
 * Strings keep the report's own characters (full-width digits, punctuation) so that quotes are exact;
 * normalisation happens only on the copies used for matching.
 */

export interface Report {
  /** Stable, ASCII-only id (safe in Telegram deep links): `<division code>-<year>-<title hash>`. */
  id: string;
  title: string;
  /** Full county-level name, e.g. 青浦区. */
  district: string;
  /** The year the report is about (a 2020 summary published in 2021 has year 2020). */
  year: number;
  publisher?: string;
  /** ISO date (yyyy-mm-dd) of publication when the report prints one. */
  date?: string;
  /** 文号, e.g. 嘉教【2017】66号. */
  docNo?: string;
  /** File name (relative to the corpus folder) the report was read from. */
  source: string;
  /** The report's own opening paragraphs before the first section, if any. */
  preamble?: string;
  sections: Section[];
}

export interface Section {
  /**
   * 1-based position of the section heading (一、二、三…) in document order, counted through the whole
   * report: a plan part that restarts its headings at 一、 continues the count, so references stay unique.
   */
  no: number;
  title: string;
  /**
   * Which part of a report that is both a summary and a plan (2021年工作总结和2022年工作思路) the section
   * belongs to: what was done, or what is planned. Absent when the report is one or the other throughout.
   */
  part?: ReportPart;
  items: Item[];
}

export type ReportPart = "summary" | "plan";

export interface Item {
  /**
   * The number as printed (`"29"`); for a section whose paragraphs carry no numbers, the paragraph's
   * position; `null` for a section's own unnumbered lead paragraph that precedes numbered items.
   */
  no: string | null;
  /** First clause, up to the first 。 (without it). */
  title: string;
  /** Everything after the title, sub-points included (one paragraph per line). */
  text: string;
  /** Where the sub-points sit inside `text`, when the item has them. */
  subpoints?: SubPoint[];
}

/** 一是… / （1）… / ①… inside an item: a span of the item's `text`. */
export interface SubPoint {
  /** `"7.2"`: the item's number, a dot, the sub-point's position. */
  no: string;
  /** The marker as printed: 二是, （2）, ②. */
  marker: string;
  start: number;
  end: number;
}

/** How many items a report has, over all its sections. */
export function itemCount(report: Pick<Report, "sections">): number {
  return report.sections.reduce((sum, section) => sum + section.items.length, 0);
}

/** Everything about a report except its content: what a citation or a listing needs. */
export type ReportMeta = Omit<Report, "sections" | "preamble">;

export function reportMeta(report: Report): ReportMeta {
  const { sections: _sections, preamble: _preamble, ...meta } = report;
  return meta;
}

/** Item reference usable in callback data and deep links (`[A-Za-z0-9_-]`, ≤ 64 chars). */
export function itemRef(reportId: string, sectionNo: number, itemNo: string | null): string {
  return `${reportId}_${sectionNo}_${itemNo === null ? "0" : itemNo.replace(/\./g, "-")}`;
}

export interface ItemRefParts {
  reportId: string;
  sectionNo: number;
  itemNo: string | null;
}

export function parseItemRef(ref: string): ItemRefParts | undefined {
  const match = /^([A-Za-z0-9-]+)_(\d+)_([0-9-]+)$/.exec(ref);
  if (!match) return undefined;
  const [, reportId, section, item] = match;
  return {
    reportId: reportId!,
    sectionNo: Number(section),
    itemNo: item === "0" ? null : item!.replace(/-/g, "."),
  };
}

/** The full text of an item as a reader sees it: title, then text. */
export function itemFullText(item: Item): string {
  if (!item.title) return item.text;
  return item.text ? `${item.title}。${item.text}` : `${item.title}。`;
}
