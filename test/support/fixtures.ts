/**
 * Report fixtures built inside the tests, in every format the ingestion accepts, so that no binary file is
 * committed and every expectation (title, district, year, counts) comes from the fixture's own structure.
 */
import { randomBytes } from "node:crypto";
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import iconv from "iconv-lite";
import { PDFDocument, rgb } from "pdf-lib";

export interface FixtureItem {
  title: string;
  text: string;
}

export interface FixtureSection {
  title: string;
  items: FixtureItem[];
}

export interface FixtureReport {
  title: string;
  /** Full county-level name, as the parser reports it. */
  district: string;
  year: number;
  publisher: string;
  /** As printed, e.g. 2024年1月15日. */
  date: string;
  preamble: string;
  sections: FixtureSection[];
  /** A data table printed after the first item of the first section (rows of cells). */
  table?: string[][];
}

export interface ExpectedReport {
  title: string;
  district: string;
  year: number;
  sections: number;
  items: number;
}

/** A small but realistic 年度教育工作总结: numbered items running through the report, figures in the text. */
export function sampleReport(overrides: Partial<FixtureReport> = {}): FixtureReport {
  const district = overrides.district ?? "松江区";
  const year = overrides.year ?? 2023;
  const short = district.replace(/区$|县$/, "");
  return {
    title: `${year}年${district}教育工作总结`,
    district,
    year,
    publisher: `上海市${district}教育局`,
    date: `${year + 1}年1月15日`,
    preamble: `${year}年，${short}教育坚持立德树人根本任务，统筹推进教育改革发展各项工作，圆满完成了年度目标任务。`,
    sections: [
      {
        title: "加强党对教育工作的全面领导",
        items: [
          {
            title: "筑牢思想根基",
            text: "举办专题报告会8场，覆盖全区教育系统党员干部2300余人次，打造精品微党课12堂，推动学习教育进校园。",
          },
          {
            title: "压实党建责任",
            text: "制定党建工作责任清单，开展基层党组织书记述职评议，实现中小学党组织书记述职评议全覆盖。",
          },
        ],
      },
      {
        title: "加强教师队伍建设",
        items: [
          {
            title: "扩充教师队伍",
            text: "全年招录新教师215名，其中研究生学历占比百分之三十八，新增市级骨干教师46名，区级学科带头人30名。",
          },
          {
            title: "深化教师培训",
            text: "完成教师全员培训4800人次，组织新教师规范化培训，开展见习教师基地校建设，培训合格率百分之百。",
          },
          {
            title: "完善激励机制",
            text: "落实中小学教师工资待遇保障机制，表彰优秀教师和优秀教育工作者150名，营造尊师重教良好氛围。",
          },
        ],
      },
      {
        title: "推进教育优质均衡发展",
        items: [
          {
            title: "扩大优质资源",
            text: "新建和改扩建中小学幼儿园9所，新增学位5400个，新组建紧密型教育集团3个，覆盖学校21所。",
          },
        ],
      },
    ],
    table: [
      ["指标", `${year - 1}年`, `${year}年`],
      ["新教师招录（名）", "198", "215"],
      ["骨干教师（名）", "39", "46"],
    ],
    ...overrides,
  };
}

export function expectedOf(report: FixtureReport): ExpectedReport {
  return {
    title: report.title,
    district: report.district,
    year: report.year,
    sections: report.sections.length,
    items: report.sections.reduce((sum, section) => sum + section.items.length, 0),
  };
}

const SECTION_NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

export interface RenderedParagraph {
  text: string;
  role: "title" | "meta" | "body" | "section" | "item";
}

/** The report as a reader sees it: title, publisher, date, preamble, `一、` sections, `1.` items. */
export function reportParagraphs(report: FixtureReport): RenderedParagraph[] {
  const paragraphs: RenderedParagraph[] = [
    { text: report.title, role: "title" },
    { text: report.publisher, role: "meta" },
    { text: report.date, role: "meta" },
    { text: report.preamble, role: "body" },
  ];
  let itemNo = 0;
  report.sections.forEach((section, index) => {
    paragraphs.push({ text: `${SECTION_NUMERALS[index]}、${section.title}`, role: "section" });
    for (const item of section.items) {
      itemNo++;
      paragraphs.push({ text: `${itemNo}.${item.title}。${item.text}`, role: "item" });
    }
  });
  return paragraphs;
}

