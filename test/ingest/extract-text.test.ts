import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { ReportRejectedError } from "../../src/core/parse/errors.js";
import { parseReport } from "../../src/core/parse/parse-report.js";
import { extractText, MAX_REPORT_BYTES } from "../../src/ingest/extract-text.js";
import {
  binaryJunk,
  cjkPdfBytes,
  docxBytes,
  expectedOf,
  gbkTextBytes,
  htmlPage,
  htmlWithoutArticle,
  PAGE_CHROME,
  pdfWithoutText,
  reportText,
  sampleReport,
  utf8TextBytes,
} from "../support/fixtures.js";

const report = sampleReport();
const expected = expectedOf(report);

/** What a user sees after adding the file: the report's identity and how many sections and items it has. */
function parsedShape(text: string, source: string) {
  const parsed = parseReport(text, { source });
  return {
    title: parsed.title,
    district: parsed.district,
    year: parsed.year,
    sections: parsed.sections.length,
    items: parsed.sections.reduce((sum, section) => sum + section.items.length, 0),
  };
}

async function rejectionOf(bytes: Uint8Array, name: string): Promise<ReportRejectedError> {
  try {
    await extractText(bytes, name);
  } catch (error) {
    if (error instanceof ReportRejectedError) return error;
    throw error;
  }
  throw new Error(`${name} was not rejected`);
}

const HAS_SPACE_BETWEEN_CHINESE = /[\u4e00-\u9fff，。] +[\u4e00-\u9fff，。]/u;

describe("plain text", () => {
  it("detects GBK, converts it, and the report parses", async () => {
    const { text, format } = await extractText(gbkTextBytes(report), "松江.txt");
    expect(format).toBe("txt");
    expect(text).toContain("全年招录新教师215名");
    expect(text).not.toContain("\r");
    expect(parsedShape(text, "松江.txt")).toEqual(expected);
  });

  it("strips a UTF-8 byte order mark so the title line is clean", async () => {
    const { text } = await extractText(utf8TextBytes(report, { bom: true }), "a.md");
    expect(text.startsWith(report.title)).toBe(true);
    expect(parsedShape(text, "a.md").title).toBe(report.title);
  });

  it("passes UTF-8 text through unchanged", async () => {
    const { text } = await extractText(utf8TextBytes(report), "a.txt");
    expect(text).toBe(reportText(report));
  });
});

