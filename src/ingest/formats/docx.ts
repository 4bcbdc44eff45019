import * as cheerio from "cheerio";
import mammoth from "mammoth";
import { ReportRejectedError } from "../../parse/errors.js";
import type { DomNode } from "./dom.js";
import { htmlToLines } from "./html-to-lines.js";
import { joinLines, visibleLength } from "./text-lines.js";

/**
 * `.docx` through mammoth's HTML rather than its raw text: raw text puts every table cell on a paragraph
 * of its own, while the HTML keeps rows together, so a table reads as one line per row like in HTML pages.
 */
export async function extractDocx(bytes: Uint8Array): Promise<string> {
  let html: string;
  try {
    ({ value: html } = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes) },
      // Images are not report text; skip encoding them as data URIs (slow and large for scanned pages).
      { convertImage: mammoth.images.imgElement(async () => ({ src: "" })) },
    ));
  } catch (error) {
    throw new ReportRejectedError("无法读取 Word 文档（文件损坏或不是 .docx 格式）", describe(error));
  }
  const $ = cheerio.load(html);
  const text = joinLines(htmlToLines($.root()[0] as unknown as DomNode));
  if (visibleLength(text) === 0) throw new ReportRejectedError("Word 文档中没有文字", "empty .docx");
  return text;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0]! : String(error);
}
