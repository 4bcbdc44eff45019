import * as cheerio from "cheerio";
import mammoth from "mammoth";
import { ReportRejectedError } from "../../parse/errors.js";
import type { DomNode } from "./dom.js";
import { htmlToLines } from "./html-to-lines.js";
import { joinLines, visibleLength } from "./text-lines.js";

/**
 * Word's heading styles as Chinese Word names them (标题 1 …); mammoth already maps Heading 1 … and heading 1 ….
 * The document title style stays an ordinary paragraph: the parser finds the title by its words.
 */
const HEADING_STYLES = [1, 2, 3, 4, 5, 6].flatMap((level) => [
  `p[style-name='标题 ${level}'] => h${level}:fresh`,
  `p[style-name='标题${level}'] => h${level}:fresh`,
]);

/**
 * `.docx` through mammoth's HTML rather than its raw text: raw text puts every table cell on a paragraph
 * of its own, while the HTML keeps rows together, so a table reads as one line per row (cells joined by
 * " | ", as the parser's table reader expects). Paragraphs in a heading style keep their level as a
 * Markdown-like `## ` prefix, which the parser reads for .docx text: a report numbered by Word's automatic
 * heading numbering has no 一、 in its text, only its heading styles.
 */
export async function extractDocx(bytes: Uint8Array): Promise<string> {
  let html: string;
  try {
    ({ value: html } = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes) },
      // Images are not report text; skip encoding them as data URIs (slow and large for scanned pages).
      {
        convertImage: mammoth.images.imgElement(async () => ({ src: "" })),
        styleMap: HEADING_STYLES,
      },
    ));
  } catch (error) {
    throw new ReportRejectedError("无法读取 Word 文档（文件损坏或不是 .docx 格式）", describe(error));
  }
  const $ = cheerio.load(html);
  $("h1, h2, h3, h4, h5, h6").each((_, element) => {
    const level = Number(element.tagName.slice(1));
    // Headings are blocks, so the prefix starts the heading's own line.
    $(element).prepend(`${"#".repeat(level)} `);
  });
  const text = joinLines(htmlToLines($.root()[0] as unknown as DomNode));
  if (visibleLength(text) === 0) throw new ReportRejectedError("Word 文档中没有文字", "empty .docx");
  return text;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0]! : String(error);
}
