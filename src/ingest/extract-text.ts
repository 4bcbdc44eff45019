import { extname } from "node:path";
import { ReportRejectedError } from "../parse/errors.js";

export type ReportFormat = "txt" | "md";

export interface ExtractedText {
  text: string;
  format: ReportFormat;
}

export const SUPPORTED_EXTENSIONS = [".txt", ".md"] as const;

/** Turns a report file's bytes into plain text for the parser. */
export async function extractText(bytes: Buffer, fileName: string): Promise<ExtractedText> {
  const extension = extname(fileName).toLowerCase();
  if (extension === ".txt" || extension === ".md") {
    return { text: bytes.toString("utf8"), format: extension === ".md" ? "md" : "txt" };
  }
  throw new ReportRejectedError("不支持的文件格式", `unsupported file type ${extension || "(none)"}`);
}
