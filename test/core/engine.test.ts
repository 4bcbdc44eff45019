import { beforeAll, describe, expect, it } from "vitest";
import type { Answer } from "../../src/core/domain/answer.js";
import type { Engine } from "../../src/core/domain/engine.js";
import { createEngine } from "../../src/core/engine.js";
import { parseReport } from "../../src/core/parse/parse-report.js";
import { describeReasons } from "../../src/render/reasons.js";
import { shippedEngine } from "../support/corpus.js";

let engine: Engine;
beforeAll(async () => {
  engine = await shippedEngine();
});

const top = (answer: Answer) => answer.results[0]!;
const where = (answer: Answer) =>
  `${top(answer).report.district} ${top(answer).section.no} ${top(answer).item.no}`;

describe("answers from the shipped corpus", () => {
  it("answers the README's question with the sentence, the number and a full citation", () => {
    const answer = engine.ask("青浦2020年招录新教师多少名");
    expect(answer.found).toBe(true);
    expect(where(answer)).toBe("青浦区 5 29");
    expect(answer.answer?.text).toContain("196名");
    expect(answer.answer?.text.length).toBeLessThanOrEqual(100);
    const result = top(answer);
    expect(result.item.title).toBe("强化教师梯队打造");
    expect(result.report).toMatchObject({ title: "2020年青浦教育工作总结", publisher: "上海市青浦区教育局" });
    const marked = result.highlights.map((mark) => result.excerpt.slice(mark.start, mark.end));
    expect(marked).toContain("196名");
    expect(marked).toContain("新教师");
  });

  it.each([
    ["district with 区 and 教育局", "青浦区教育局2020年招了多少新教师", "青浦区 5 29"],
    ["synonym 招聘 for 招录", "青浦招聘新教师几名", "青浦区 5 29"],
    ["traditional characters", "青浦2020年招錄新教師多少名", "青浦区 5 29"],
    ["full-width digits", "青浦２０２０年招录新教师多少名", "青浦区 5 29"],
    ["year written out", "二〇二〇年青浦招录新教师多少名", "青浦区 5 29"],
    ["a district left out when the fact is unique", "招录新教师多少名", "青浦区 5 29"],
    ["two-digit year", "嘉定17年新建了多少个图书馆", "嘉定区 2 2"],
  ])("understands %s", (_, question, expected) => {
    const answer = engine.ask(question);
    expect(answer.found).toBe(true);
    expect(where(answer)).toBe(expected);
  });

  it("prefers the sentence holding a number next to the asked words", () => {
    const answer = engine.ask("嘉定获评市园丁奖的有多少名");
    expect(answer.answer?.text).toMatch(/市园丁奖48名/);
  });

  it("says plainly when the district is not covered, and lists what is", () => {
    const answer = engine.ask("海淀区2020年招录新教师多少名");
    expect(answer.found).toBe(false);
    expect(answer.results).toEqual([]);
    expect(answer.reasons).toContainEqual({
      kind: "district-not-covered",
      district: "海淀区",
      covered: [
        { district: "嘉定区", years: [2017] },
        { district: "青浦区", years: [2020] },
      ],
    });
    const note = describeReasons(answer.reasons);
    expect(note).toContain("海淀区");
    expect(note).toContain("青浦区（2020年）");
  });

  it("never answers from another year of the named district", () => {
    const answer = engine.ask("嘉定2020年招录新教师多少名");
    expect(answer.found).toBe(false);
    expect(answer.results).toEqual([]);
    expect(answer.reasons).toContainEqual({
      kind: "year-not-covered",
      district: "嘉定区",
      year: 2020,
      years: [2017],
    });
    expect(describeReasons(answer.reasons)).toContain("有2017年的");
  });

  it("corrects a homophone typo in a word no report contains", () => {
    const answer = engine.ask("青浦2020年招路新教师多少名");
    expect(answer.found).toBe(true);
    expect(where(answer)).toBe("青浦区 5 29");
  });

  it("ignores colloquial filler around the subject", () => {
    const answer = engine.ask("青浦特殊教育发展咋样啊");
    expect(answer.found).toBe(true);
    expect(top(answer).item.title).toContain("特殊教育");
  });

  it("declines when only common words match but the question's telling word is absent", () => {
    // 嘉定's report speaks of recruiting (招聘) and of teachers, but never of new teachers (新教师).
    const answer = engine.ask("嘉定2017年招录新教师多少名");
    expect(answer.found).toBe(false);
    // Nothing is thrown away: the nearest item is still offered, with the words it lacks named.
    expect(answer.results.length).toBeGreaterThan(0);
    expect(answer.reasons).toContainEqual(
      expect.objectContaining({ kind: "not-confident", missing: ["新教师"] }),
    );
  });

  it("does not answer 'how many' with an item that gives no figure, and says why", () => {
    const answer = engine.ask("嘉定有多少个民办学校");
    expect(top(answer).excerpt).toContain("民办学校");
    expect(answer.reasons).toContainEqual({ kind: "no-figure", words: ["民办学校"] });
    expect(describeReasons(answer.reasons)).toContain("没有给出具体数字");
  });

  it("lets the thing asked about, not the verb, decide", () => {
    const answer = engine.ask("嘉定组建了哪些教育集团");
    expect(top(answer).excerpt).toContain("教育集团");
  });

  it("reads a rate (满意率) as a number question and finds the percentage", () => {
    const answer = engine.ask("青浦疫情期间在线教学家长满意率");
    expect(answer.answer?.text).toMatch(/\d+(\.\d+)?%的家长/);
  });

  it("answers 'how many' only with a figure in a sentence about the thing asked", () => {
    // 嘉定's teacher item has figures (6人获评特级教师) but none about recruiting new teachers.
    const answer = engine.ask("嘉定2017年招录新教师多少名");
    expect(answer.found).toBe(false);
    expect(answer.answer).toBeNull();
  });

  it("answers found: false when the content words match nothing", () => {
    const answer = engine.ask("青浦学生校服的颜色和款式");
    expect(answer.found).toBe(false);
    expect(describeReasons(answer.reasons)).toContain("没有提到「校服」");
  });

  it("answers a question over two districts with one result from each, side by side", () => {
    const answer = engine.ask("青浦和嘉定的校园安全工作");
    expect(answer.found).toBe(true);
    const districts = answer.results.slice(0, 2).map((result) => result.report.district);
    expect(new Set(districts)).toEqual(new Set(["青浦区", "嘉定区"]));
  });

  it("pairs each district with the year written after it", () => {
    const answer = engine.ask("青浦2020年和嘉定2017年的学前教育分别怎么样");
    expect(new Set(answer.results.slice(0, 2).map((result) => result.report.district))).toEqual(
      new Set(["青浦区", "嘉定区"]),
    );
    expect(answer.note ?? "").not.toContain("没有2017年");
  });

  it.each(["", "   ", "😀🎉👍", "？？？", "的了吗"])(
    "handles an empty or meaningless question %j",
    (question) => {
      const answer = engine.ask(question);
      expect(answer.found).toBe(false);
      expect(answer.reasons).toContainEqual({ kind: "nothing-asked" });
    },
  );

  it("handles a 10,000-character question without failing", () => {
    const answer = engine.ask(`青浦新教师${"啊".repeat(10_000)}`);
    expect(answer.query.length).toBeLessThanOrEqual(500);
    expect(typeof answer.found).toBe("boolean");
  });

  it("respects --top", () => {
    expect(engine.ask("青浦 教师", { top: 5 }).results.length).toBe(5);
    expect(engine.ask("青浦 教师", { top: 1 }).results.length).toBe(1);
  });

  it("opens an item by the reference a result carries", () => {
    const result = top(engine.ask("青浦2020年招录新教师多少名"));
    const located = engine.item(result.ref);
    expect(located?.item.title).toBe(result.item.title);
    expect(located?.report.id).toBe(result.report.id);
    expect(engine.item("nope_1_1")).toBeUndefined();
  });
});

