/**
 * The parser against the generator's manifest: what a correct parser must find in each synthetic report.
 * Cases the generator once caught the parser out on are kept below with a minimal example each.
 */
import { describe, expect, it } from "vitest";
import { itemCount } from "../../../src/core/domain/report.js";
import { parseReport } from "../../../src/core/parse/parse-report.js";
import { generateReports } from "../../../tools/gen/generate.js";
import { REAL_CORPUS_DIR } from "../../../tools/gen/paths.js";
import { readSourceReports } from "../../../tools/gen/source-material.js";

const sources = readSourceReports(REAL_CORPUS_DIR);
const realDistricts = new Set(sources.map((source) => source.district));

interface KnownGap {
  name: string;
  /** Whether a generated report shows this gap, so the agreement check can leave that field out. */
  example: { text: string; source: string; expect: { district?: string; items?: number } };
}

const PAST_GAPS: KnownGap[] = [
  {
    name: "a title that names the prefecture before the district",
    // 安阳市殷都区 → 安阳县, 天津市河东区 → 津市市, 宜宾市南溪区 → 市南区 (a match across the 市|南溪区 boundary).
    example: {
      text: "安阳市殷都区教育局2010年工作总结\n\n一、加强党建\n1.筑牢思想根基。开展活动6场。\n2.强化督导。完成30所。\n",
      source: "prefecture.txt",
      expect: { district: "殷都区" },
    },
  },
  {
    name: "two-character county names that are also words (南县, 和县, 新县)",
    example: {
      text: "2016年南县教育工作总结\n\n一、加强党建\n1.强化德育先行。开展活动6场。\n2.强化督导。完成30所。\n",
      source: "nanxian.txt",
      expect: { district: "南县" },
    },
  },
  {
    name: "items numbered with full-width digits (１．)",
    example: {
      text: "2019年永修县教育工作总结\n\n一、加强党建\n１.提高群团服务能级。\n一是发挥工会阵地优势。争创岗位９个。\n二是做优共青团工作。发展团员２３３名。\n２.强化督导。完成３０所。\n",
      source: "fullwidth.txt",
      expect: { items: 2 },
    },
  },
  {
    name: "the footer [打印本页] [关闭窗口] after unnumbered paragraphs",
    example: {
      text: "2019年永修县教育工作总结\n\n一、加强党建\n筑牢思想根基。开展活动6场。\n强化督导。完成30所。\n\n[打印本页] [关闭窗口]\n",
      source: "footer.txt",
      expect: { items: 2 },
    },
  },
];

describe("parser agreement with the generator's manifest", () => {
  const reports = generateReports({
    reports: 60,
    seed: "parser-agreement",
    sources,
    excludeDistricts: realDistricts,
  });

  it("finds each report's district, year, section count and item count", () => {
    const mismatches: string[] = [];
    let fullyChecked = 0;
    for (const report of reports) {
      const { entry, text } = report;
      fullyChecked++;
      const parsed = parseReport(text, { source: entry.file });
      const found = {
        district: parsed.district,
        year: parsed.year,
        sections: parsed.sections.length,
        items: itemCount(parsed),
      };
      const expected = {
        district: entry.district,
        year: entry.year,
        sections: entry.sections,
        items: entry.items,
      };
      if (JSON.stringify(found) !== JSON.stringify(expected)) {
        mismatches.push(
          `${entry.file} (${entry.layout}): found ${JSON.stringify(found)}, expected ${JSON.stringify(expected)}`,
        );
      }
    }
    expect(mismatches).toEqual([]);
    expect(fullyChecked).toBe(reports.length);
  });

  it("reads the metadata the manifest says the text prints", () => {
    for (const { entry, text } of reports) {
      const parsed = parseReport(text, { source: entry.file });
      if (entry.docNo) expect(parsed.docNo, entry.file).toBe(entry.docNo);
      if (entry.date) expect(parsed.date, entry.file).toBe(entry.date);
      if (entry.publisher) expect(parsed.publisher, entry.file).toBe(entry.publisher);
    }
  });

  for (const gap of PAST_GAPS) {
    it(`reads ${gap.name}`, () => {
      const parsed = parseReport(gap.example.text, { source: gap.example.source });
      if (gap.example.expect.district) expect(parsed.district).toBe(gap.example.expect.district);
      if (gap.example.expect.items !== undefined) expect(itemCount(parsed)).toBe(gap.example.expect.items);
    });
  }
});
