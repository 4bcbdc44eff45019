import { extname } from "node:path";
import { ReportRejectedError } from "../core/parse/errors.js";
import { extractPlainText } from "./formats/plain-text.js";
import { LIMITS } from "./limits/limits.js";

export type ReportFormat = "txt" | "md" | "html" | "docx" | "pdf";

export interface ExtractedText {
  /** Plain text, one paragraph per line, ready for parseReport. */
  text: string;
  format: ReportFormat;
}

export const SUPPORTED_EXTENSIONS = [".txt", ".md", ".html", ".htm", ".docx", ".pdf"] as const;

/** Reports are text; anything larger is a mistake (a scanned book, a video) and would stall the bot. */
export const MAX_REPORT_BYTES = LIMITS.fileBytes;

export function isSupportedFile(fileName: string): boolean {
  return (SUPPORTED_EXTENSIONS as readonly string[]).includes(extname(fileName).toLowerCase());
}

/** The size check on its own, so callers can refuse a file before reading or downloading it. */
export function assertReportSize(byteLength: number): void {
  if (byteLength > MAX_REPORT_BYTES) {
    const megabytes = (byteLength / 1024 / 1024).toFixed(1);
    throw new ReportRejectedError(
      `文件太大（${megabytes} MB），报告文件不能超过 ${MAX_REPORT_BYTES / 1024 / 1024} MB`,
      `${byteLength} bytes > ${MAX_REPORT_BYTES}`,
    );
  }
}

/**
 * Turns a report file's bytes into plain text for the parser, choosing the converter by extension.
 * The HTML, Word and PDF converters are imported on first use: cheerio (with undici), mammoth (with
 * jszip) and pdf.js cost ~200 ms to load, which a question over plain-text reports should not pay.
 * Every refusal is a ReportRejectedError whose reason a user can read.
 */
export async function extractText(bytes: Uint8Array, fileName: string): Promise<ExtractedText> {
  const extracted = await extractByFormat(bytes, fileName);
  // Checked before parsing: the parser and the index work over the whole text.
  if (extracted.text.length > LIMITS.textChars) {
    throw new ReportRejectedError(
      `文件中的文字太多（约 ${Math.round(extracted.text.length / 10_000)} 万字），报告不能超过 ${LIMITS.textChars / 10_000} 万字`,
      `${extracted.text.length} chars > ${LIMITS.textChars}`,
    );
  }
  return extracted;
}

async function extractByFormat(bytes: Uint8Array, fileName: string): Promise<ExtractedText> {
  assertReportSize(bytes.byteLength);
  const extension = extname(fileName).toLowerCase();
  if (bytes.byteLength === 0) throw new ReportRejectedError("文件是空的，没有任何文字", "empty file");
  switch (extension) {
    case ".txt":
    case ".md":
      return { text: extractPlainText(bytes).text, format: extension === ".md" ? "md" : "txt" };
    case ".html":
    case ".htm":
      return { text: (await import("./formats/html.js")).extractHtml(bytes).text, format: "html" };
    case ".docx":
      return { text: await (await import("./formats/docx.js")).extractDocx(bytes), format: "docx" };
    case ".pdf":
      return { text: await (await import("./formats/pdf.js")).extractPdf(bytes), format: "pdf" };
    case ".doc":
      throw new ReportRejectedError("不支持旧版 Word 格式（.doc），请另存为 .docx 后再添加", "legacy .doc");
    default:
      throw new ReportRejectedError(
        `不支持的文件格式${extension ? `（${extension}）` : "（没有扩展名）"}；支持 ${SUPPORTED_EXTENSIONS.join(" ")}`,
        `unsupported file type ${extension || "(none)"}`,
      );
  }
}
