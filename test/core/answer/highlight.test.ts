import { describe, expect, it } from "vitest";
import { highlight } from "../../../src/core/answer/highlight.js";
import { PlaceFinder } from "../../../src/core/query/places.js";
import { understand } from "../../../src/core/query/understand.js";

const places = new PlaceFinder(["青浦区"]);

/** The marked texts of `excerpt` for `question`, by kind. */
function marked(question: string, excerpt: string): { terms: string[]; figures: string[] } {
  const marks = highlight(excerpt, understand(question, places));
  const of = (kind: "term" | "number") =>
    marks.filter((mark) => mark.kind === kind).map((mark) => excerpt.slice(mark.start, mark.end));
  return { terms: of("term"), figures: of("number") };
}

describe("only what was asked is marked", () => {
  it("a how-many question marks the figure in the asked measure word, not the others beside it", () => {
    const excerpt = "新建学校5所，新增学位3000个，投入经费1.2亿元";
    const asked = marked("青浦2020年新建学校多少所", excerpt);
    expect(asked.figures).toEqual(["5所"]);
    expect(asked.terms.join("")).toContain("学校");
    // No measure word: the figure of the clause that holds the question's words.
    expect(marked("青浦投入经费多少", excerpt).figures).toEqual(["1.2亿元"]);
    expect(marked("青浦投入经费多少万元", excerpt).figures).toEqual(["1.2亿元"]);
  });

  it("of several figures in the asked unit, the one in the clause of the question's words", () => {
    const excerpt = "完成创新实验室19个,小剧场改造项目15个,图书馆15个,改扩建体育馆2个";
    expect(marked("青浦2017年建了多少个图书馆", excerpt).figures).toEqual(["15个"]);
    expect(marked("青浦2017年建了多少个图书馆", excerpt).terms).toEqual(["图书馆"]);
  });

  it("a count asked in one word of a family finds the figure printed in another (几位 → 名)", () => {
    expect(marked("青浦招录新教师几位", "招录新教师196名，培训3次").figures).toEqual(["196名"]);
  });

  it("a rate marks the percentage", () => {
    expect(marked("青浦学前教育入园率是多少", "幼儿园45所，学前教育入园率99.5%").figures).toEqual(["99.5%"]);
  });

  it("a question that asks no figure marks no figure, only its words", () => {
    const asked = marked("青浦集团化办学有哪些举措", "组建集团化办学联盟12个，覆盖学校60所");
    expect(asked.figures).toEqual([]);
    expect(asked.terms.join("")).toContain("集团化办学");
  });
});