describe("adding and removing reports", () => {
  const report = () =>
    parseReport(
      "2021年宝山区教育工作总结\n一、办学\n1.新建学校。新建学校7所。\n2.师资。招聘见习教师150名。",
      {
        source: "baoshan.txt",
      },
    );

  it("makes a new report searchable, replaces it by id, and removes it", () => {
    const local = createEngine([]);
    expect(local.ask("宝山新建学校几所").found).toBe(false);
    local.add(report());
    expect(local.ask("宝山新建学校几所").answer?.text).toContain("7所");
    local.add(report());
    expect(local.reports()).toHaveLength(1);
    expect(local.ask("宝山招聘见习教师多少名").results).toHaveLength(1);
    expect(local.remove(report().id)).toBe(true);
    expect(local.ask("宝山新建学校几所").found).toBe(false);
    expect(local.coverage()).toEqual([]);
  });
});

describe("related reading", () => {
  it("offers no item that holds nothing of the question", async () => {
    const engine = await shippedEngine();
    const answer = engine.ask("青浦校服颜色");
    expect(answer.found).toBe(false);
    expect(answer.results).toEqual([]);
  });
});

describe("a report's plan for the next year", () => {
  const report = parseReport(
    [
      "示例区2031年教育工作总结",
      "一、2031年工作总结",
      "（一）扩充资源",
      "1.新建学校。全年新建学校4所，新增学位3200个。",
      "二、2032年工作思路",
      "（一）扩充资源",
      "1.计划新建学校。计划新建学校6所。",
    ].join("\n"),
    { source: "example.txt" },
  );
  const planned = createEngine([report]);

  it("answers a question about the next year's intentions from it", () => {
    const answer = planned.ask("示例区2032年计划新建几所学校");
    expect(answer.found).toBe(true);
    expect(answer.answer?.text).toContain("6所");
  });

  it("does not answer what was done in a year no report covers from it", () => {
    const answer = planned.ask("示例区2032年实际新建了几所学校");
    expect(answer.found).toBe(false);
    expect(answer.reasons).toContainEqual(expect.objectContaining({ kind: "year-not-covered", year: 2032 }));
  });
});

