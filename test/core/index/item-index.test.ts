import { describe, expect, it } from "vitest";
import { analyseReport, splitTerms } from "../../../src/core/index/analyse-report.js";
import { ItemIndex } from "../../../src/core/index/item-index.js";
import { parseReport } from "../../../src/core/parse/parse-report.js";
import { foldForMatching } from "../../../src/core/zh/normalize.js";
import { termsOfFolded } from "../../../src/core/zh/segment.js";

const REPORT = parseReport(
  `2020年青浦区教育工作总结
上海市青浦区教育局
一、教师队伍
1.强化教师梯队打造。2020年招录新教师196名，新教师培训覆盖全部新教师。
2.推进交流轮岗。交流轮岗教师85名。
二、學前教育
3.新建幼儿园3所。学前教育入园率99%。`,
  { source: "test.txt" },
);

describe("ItemIndex", () => {
  it("analyses items as folding and segmenting each part separately would", () => {
    const analysis = analyseReport(REPORT);
    REPORT.sections.forEach((section, s) => {
      expect(splitTerms(analysis.sections[s]!.terms)).toEqual(termsOfFolded(foldForMatching(section.title)));
      section.items.forEach((item, i) => {
        const analysed = analysis.sections[s]!.items[i]!;
        expect(splitTerms(analysed.title)).toEqual(termsOfFolded(foldForMatching(item.title)));
        expect(splitTerms(analysed.text)).toEqual(termsOfFolded(foldForMatching(item.text)));
      });
    });
  });

  it("keeps per-field term frequencies and document frequencies in compact form", () => {
    const index = new ItemIndex();
    index.add(REPORT);
    const [first] = index.itemsOf([REPORT.id]);
    expect(first!.termFrequency("text", "新教师")).toBe(2);
    expect(first!.termFrequency("title", "新教师")).toBe(0);
    expect(first!.termFrequency("section", "教师队伍")).toBe(1);
    expect(first!.termFrequency("text", "从未出现")).toBe(0);
    expect(first!.fullText).toBe("强化教师梯队打造。2020年招录新教师196名，新教师培训覆盖全部新教师。");
    expect(index.termDocumentFrequency("新教师")).toBe(1);
    expect(index.termDocumentFrequency("教师")).toBeGreaterThanOrEqual(2);
    // Folded: traditional → simplified, so the 學前教育 section matches 学前教育.
    expect(index.termDocumentFrequency("学前教育")).toBe(1);
  });

  it("forgets a removed report's terms (document frequency 0, not in the vocabulary)", () => {
    const index = new ItemIndex();
    index.add(REPORT);
    expect([...index.vocabulary()]).toContain("交流轮岗");
    index.remove(REPORT.id);
    expect(index.size).toBe(0);
    expect(index.termDocumentFrequency("交流轮岗")).toBe(0);
    expect([...index.vocabulary()]).toEqual([]);
    expect(index.candidates(["交流轮岗"], {})).toEqual([]);
  });

  it("restores FlexSearch's export and pair counts to the same candidates and statistics", () => {
    const built = new ItemIndex();
    built.add(REPORT);
    const restored = new ItemIndex();
    restored.add(REPORT, analyseReport(REPORT), { search: false, bigrams: false });
    expect(restored.candidates(["新教师"], {})).toEqual([]);
    restored.importState(JSON.parse(JSON.stringify(built.exportState())));
    const ids = (index: ItemIndex, terms: string[], filter = {}) =>
      index.candidates(terms, filter).map((doc) => doc.docId);
    expect(ids(restored, ["新教师", "交流轮岗"])).toEqual(ids(built, ["新教师", "交流轮岗"]));
    expect(ids(restored, ["幼儿园"], { district: "青浦区", year: 2020 })).toEqual(
      ids(built, ["幼儿园"], { district: "青浦区", year: 2020 }),
    );
    expect(ids(restored, ["新教师"]).length).toBeGreaterThan(0);
    expect(restored.bigramDocumentFrequency("教师")).toBe(built.bigramDocumentFrequency("教师"));
    expect(restored.averageLength("text")).toBe(built.averageLength("text"));
  });
});
