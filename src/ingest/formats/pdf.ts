import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { ReportRejectedError } from "../../core/parse/errors.js";
import { LIMITS } from "../limits/limits.js";
import { plausibleTextShare } from "./decode-text.js";
import { type PlacedText, rebuildParagraphs } from "./pdf-lines.js";
import { joinLines, visibleLength } from "./text-lines.js";

/** Fewer visible characters than this in the whole file: there is no text layer, only pictures of pages. */
const MIN_TEXT_CHARS = 20;

/**
 * pdf.js ships the predefined CJK CMaps (UniGB-UCS2-H and friends, used by Chinese PDFs with non-embedded
 * fonts) and the standard fonts as files; in Node it reads them from disk, so nothing is downloaded.
 */
const pdfjsRoot = dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));

/**
 * `.pdf` with a text layer, through pdf.js's legacy build (the one meant for Node; it runs its "worker" in
 * process). Text runs are placed back into lines by position and lines into paragraphs.
 */
export async function extractPdf(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const task = pdfjs.getDocument({
    // pdf.js transfers (detaches) the buffer it is given: hand it a copy.
    data: new Uint8Array(bytes),
    cMapUrl: `${join(pdfjsRoot, "cmaps")}/`,
    cMapPacked: true,
    standardFontDataUrl: `${join(pdfjsRoot, "standard_fonts")}/`,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  try {
    let document: Awaited<typeof task.promise>;
    try {
      document = await task.promise;
    } catch (error) {
      throw unreadable(error);
    }
    if (document.numPages > LIMITS.pdfPages) {
      throw new ReportRejectedError(
        `PDF 有 ${document.numPages} 页，报告文件不能超过 ${LIMITS.pdfPages} 页`,
        `${document.numPages} pages > ${LIMITS.pdfPages}`,
      );
    }
    const pages: PlacedText[][] = [];
    for (let pageNumber = 1; pageNumber <= document.numPages; pageNumber++) {
      const page = await document.getPage(pageNumber);
      const content = await page.getTextContent();
      pages.push(
        content.items.flatMap((item) =>
          "str" in item
            ? [
                {
                  str: item.str,
                  x: item.transform[4] as number,
                  y: item.transform[5] as number,
                  width: item.width,
                  fontSize:
                    Math.hypot(item.transform[2] as number, item.transform[3] as number) || item.height || 1,
                },
              ]
            : [],
        ),
      );
      page.cleanup();
    }
    const text = joinLines(rebuildParagraphs(pages));
    if (visibleLength(text) < MIN_TEXT_CHARS) {
      throw new ReportRejectedError(
        "PDF 没有文字层（可能是扫描件或图片），无法提取文字；请提供带文字的 PDF、Word 或文本文件",
        `no text layer in ${document.numPages} page(s)`,
      );
    }
    if (plausibleTextShare(text) < 0.85) {
      throw new ReportRejectedError(
        "PDF 中的文字无法识别（字体缺少编码信息，提取出的是乱码）",
        "garbled PDF text",
      );
    }
    return text;
  } finally {
    await task.destroy();
  }
}

function unreadable(error: unknown): ReportRejectedError {
  const name = error instanceof Error ? error.name : "";
  if (name === "PasswordException") {
    return new ReportRejectedError("PDF 有密码保护，无法读取", "password-protected PDF");
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ReportRejectedError("无法读取 PDF 文件（文件损坏或不是 PDF）", message);
}
