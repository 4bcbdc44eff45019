import { createHash } from "node:crypto";
import { ReportRejectedError } from "../parse/errors.js";
import { parseReport } from "../parse/parse-report.js";
import type { Report } from "../report/types.js";
import { extractText, type ReportFormat } from "./extract-text.js";

export interface ReadReport {
  report: Report;
  format: ReportFormat;
  /** sha256 of the file's bytes: the same content under another name is the same report. */
  hash: string;
}

export function contentHash(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Bytes → a validated Report: extract the text for the file's format, parse it, and check that it has what
 * every answer needs (title, district, year, at least one item). Throws ReportRejectedError otherwise.
 * `source` is the name the report will have inside the corpus folder.
 */
export async function readReport(bytes: Uint8Array, source: string): Promise<ReadReport> {
  const { text, format } = await extractText(bytes, source);
  const report = parseReport(text, { source, format: format === "md" ? "md" : "txt" });
  validateReport(report);
  return { report, format, hash: contentHash(bytes) };
}

/** The parser already refuses most of these; checked again here because nothing invalid may reach the index. */
export function validateReport(report: Report): void {
  if (!report.title.trim()) throw new ReportRejectedError("没有找到报告标题", "no title");
  if (!report.district.trim()) throw new ReportRejectedError("无法识别报告所属的区县", "no district");
  if (!Number.isInteger(report.year)) throw new ReportRejectedError("无法识别报告的年份", "no year");
  if (itemCount(report) === 0) throw new ReportRejectedError("没有找到任何条目（如“一、”“1.”）", "no items");
}

export function itemCount(report: Report): number {
  return report.sections.reduce((sum, section) => sum + section.items.length, 0);
}

/** Two files are versions of one report when they name the same district, year and title. */
export function identityKey(report: Pick<Report, "district" | "year" | "title">): string {
  const title = report.title.normalize("NFKC").replace(/[\s《》]/gu, "");
  return `${report.district}|${report.year}|${title}`;
}