describe("HTML pages as government sites publish them", () => {
  for (const charset of ["utf-8", "gbk"] as const) {
    it(`keeps the article and its table, drops the page chrome (${charset})`, async () => {
      const { text, format } = await extractText(htmlPage(report, { charset }), "page.htm");
      expect(format).toBe("html");
      const lines = text.split("\n");
      expect(lines[0]).toBe(report.title);
      for (const entry of [...PAGE_CHROME.nav, ...PAGE_CHROME.sidebar]) expect(lines).not.toContain(entry);
      expect(text).not.toContain("您当前所在的位置");
      expect(text).not.toContain("沪ICP备");
      expect(text).not.toContain(PAGE_CHROME.scriptMarker);
      expect(text).not.toContain("访问量");
      expect(text).not.toMatch(/打印本页|关闭窗口|字体/);
      expect(lines).toContain("新教师招录（名） | 198 | 215");
      // Each paragraph is one line: an item's text is on its number's line.
      expect(lines.find((line) => line.startsWith("3.扩充教师队伍"))).toContain("区级学科带头人30名");
      expect(parsedShape(text, "page.htm")).toEqual(expected);
    });
  }

  it("finds the article in a page laid out with tables", async () => {
    const paragraphs = reportText(report)
      .split("\n\n")
      .map((line) => `<p>${line}</p>`)
      .join("");
    const html = `<html><head><meta charset="utf-8"></head><body><table width="1000"><tr>
      <td width="200"><table><tr><td><a href="#">首页</a></td></tr><tr><td><a href="#">政务公开</a></td></tr></table></td>
      <td>${paragraphs}</td></tr></table><table><tr><td>版权所有：区教育局</td></tr></table></body></html>`;
    const { text } = await extractText(Buffer.from(html), "layout.html");
    expect(text).not.toContain("首页");
    expect(text).not.toContain("版权所有");
    expect(parsedShape(text, "layout.html")).toEqual(expected);
  });

  it("finds the article when each paragraph is a row of its own (one cell a row, as old CMS pages print it)", async () => {
    const rows = reportText(report)
      .split("\n\n")
      .map((line) => `<tr><td class="zw"><font size="3">&nbsp;&nbsp;${line}</font></td></tr>`)
      .join("\n");
    // A data table in a row of its own makes the rows' table a layout table, as on such pages.
    const data = `<tr><td><table border="1"><tr><td>学段</td><td>学校数（所）</td></tr><tr><td>小学</td><td>42</td></tr></table></td></tr>`;
    const html = `<html><head><meta charset="utf-8"></head><body><table width="1000"><tr>
      <td width="200"><table><tr><td><a href="#">首页</a></td></tr><tr><td><a href="#">政务公开</a></td></tr></table></td>
      <td><table>${rows}${data}</table></td></tr></table></body></html>`;
    const { text } = await extractText(Buffer.from(html), "rows.html");
    expect(text).not.toContain("首页");
    expect(parsedShape(text, "rows.html")).toEqual(expected);
  });

  it("numbers sections a page numbers with CSS counters, and reads bold lead phrases as their items", async () => {
    const html = `<html><head><meta charset="utf-8"></head><body><div class="article">
      <h1>岑溪区教育局2023年工作总结</h1>
      <p>2023年，岑溪区教育局坚持立德树人，各项工作取得新进展，现将全年工作总结如下。</p>
      <div class="title2">办学条件持续改善，优质资源加速扩容</div>
      <p>全年全区教育经费总投入22.08亿元，比上年增长5.9%。</p>
      <p><span style="font-weight:bold">学校建设全面提速。</span>新校区交付使用，新增学位3000个。</p>
      <p><span style="font-weight:bold">农村学校提质改造。</span>完成12所农村学校运动场改造。</p>
      <p style="font-weight:bold">育人体系更加健全，教育质量稳步提升</p>
      <p><span style="font-weight:bold">教学质量再创新高。</span>高考本科上线率83.2%。</p>
      </div></body></html>`;
    const { text } = await extractText(Buffer.from(html), "counters.html");
    const report = parseReport(text, { source: "counters.html", format: "txt" });
    expect(report.sections.map((section) => [section.title, section.items.map((item) => item.no)])).toEqual([
      ["办学条件持续改善，优质资源加速扩容", [null, "1", "2"]],
      ["育人体系更加健全，教育质量稳步提升", ["1"]],
    ]);
    expect(report.sections[0]!.items[1]!.title).toBe("学校建设全面提速");
  });

  it("reads the 文号, publisher and date from a 信息公开 table outside the article", async () => {
    const paragraphs = reportText(report)
      .split("\n\n")
      .map((line) => `<p>${line}</p>`)
      .join("");
    const html = `<html><head><meta charset="utf-8"></head><body>
      <table class="xxgk-meta"><tr><td>索引号：</td><td>X1/2031-01</td><td>发布机构：</td><td>示例区教育局</td></tr>
      <tr><td>文号：</td><td>示教〔2032〕3号</td><td>发布日期：</td><td>2032-02-03</td></tr></table>
      <div class="article">${paragraphs}</div></body></html>`;
    const { text } = await extractText(Buffer.from(html), "meta.html");
    expect(text).toContain("文号：示教〔2032〕3号");
    expect(text).toContain("发布机构：示例区教育局");
    // The lines stand before the body, where the parser reads a report's own facts.
    expect(text.indexOf("文号：")).toBeLessThan(text.indexOf("一、"));
    expect(parsedShape(text, "meta.html")).toEqual(expected);
  });

  it("refuses a page without an article", async () => {
    const error = await rejectionOf(htmlWithoutArticle(), "list.html");
    expect(error.reason).toContain("没有找到正文");
  });
});

describe("Word documents", () => {
  it("reads paragraphs as lines and tables as rows, and the report parses", async () => {
    const { text, format } = await extractText(await docxBytes(report), "报告.docx");
    expect(format).toBe("docx");
    const lines = text.split("\n");
    expect(lines[0]).toBe(report.title);
    expect(lines).toContain("指标 | 2022年 | 2023年");
    expect(parsedShape(text, "报告.docx")).toEqual(expected);
  });

  it("refuses a file that is not a Word document", async () => {
    const error = await rejectionOf(binaryJunk(), "broken.docx");
    expect(error.reason).toContain("无法读取 Word 文档");
  });
});