describe("a question about a kind of thing no report speaks of", () => {
  const engine = createEngine([
    parseReport(
      [
        "示例区2031年教育工作总结",
        "一、队伍建设",
        "1.人才引进。通过人才计划引进名优教师14名，招聘新教师120名。",
        "2.教师培训。开展教师培训36场。",
      ].join("\n"),
      { source: "example.txt" },
    ),
  ]);

  it("is declined when the word naming the kind is missing (外籍教师 where reports only have 名优教师)", () => {
    const answer = engine.ask("示例区外籍教师一共引进了多少名");
    expect(answer.found).toBe(false);
    expect(answer.results[0]?.item.no).toBe("1");
  });

  it("is answered when the reports name that kind", () => {
    expect(engine.ask("示例区名优教师一共引进了多少名").answer?.text).toContain("14名");
  });
});

describe("a year of what is done in it, when no report of that year exists", () => {
  const engine = createEngine([
    parseReport(
      [
        "示例区2031年教育工作总结",
        "一、资源",
        "1.学校建设。示例中学新校区开工建设，2033年投用后新增学位2400个。",
      ].join("\n"),
      { source: "example.txt" },
    ),
  ]);

  it("is a year the reports speak of: an earlier report's plan answers", () => {
    const answer = engine.ask("示例区示例中学新校区2033年投用后有多少学位");
    expect(answer.found).toBe(true);
    expect(answer.answer?.text).toContain("2400个");
  });

  it("is still a report year for anything else (2033年新招了多少教师: no such report)", () => {
    const answer = engine.ask("示例区2033年新招了多少教师");
    expect(answer.found).toBe(false);
    expect(answer.reasons).toContainEqual(expect.objectContaining({ kind: "year-not-covered", year: 2033 }));
  });
});
