import { describe, expect, it } from "vitest";
import { defaultRankingSettings, type RankingSettings } from "../../../src/core/answer/settings.js";
import { createEngine } from "../../../src/core/engine.js";
import { parseReport } from "../../../src/core/parse/parse-report.js";

/**
 * Each BM25F setting decides a case of its own: without it, the item a reader would pick is not first.
 * The reports are written for the case (a made-up district), so no case depends on the shipped corpus.
 */
function firstItem(body: string, question: string, change: Partial<RankingSettings> = {}): string {
  const engine = createEngine([parseReport(`2031年示例区教育工作总结\n${body}`, { source: "example.txt" })]);
  const answer = engine.ask(question, { top: 3, settings: { ...defaultRankingSettings, ...change } });
  return `${answer.results[0]?.section.no}/${answer.results[0]?.item.no}`;
}

const fields = defaultRankingSettings.fields;

describe("ranking (BM25F settings)", () => {
  it("an item whose title names the subject comes before one that mentions it in passing (fields.title)", () => {
    const body = [
      "一、教育教学",
      "1.集团化办学。新组建教育集团4个，覆盖学校31所，集团内教师统一调配，课程统一开设，教研统一组织，质量统一评价，经费统一管理，资源统一共享。",
      "2.教研。集团化办学教研活动12场。",
    ].join("\n");
    expect(firstItem(body, "示例区集团化办学")).toBe("1/1");
    expect(firstItem(body, "示例区集团化办学", { fields: { ...fields, title: fields.text } })).toBe("1/2");
  });

  it("a word of the section's title counts for its items (fields.section)", () => {
    const body = [
      "一、校园安全",
      "1.演练。全年组织全体师生开展应急疏散演练120次，覆盖全部中小学和幼儿园。",
      "二、队伍建设",
      "1.演练。应急疏散演练120次。",
    ].join("\n");
    expect(firstItem(body, "示例区校园安全应急疏散演练")).toBe("1/1");
    expect(firstItem(body, "示例区校园安全应急疏散演练", { fields: { ...fields, section: 0 } })).toBe("2/1");
  });

  it("an item that speaks of the subject more often comes first (k1: term frequency counts)", () => {
    const body = [
      "一、资源",
      "1.假期。暑期托管学生3200名，开放学校40所。",
      "2.假期。暑期托管覆盖，托管时长延长，托管学生3000名。",
      "3.食堂。食堂改造12所。",
    ].join("\n");
    expect(firstItem(body, "示例区托管")).toBe("1/2");
    expect(firstItem(body, "示例区托管", { k1: 0 })).toBe("1/1");
  });

  it("a short item holding the word comes before a long one holding it once (b: length normalisation)", () => {
    const body = [
      "一、资源",
      `1.综合。${"推进各项工作有序开展，".repeat(12)}家长学校建设稳步推进。`,
      "2.家庭教育。建成家长学校18所。",
    ].join("\n");
    expect(firstItem(body, "示例区家长学校")).toBe("1/2");
    expect(firstItem(body, "示例区家长学校", { b: 0 })).toBe("1/1");
  });

  it("a question word inside a longer word of a sentence counts half (insideWordShare: 小学 in 中小学)", () => {
    const body = [
      "一、督导",
      "1.督导评估。完成对28所中小学的督导评估。",
      "二、概况",
      "1.基本情况。全区教育事业稳步发展，办学条件改善，小学：学校数41所，班级数1108个。",
    ].join("\n");
    expect(firstItem(body, "示例区小学有多少所")).toBe("2/1");
    expect(firstItem(body, "示例区小学有多少所", { insideWordShare: 1 })).toBe("1/1");
  });

  it("a what-is-it-called question prefers the sentence with a quoted name (shapeBonus)", () => {
    // Two items alike but for the name: without the bonus they tie, and document order decides.
    const body = [
      "一、心理健康",
      "1.热线。开通心理热线，接听家长来电。",
      "2.热线。开通“晴空”心理热线，接听来电。",
      "3.其他。开展家长培训12场。",
    ].join("\n");
    expect(firstItem(body, "示例区的心理热线叫什么名字")).toBe("1/2");
    expect(firstItem(body, "示例区的心理热线叫什么名字", { shapeBonus: 0 })).toBe("1/1");
  });

  it("what was done is asked of the summary, what is intended of the plan (otherPartFactor)", () => {
    const body = [
      "一、2031年工作总结",
      "（一）队伍建设",
      "1.教师培训。开展教师培训36场。",
      "二、2032年工作打算",
      "（一）队伍建设",
      "1.教师培训。计划开展教师培训全员轮训，教师培训学时不少于72学时，教师培训全覆盖。",
    ].join("\n");
    expect(firstItem(body, "示例区2031年教师培训")).toBe("1/1");
    expect(firstItem(body, "示例区2031年教师培训", { otherPartFactor: 1 })).toBe("2/1");
    expect(firstItem(body, "示例区2031年的工作打算里教师培训怎么安排")).toBe("2/1");
  });
});
