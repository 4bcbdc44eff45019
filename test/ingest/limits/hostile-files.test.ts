import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { ReportRejectedError } from "../../../src/core/parse/errors.js";
import { extractText } from "../../../src/ingest/extract-text.js";
import { measureHtml } from "../../../src/ingest/limits/html-shape.js";
import { LIMITS } from "../../../src/ingest/limits/limits.js";
import { parseReportBytes } from "../../../src/ingest/read-report.js";
import { docxBytes, htmlPage, reportText, sampleReport } from "../../support/fixtures.js";
import { deeplyNestedPage, manyEntriesDocx, zipBombDocx } from "../../support/hostile-files.js";

async function refusal(work: Promise<unknown>): Promise<ReportRejectedError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof ReportRejectedError) return error;
    throw error;
  }
  throw new Error("the file was accepted");
}

/** Heap plus buffers: what an inflated bomb would have to live in. */
function memoryInUse(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

const MiB = 1024 * 1024;

describe("a .docx zip bomb", () => {
  let honestBomb: Buffer;
  let lyingBomb: Buffer;
  beforeAll(async () => {
    honestBomb = await zipBombDocx({ inflatedMiB: 400 });
    lyingBomb = await zipBombDocx({ inflatedMiB: 64, lie: true });
  }, 60_000);

  it("is refused from the zip directory, without inflating it", async () => {
    expect(honestBomb.length).toBeLessThan(MiB); // ~400 KB on disk for 400 MiB inflated
    const before = memoryInUse();
    const error = await refusal(extractText(honestBomb, "bomb.docx"));
    expect(error.reason).toMatch(/解压后共 400\.0 MB|解压后有 400\.0 MB/);
    expect(error.reason).toContain("压缩炸弹");
    expect(memoryInUse() - before).toBeLessThan(32 * MiB);
  });

  it("is refused when its directory lies about the size, inflating no more than it declared", async () => {
    const before = memoryInUse();
    const error = await refusal(extractText(lyingBomb, "lying.docx"));
    expect(error.reason).toContain("比声明的更大");
    expect(memoryInUse() - before).toBeLessThan(32 * MiB);
  });

  it("is refused for its number of entries", async () => {
    const error = await refusal(extractText(manyEntriesDocx(LIMITS.docxEntries + 1), "many.docx"));
    expect(error.reason).toContain(`压缩包内有 ${LIMITS.docxEntries + 3} 个文件`);
  });

  it("leaves a real Word report readable", async () => {
    const { text } = await extractText(await docxBytes(sampleReport()), "report.docx");
    expect(text).toContain("全年招录新教师215名");
  });
});

describe("HTML nested absurdly deep", () => {
  it("refuses a page of 200,000 nested <div>s before building a tree of it", async () => {
    const page = deeplyNestedPage(200_000);
    const error = await refusal(extractText(page, "deep.html"));
    expect(error.reason).toContain("嵌套了 200002 层");
  });

  it("measures depth the way a browser nests (void and optional-end tags do not deepen)", () => {
    expect(measureHtml("<div><p>a<p>b<br><img src=x><ul><li>c<li>d</ul></div>")).toEqual({
      elements: 8,
      depth: 2,
      textChars: 4,
    });
    expect(measureHtml("<div><script>if (a<b) { '<div><div>' }</script></div>").depth).toBe(1);
  });

  it("still reads a real report page wrapped in hundreds of layout <div>s", async () => {
    const depth = LIMITS.htmlDepth - 50;
    const page = htmlPage(sampleReport())
      .toString()
      .replace("<body>", `<body>${"<div>".repeat(depth)}`)
      .replace("</body>", `${"</div>".repeat(depth)}</body>`);
    const { report } = await parseReportBytes(Buffer.from(page), "wrapped.html");
    expect(report.title).toBe(sampleReport().title);
    expect(report.sections.length).toBe(sampleReport().sections.length);
  });
});

describe("text too long to be a report", () => {
  it("refuses a report whose one item is an endless line, naming the item", async () => {
    const report = sampleReport();
    const endless = "全区推进教育改革发展".repeat(LIMITS.itemChars / 10 + 100);
    const text = reportText(report).replace("举办专题报告会8场", `举办专题报告会8场${endless}`);
    const error = await refusal(parseReportBytes(Buffer.from(text), "endless.txt"));
    expect(error.reason).toMatch(/^第1部分第1条长达 \d+ 字/);
  });

  it("refuses a text longer than any report before parsing it", async () => {
    const text = `${reportText(sampleReport())}${"教育".repeat(LIMITS.textChars / 2 + 1)}\n`;
    const error = await refusal(extractText(Buffer.from(text), "huge.txt"));
    expect(error.reason).toContain("文件中的文字太多");
  });
});

describe("HTML with more text than a report", () => {
  it("is refused from a scan of the page, before a tree is built", async () => {
    const paragraph = `<p>${"教育工作总结报告内容".repeat(30)}</p>\n`;
    const page = Buffer.from(
      `<html><body><div>${paragraph.repeat(Math.ceil((LIMITS.textChars + 1) / 300))}</div></body></html>`,
    );
    const before = memoryInUse();
    const error = await refusal(extractText(page, "huge.html"));
    expect(error.reason).toContain("文件中的文字太多");
    expect(error.detail).toMatch(/^HTML text/);
    // A DOM of this page would take hundreds of MB.
    expect(memoryInUse() - before).toBeLessThan(64 * MiB);
  });
});

describe("PDF", () => {
  it("refuses a PDF with more pages than a report has, before reading them", async () => {
    const pdf = await PDFDocument.create();
    for (let page = 0; page <= LIMITS.pdfPages; page++) pdf.addPage([200, 200]);
    const error = await refusal(extractText(await pdf.save(), "long.pdf"));
    expect(error.reason).toContain(`PDF 有 ${LIMITS.pdfPages + 1} 页`);
  });
});
