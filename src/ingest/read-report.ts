import { createHash } from "node:crypto";
import type { Report } from "../core/domain/report.js";
import { ReportRejectedError } from "../core/parse/errors.js";
import type { TextFormat } from "../core/parse/lines.js";
import { parseReport } from "../core/parse/parse-report.js";
import { extractText, type ReportFormat } from "./extract-text.js";
import { isolatedParser } from "./isolated/isolated-parser.js";
import { LIMITS } from "./limits/limits.js";

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
 * Bytes → Report: extract the text for the file's format and parse it. The parser refuses a report without
 * title, district, year or items (ReportRejectedError), so nothing invalid reaches the index. `source` is
 * the name the report has (or will have) inside the corpus folder.
 */
export async function parseReportBytes(
  bytes: Uint8Array,
  source: string,
): Promise<{ report: Report; format: ReportFormat }> {
  if (bytes.byteLength === 0) throw new ReportRejectedError("文件是空的", "empty file");
  const { text, format } = await extractText(bytes, source);
  const report = parseReport(text, { source, format: parseFormat(format) });
  assertItemLengths(report);
  return { report, format };
}

/** How the parser reads the text of each file format (only Markdown and Word text carry heading levels). */
export function parseFormat(format: ReportFormat): TextFormat {
  return format === "md" || format === "docx" ? format : "txt";
}

/**
 * Every question that touches an item reads it whole (sentences, figures, highlighting): one absurdly long
 * item (a page with no line breaks) would slow every such question for everyone, so it is refused here.
 */
function assertItemLengths(report: Report): void {
  for (const section of report.sections) {
    for (const item of section.items) {
      const length = item.text.length + item.title.length;
      if (length > LIMITS.itemChars) {
        const where = item.no === null ? `第${section.no}部分的导语` : `第${section.no}部分第${item.no}条`;
        throw new ReportRejectedError(
          `${where}长达 ${length} 字，不像报告的一条（每条不能超过 ${LIMITS.itemChars} 字）；请检查文件的分段`,
          `item of ${length} chars > ${LIMITS.itemChars}`,
        );
      }
    }
  }
}

/**
 * Bytes → Report, with the content hash that recognises the same report under another name. The file is
 * untrusted (an upload, a file dropped into the corpus folder): it is read in a worker with memory and time
 * caps, so a hostile file is refused (FileCrashedError) instead of freezing or killing this process.
 */
export async function readReport(bytes: Uint8Array, source: string): Promise<ReadReport> {
  if (bytes.byteLength === 0) throw new ReportRejectedError("文件是空的", "empty file");
  const { report, format } = await isolatedParser().parse(bytes, source);
  return { report, format, hash: contentHash(bytes) };
}

/** Two files are versions of one report when they name the same district, year and title. */
export function identityKey(report: Pick<Report, "district" | "year" | "title">): string {
  const title = report.title.normalize("NFKC").replace(/[\s《》]/gu, "");
  return `${report.district}|${report.year}|${title}`;
}
