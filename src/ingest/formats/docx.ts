import * as cheerio from "cheerio";
import mammoth from "mammoth";
import { ReportRejectedError } from "../../core/parse/errors.js";
import { assertSafeDocx } from "../limits/zip-directory.js";
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
  // mammoth inflates the parts it reads with no limit: a zip bomb must be refused before it sees one.
  assertSafeDocx(bytes);
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
  listsAsHeadings($);
  numberListItems($);
  $("h1, h2, h3, h4, h5, h6").each((_, element) => {
    const level = Number(element.tagName.slice(1));
    // Headings are blocks, so the prefix starts the heading's own line.
    $(element).prepend(`${"#".repeat(level)} `);
  });
  spreadMergedCells($);
  const text = joinLines(htmlToLines($.root()[0] as unknown as DomNode));
  if (visibleLength(text) === 0) throw new ReportRejectedError("Word 文档中没有文字", "empty .docx");
  return text;
}

/** A list entry that reads as a heading: short, all bold, no sentence inside. */
function isHeadingEntry($: cheerio.CheerioAPI, entry: ReturnType<cheerio.CheerioAPI>): boolean {
  const text = entry.text().trim();
  const bold = entry
    .find("strong, b")
    .toArray()
    .map((element) => $(element).text())
    .join("")
    .trim();
  return text.length > 0 && text.length <= 40 && !/[。；;！？]/.test(text) && bold === text;
}

/**
 * Some reports number their sections with a Word list instead of a heading style (一、 by Word's numbering,
 * so not in the text): each section title is a one-entry list, all bold, between ordinary paragraphs. With no
 * heading style and no typed 一、 in the document, such entries are the section headings; and paragraphs that
 * open with a bold lead phrase (「校园安全持续巩固。」…) are its items, written as 【标题】 paragraphs.
 */
function listsAsHeadings($: cheerio.CheerioAPI): void {
  if ($("h1, h2, h3, h4, h5, h6").length > 0) return;
  if (
    $("p")
      .toArray()
      .some((element) => TYPED_SECTION.test($(element).text()))
  )
    return;
  const headings = $("ol").filter((_, list) => {
    const entries = $(list).children("li");
    return (
      $(list).parents("li, table").length === 0 && entries.length === 1 && isHeadingEntry($, entries.first())
    );
  });
  if (headings.length < 2) return;
  headings.each((_, list) => {
    $(list).replaceWith($("<h2></h2>").text($(list).text().trim()));
  });
  $("p").each((_, element) => {
    const paragraph = $(element);
    if (paragraph.parents("table, li").length > 0) return;
    const lead = paragraph.contents().first();
    if (!lead.is("strong, b")) return;
    const title = lead.text().trim();
    const rest = paragraph.text().trim().slice(lead.text().length).trim();
    if (!/^[^。；]{2,30}[。：:]$/.test(title) || !rest) return;
    lead.replaceWith($("<span></span>").text(`【${title.slice(0, -1)}】`));
  });
}

/** Markers for Word's automatic list numbering by depth: items, then sub-points. */
const LIST_MARKERS = [(n: number) => `${n}.`, (n: number) => `（${n}）`, (n: number) => circled(n)];

function circled(n: number): string {
  return n >= 1 && n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : `（${n}）`;
}

/** A paragraph that opens a section by its typed number (一、…, 第一部分…). */
const TYPED_SECTION =
  /^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|第[一二三四五六七八九十\d]{1,3}(?:部分|章|篇))/;

/**
 * Word's automatic list numbering is not in the text (mammoth gives `<ol><li>`), so the numbers are written
 * back: `1.` for a top-level list item, `（1）` one level down, `①` below that. mammoth starts a new list
 * after every paragraph that interrupts one, while Word goes on counting: numbers go on through a section
 * and start again at each heading (a heading style, or a typed 一、).
 */
function numberListItems($: cheerio.CheerioAPI): void {
  let counters: number[] = [];
  $("h1, h2, h3, h4, h5, h6, p, li").each((_, element) => {
    const node = $(element);
    if (element.tagName === "li") {
      if (node.parent().prop("tagName")?.toLowerCase() !== "ol") return;
      const depth = node.parents("ol").length - 1;
      counters = counters.slice(0, depth + 1);
      counters[depth] = (counters[depth] ?? 0) + 1;
      const marker = LIST_MARKERS[Math.min(depth, LIST_MARKERS.length - 1)]!(counters[depth]!);
      node.prepend(marker);
    } else if (
      node.parents("li, table").length === 0 &&
      (element.tagName !== "p" || TYPED_SECTION.test(node.text()))
    ) {
      counters = [];
    }
  });
}

/**
 * A cell merged down over several rows (rowspan) is repeated in each of them, so that every row has all
 * its cells and reads with its column headers (义务教育 | 初中 | 12, not 初中 | 12).
 */
function spreadMergedCells($: cheerio.CheerioAPI): void {
  $("table").each((_, table) => {
    const pending = new Map<number, { cell: ReturnType<typeof $>; rows: number }>();
    $(table)
      .find("tr")
      .each((_, row) => {
        const cells = $(row).children("td, th").toArray();
        const spread: ReturnType<typeof $>[] = [];
        let column = 0;
        const fill = () => {
          for (let carried = pending.get(column); carried; carried = pending.get(column)) {
            spread.push(carried.cell.clone());
            if (--carried.rows === 0) pending.delete(column);
            column++;
          }
        };
        for (const element of cells) {
          fill();
          const cell = $(element);
          const rows = Number(cell.attr("rowspan") ?? 1);
          if (rows > 1) pending.set(column, { cell: cell.clone().removeAttr("rowspan"), rows: rows - 1 });
          spread.push(cell.removeAttr("rowspan"));
          column += Math.max(1, Number(cell.attr("colspan") ?? 1));
        }
        fill();
        $(row)
          .empty()
          .append(...spread);
      });
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0]! : String(error);
}
