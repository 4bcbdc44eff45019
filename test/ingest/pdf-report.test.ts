/** PDFs as bureaus print them: running headers and footers on every page, items running over page breaks. */
import { describe, expect, it } from "vitest";
import { itemFullText } from "../../src/core/domain/report.js";
import { parseReportBytes } from "../../src/ingest/read-report.js";
import { cjkPdfBytes, type FixtureReport, sampleReport } from "../support/fixtures.js";

/** Long enough for several pages, every item a few lines long so that some of them break over a page. */
function longReport(): FixtureReport {
  return sampleReport({
    district: "榆陵县",
    year: 2023,
    publisher: "榆陵县教育局",
    sections: Array.from({ length: 6 }, (_, section) => ({
      title: `推进第${section + 1}方面重点工作`,
      items: Array.from({ length: 6 }, (_, item) => ({
        title: `完成第${section * 6 + item + 1}项任务`,
        text: `建成城乡同步课堂${section * 40 + item + 12}间，覆盖乡村学校${item + 7}所，组织名师送教下乡${(item + 2) * 11}场次，受益学生${(section + 1) * 1000 + item * 37}人，家长满意度达到百分之${90 + item}以上。`,
      })),
    })),
    table: undefined,
  });
}

describe("a PDF report with running headers and footers", () => {
  it("reads every item whole, with neither the header nor the footer inside any item", async () => {
    const report = longReport();
    const bytes = cjkPdfBytes(report, {
      header: "榆陵县教育局文件",
      footer: (page, pages) => `第 ${page} 页 共 ${pages} 页`,
    });
    expect(bytes.toString("latin1").match(/\/Type \/Page\b/g)!.length).toBeGreaterThan(2);
    const { report: parsed } = await parseReportBytes(bytes, "yuling.pdf");
    expect(parsed).toMatchObject({ district: "榆陵县", year: 2023, title: report.title });
    const got = parsed.sections.map((section) => section.items.map(itemFullText));
    const want = report.sections.map((section) => section.items.map((item) => `${item.title}。${item.text}`));
    expect(got).toEqual(want);
    expect(JSON.stringify(parsed.sections)).not.toMatch(/榆陵县教育局文件|共 ?\d+ ?页/);
  });
});