export function reportText(report: FixtureReport): string {
  return `${reportParagraphs(report)
    .map((paragraph) => paragraph.text)
    .join("\n\n")}\n`;
}

/** GBK bytes, as many government sites still serve their .txt files; CRLF line ends as Windows writes them. */
export function gbkTextBytes(report: FixtureReport): Buffer {
  return iconv.encode(reportText(report).replace(/\n/g, "\r\n"), "gbk");
}

export function utf8TextBytes(report: FixtureReport, { bom = false } = {}): Buffer {
  return Buffer.concat([
    bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0),
    Buffer.from(reportText(report)),
  ]);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Everything a county government site wraps around an article. */
export const PAGE_CHROME = {
  nav: ["首页", "政务公开", "教育动态", "通知公告", "办事服务", "互动交流"],
  breadcrumb: "您当前所在的位置：首页 >> 政务公开 >> 工作总结",
  footer: "主办单位：区教育局　沪ICP备12345678号　技术支持：某某网络科技有限公司",
  scriptMarker: "trackPageView",
  sidebar: ["相关链接", "区政府网站", "市教委网站", "教育部网站"],
} as const;

/**
 * An article page as government CMSs publish it: meta charset, a script and a style in the head, navigation,
 * a breadcrumb, a sidebar of links, the article (title heading, date line, paragraphs with NBSP indentation,
 * a data table inside the first item), a footer, and an inline script at the end of the body.
 */
export function htmlPage(
  report: FixtureReport,
  { charset = "utf-8" }: { charset?: "utf-8" | "gbk" } = {},
): Buffer {
  const paragraphs = reportParagraphs(report).filter((paragraph) => paragraph.role !== "title");
  const body: string[] = [];
  let tablePlaced = false;
  for (const paragraph of paragraphs) {
    body.push(`<p style="text-indent:2em">&nbsp;&nbsp;${escapeHtml(paragraph.text)}</p>`);
    if (!tablePlaced && paragraph.role === "item" && report.table) {
      tablePlaced = true;
      const rows = report.table
        .map(
          (row) =>
            `<tr>${row.map((cell) => `<td><p align="center"><span>${escapeHtml(cell)}</span></p></td>`).join("")}</tr>`,
        )
        .join("\n");
      body.push(`<table border="1" cellspacing="0"><tbody>\n${rows}\n</tbody></table>`);
    }
  }
  const html = `<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=${charset === "gbk" ? "gb2312" : "utf-8"}">
<title>${escapeHtml(report.title)} - ${escapeHtml(report.publisher)}</title>
<style>.main { width: 1000px } p { line-height: 2 }</style>
<script>var _hmt = _hmt || []; function ${PAGE_CHROME.scriptMarker}() { return "统计代码"; }</script>
</head>
<body>
<div class="top-header"><img src="logo.png" alt="logo"><div class="nav"><ul>
${PAGE_CHROME.nav.map((entry) => `<li><a href="#">${entry}</a></li>`).join("\n")}
</ul></div></div>
<div class="main">
  <div class="position">${escapeHtml(PAGE_CHROME.breadcrumb)}</div>
  <div class="left-side"><h3>${PAGE_CHROME.sidebar[0]}</h3><ul>
${PAGE_CHROME.sidebar
  .slice(1)
  .map((entry) => `<li><a href="#">${entry}</a></li>`)
  .join("\n")}
  </ul></div>
  <div class="article">
    <h1 class="article-title">${escapeHtml(report.title)}</h1>
    <div class="article-info">发布时间：${report.year + 1}-01-15　来源：${escapeHtml(report.publisher)}</div>
    <div class="fontsize">【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>
    <div id="zoom" class="article-content">
${body.join("\n")}
    </div>
    <div class="article-tools"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
  </div>
</div>
<div class="footer"><p>${escapeHtml(PAGE_CHROME.footer)}</p></div>
<script type="text/javascript">document.write("<span>访问量：12345</span>");</script>
</body>
</html>
`;
  return charset === "gbk" ? iconv.encode(html, "gbk") : Buffer.from(html, "utf8");
}