describe("PDF with a text layer", () => {
  it("rebuilds paragraphs across wrapped lines without spaces between Chinese characters", async () => {
    const { text, format } = await extractText(cjkPdfBytes(report), "报告.pdf");
    expect(format).toBe("pdf");
    const lines = text.split("\n");
    expect(lines[0]).toBe(report.title);
    expect(text).not.toMatch(HAS_SPACE_BETWEEN_CHINESE);
    // The fixture wraps this item over two lines; it comes back whole.
    expect(lines).toContain(
      `3.${report.sections[1]!.items[0]!.title}。${report.sections[1]!.items[0]!.text}`,
    );
    expect(text).not.toMatch(/^- \d+ -$/m);
    expect(parsedShape(text, "报告.pdf")).toEqual(expected);
  });

  it("reads a report that runs over several pages", async () => {
    const long = sampleReport({
      district: "金山区",
      year: 2022,
      sections: Array.from({ length: 6 }, (_, section) => ({
        title: `第${section + 1}方面重点工作`,
        items: Array.from({ length: 5 }, (_, item) => ({
          title: `推进第${section * 5 + item + 1}项工作`,
          text: `全年投入经费${(section + 1) * 100 + item}万元，完成建设任务${item + 3}项，惠及师生${(item + 1) * 1200}人次，工作成效明显，获得广泛好评。`,
        })),
      })),
    });
    const bytes = cjkPdfBytes(long);
    const { text } = await extractText(bytes, "long.pdf");
    expect(bytes.toString("latin1").match(/\/Type \/Page\b/g)!.length).toBeGreaterThan(2);
    expect(parsedShape(text, "long.pdf")).toEqual(expectedOf(long));
  });

  it("keeps spaces between Latin words", async () => {
    const document = await PDFDocument.create();
    const font = await document.embedFont(StandardFonts.Helvetica);
    const page = document.addPage([595, 842]);
    page.drawText("Annual Work Report of the District", { x: 72, y: 760, size: 12, font });
    page.drawText("Teachers recruited:", { x: 72, y: 730, size: 12, font });
    page.drawText("215", { x: 200, y: 730, size: 12, font });
    const { text } = await extractText(await document.save(), "latin.pdf");
    expect(text.split("\n")).toEqual(["Annual Work Report of the District", "Teachers recruited: 215"]);
  });

  it("refuses a scanned PDF (no text layer) and says so", async () => {
    const error = await rejectionOf(await pdfWithoutText(), "scan.pdf");
    expect(error.reason).toContain("没有文字层");
    expect(error.reason).toContain("扫描件");
  });

  it("refuses a file that is not a PDF", async () => {
    const error = await rejectionOf(binaryJunk(), "junk.pdf");
    expect(error.reason).toContain("无法读取 PDF");
  });
});

describe("files that are not reports", () => {
  it("refuses an empty file", async () => {
    expect((await rejectionOf(Buffer.alloc(0), "empty.txt")).reason).toContain("空");
    expect((await rejectionOf(Buffer.from(" \n\u3000\n"), "blank.txt")).reason).toContain("空");
  });

  it("refuses binary junk named .txt", async () => {
    expect((await rejectionOf(binaryJunk(), "junk.txt")).reason).toContain("不是文本");
  });

  it("refuses high-byte noise that happens to decode as GB18030", async () => {
    const noise = Buffer.from([...binaryJunk(4000)].map((byte) => 0x80 | byte));
    expect((await rejectionOf(noise, "noise.txt")).reason).toContain("无法识别");
  });

  it("names the real format of a binary file renamed to .txt", async () => {
    const error = await rejectionOf(await pdfWithoutText(1), "renamed.txt");
    expect(error.reason).toContain("PDF");
  });

  it("refuses unknown and legacy formats", async () => {
    expect((await rejectionOf(Buffer.from("a,b"), "table.xlsx")).reason).toContain(
      "不支持的文件格式（.xlsx）",
    );
    expect((await rejectionOf(Buffer.from("a"), "README")).reason).toContain("没有扩展名");
    expect((await rejectionOf(Buffer.from("a"), "old.doc")).reason).toContain(".docx");
  });

  it("refuses a file over the size limit with the limit in the message", async () => {
    const error = await rejectionOf(Buffer.alloc(MAX_REPORT_BYTES + 1, 0x41), "huge.txt");
    expect(error.reason).toContain("20 MB");
  });
});