/** A channel (listing) page: navigation, a breadcrumb, a list of links and a footer, but no article. */
export function htmlWithoutArticle(): Buffer {
  return Buffer.from(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>工作总结 - 区教育局</title>
<script>var x = "一段很长的脚本文字，不是正文，不应该被当作正文读取，一段很长的脚本文字，不是正文。";</script></head>
<body><div class="nav">${PAGE_CHROME.nav.map((entry) => `<a href="#">${entry}</a>`).join(" ")}</div>
<div class="position">${PAGE_CHROME.breadcrumb}</div>
<ul class="list">${Array.from({ length: 12 }, (_, index) => `<li><a href="#">2023年第${index + 1}期教育工作简报</a><span>2023-0${(index % 9) + 1}-01</span></li>`).join("")}</ul>
<div class="footer">${PAGE_CHROME.footer}</div></body></html>`);
}

/** A Word document with the report's paragraphs (title as a bold centred line) and the data table. */
export async function docxBytes(report: FixtureReport): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [];
  let tablePlaced = false;
  for (const paragraph of reportParagraphs(report)) {
    children.push(
      new Paragraph({
        children: [
          new TextRun({ text: paragraph.text, bold: paragraph.role !== "body" && paragraph.role !== "item" }),
        ],
      }),
    );
    if (!tablePlaced && paragraph.role === "item" && report.table) {
      tablePlaced = true;
      children.push(
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: report.table.map(
            (row) =>
              new TableRow({
                children: row.map((cell) => new TableCell({ children: [new Paragraph(cell)] })),
              }),
          ),
        }),
      );
    }
  }
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

/**
 * A PDF with a real CJK text layer, written by hand because pdf-lib cannot encode CJK without embedding a
 * font file and this machine has no CJK font. The font is a Type0 font with Identity-H encoding whose CIDs
 * are the Unicode code points, a ToUnicode CMap that says so (what text extraction reads), and no glyph
 * program (viewers substitute a font; extraction does not need one). Layout imitates Chinese official
 * documents: A4, 12 pt, paragraphs indented two characters and wrapped at the margin, a centred 16 pt
 * title, page numbers at the foot, several pages.
 */
export function cjkPdfBytes(report: FixtureReport, furniture: PageFurniture = {}): Buffer {
  return handWrittenPdf(reportParagraphs(report), furniture);
}

const PAGE_WIDTH = 595;
const PAGE_HEIGHT = 842;
const MARGIN = 72;

interface PlacedLine {
  text: string;
  x: number;
  y: number;
  size: number;
}

function glyphWidth(char: string): number {
  return char.codePointAt(0)! < 0x80 ? 0.5 : 1;
}

function textWidth(text: string, size: number): number {
  return [...text].reduce((sum, char) => sum + glyphWidth(char) * size, 0);
}

function wrap(text: string, size: number, firstIndent: number): string[] {
  const lines: string[] = [];
  let current = "";
  let available = PAGE_WIDTH - 2 * MARGIN - firstIndent;
  for (const char of text) {
    if (textWidth(current + char, size) > available) {
      lines.push(current);
      current = "";
      available = PAGE_WIDTH - 2 * MARGIN;
    }
    current += char;
  }
  if (current) lines.push(current);
  return lines;
}

/** What official PDFs print on every page besides the text: a running header, a footer with page numbers. */
export interface PageFurniture {
  /** A line at the top of every page (榆陵县教育局文件, the report's title). */
  header?: string;
  /** The footer of page `page` of `pages` (1-based); default `- N -`. */
  footer?: (page: number, pages: number) => string;
}

function layOut(paragraphs: RenderedParagraph[], furniture: PageFurniture = {}): PlacedLine[][] {
  const pages: PlacedLine[][] = [[]];
  let y = PAGE_HEIGHT - MARGIN;
  for (const paragraph of paragraphs) {
    const size = paragraph.role === "title" ? 16 : 12;
    const leading = size * 1.8;
    const centred = paragraph.role === "title";
    const indent = centred ? 0 : 2 * size;
    for (const [index, line] of wrap(paragraph.text, size, indent).entries()) {
      if (y < MARGIN + leading) {
        pages.push([]);
        y = PAGE_HEIGHT - MARGIN;
      }
      const x = centred ? (PAGE_WIDTH - textWidth(line, size)) / 2 : MARGIN + (index === 0 ? indent : 0);
      pages.at(-1)!.push({ text: line, x, y, size });
      y -= leading;
    }
  }
  pages.forEach((page, index) => {
    const number = furniture.footer?.(index + 1, pages.length) ?? `- ${index + 1} -`;
    page.push({ text: number, x: (PAGE_WIDTH - textWidth(number, 10)) / 2, y: MARGIN / 2, size: 10 });
    if (furniture.header) {
      const header = furniture.header;
      page.unshift({
        text: header,
        x: (PAGE_WIDTH - textWidth(header, 10)) / 2,
        y: PAGE_HEIGHT - MARGIN / 2,
        size: 10,
      });
    }
  });
  return pages;
}

function utf16Hex(text: string): string {
  return [...text].map((char) => char.codePointAt(0)!.toString(16).padStart(4, "0").toUpperCase()).join("");
}

function toUnicodeCMap(chars: Set<string>): string {
  const entries = [...chars].map((char) => `<${utf16Hex(char)}> <${utf16Hex(char)}>`);
  const blocks: string[] = [];
  for (let start = 0; start < entries.length; start += 100) {
    const chunk = entries.slice(start, start + 100);
    blocks.push(`${chunk.length} beginbfchar\n${chunk.join("\n")}\nendbfchar`);
  }
  return `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
${blocks.join("\n")}
endcmap
CMapName currentdict /CMap defineresource pop
end
end`;
}

/** Serialises numbered objects with a correct cross-reference table (byte offsets), so no repair is needed. */
function serialisePdf(objects: string[]): Buffer {
  const parts: Buffer[] = [Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(offset);
    const chunk = Buffer.from(`${index + 1} 0 obj\n${body}\nendobj\n`, "latin1");
    parts.push(chunk);
    offset += chunk.length;
  });
  const xref = [
    "xref",
    `0 ${objects.length + 1}`,
    "0000000000 65535 f ",
    ...offsets.map((value) => `${String(value).padStart(10, "0")} 00000 n `),
    "trailer",
    `<< /Size ${objects.length + 1} /Root 1 0 R >>`,
    "startxref",
    String(offset),
    "%%EOF\n",
  ].join("\n");
  parts.push(Buffer.from(xref, "latin1"));
  return Buffer.concat(parts);
}

function stream(content: string): string {
  return `<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`;
}

export function handWrittenPdf(paragraphs: RenderedParagraph[], furniture: PageFurniture = {}): Buffer {
  const pages = layOut(paragraphs, furniture);
  const chars = new Set(pages.flat().flatMap((line) => [...line.text]));
  // Objects: 1 catalog, 2 pages, 3 Type0 font, 4 CIDFont, 5 descriptor, 6 ToUnicode, then page + content pairs.
  const firstPage = 7;
  const pageIds = pages.map((_, index) => firstPage + 2 * index);
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pages.length} >>`,
    "<< /Type /Font /Subtype /Type0 /BaseFont /FixtureSong /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 6 0 R >>",
    "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /FixtureSong /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 5 0 R /DW 1000 /W [32 126 500] /CIDToGIDMap /Identity >>",
    "<< /Type /FontDescriptor /FontName /FixtureSong /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    stream(toUnicodeCMap(chars)),
  ];
  for (const [index, page] of pages.entries()) {
    const content = page
      .map(
        (line) =>
          `BT /F1 ${line.size} Tf 1 0 0 1 ${line.x.toFixed(2)} ${line.y.toFixed(2)} Tm <${utf16Hex(line.text)}> Tj ET`,
      )
      .join("\n");
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageIds[index]! + 1} 0 R >>`,
      stream(content),
    );
  }
  return serialisePdf(objects);
}

/** A "scanned" PDF: pages that only carry drawn shapes (a stand-in for page images), no text at all. */
export async function pdfWithoutText(pages = 2): Promise<Buffer> {
  const document = await PDFDocument.create();
  for (let index = 0; index < pages; index++) {
    const page = document.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    page.drawRectangle({ x: 60, y: 60, width: 475, height: 722, color: rgb(0.93, 0.93, 0.9) });
    for (let line = 0; line < 30; line++) {
      page.drawRectangle({ x: 80, y: 740 - line * 22, width: 420, height: 8, color: rgb(0.2, 0.2, 0.2) });
    }
  }
  return Buffer.from(await document.save());
}

/** Bytes that are no text in any encoding (random, with NULs), as a renamed binary would be. */
export function binaryJunk(size = 4096): Buffer {
  return randomBytes(size);
}
