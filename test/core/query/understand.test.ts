import { describe, expect, it } from "vitest";
import { PlaceFinder } from "../../../src/core/query/places.js";
import { understand } from "../../../src/core/query/understand.js";
import { readYears } from "../../../src/core/query/years.js";

/** A corpus of made-up districts (the gazetteer knows none of them) and one real one. */
const places = new PlaceFinder(["鹭岛区", "梧溪县", "青浦区"]);
const read = (question: string) => understand(question, places);
const words = (question: string) => read(question).concepts.map((concept) => concept.word);

describe("question understanding: what is asked about, not how", () => {
  it.each([
    ["您好，请问鹭岛区2030年公开招聘了多少新教师？谢谢", ["公开", "招聘", "新教师"]],
    ["麻烦帮我查查梧溪县校车有多少辆，稿子里要用", ["校车"]],
    ["核实一下，鹭岛那边一共大概有几所幼儿园", ["幼儿园"]],
    ["另外鹭岛的足球特色学校呢", ["足球", "特色学校"]],
  ])("drops greetings, requests and chat words: %s", (question, expected) => {
    expect(words(question)).toEqual(expected);
  });

  it.each([
    ["鹭岛哪三个专业新增了", ["专业", "新增"]],
    ["鹭岛警示牌设了几块", ["警示牌"]],
    ["鹭岛各有多少名", []],
    ["鹭岛宣讲报告会开了多少场", ["宣讲", "报告会"]],
  ])("takes question and measure words off the content they are glued to: %s", (question, expected) => {
    expect(words(question).filter((word) => word.length > 1 || expected.includes(word))).toEqual(expected);
  });

  it("reads which-questions as lists and how-many questions as numbers, with the measure word", () => {
    expect(read("鹭岛竣工的是哪几所学校").intent).toBe("list");
    expect(read("鹭岛哪两个项目完工").intent).toBe("list");
    expect(read("鹭岛新建了几所学校")).toMatchObject({ intent: "number", measure: "所" });
    expect(read("鹭岛学生近视率").intent).toBe("number");
    expect(read("鹭岛心理热线叫什么").intent).toBe("fact");
    expect(read("鹭岛的特殊教育").intent).toBe("topic");
  });

  it("maps English words people mix in to the words reports use", () => {
    expect(words("鹭岛 online 教学")).toContain("线上");
    expect(words("鹭岛 mental health 教育")).toContain("心理健康");
  });
});

describe("years", () => {
  it.each([
    ["2019年", 2019],
    ["2019年度", 2019],
    ["二〇一九年", 2019],
    ["二零二一年", 2021],
    ["一九年", 2019],
    ["19年", 2019],
    ["2019还是2022", 2019],
  ])("reads %s", (text, year) => {
    expect(readYears(`鹭岛${text}新增学位`)[0]).toMatchObject({ year, inContent: false });
  });

  it("tells a year of the content from the report's year", () => {
    const years = readYears("鹭岛19年的总结里，计划2020年开工建设的项目");
    expect(years.map((year) => [year.year, year.inContent])).toEqual([
      [2019, false],
      [2020, true],
    ]);
    expect(readYears("鹭岛比2018年增长了多少")[0]!.inContent).toBe(true);
    expect(readYears("鹭岛2020年底有多少家")[0]!.inContent).toBe(true);
    expect(readYears("鹭岛2017-2020年的行动计划").every((year) => year.inContent)).toBe(true);
    expect(read("鹭岛计划2031年秋季建成的项目").reportYears).toEqual([]);
    // What was done in a year is in that year's report: 2020年竣工的 asks the 2020 report.
    expect(read("鹭岛2030年竣工的两所小学是哪两所").reportYears).toEqual([2030]);
    expect(readYears("鹭岛2032年投用后有多少学位")[0]).toMatchObject({
      inContent: false,
      mayBeContent: true,
    });
    expect(readYears("鹭岛2032年新招了多少教师")[0]!.mayBeContent).toBeUndefined();
  });

  it("does not read durations or long numbers as years", () => {
    expect(readYears("近20年来")).toEqual([]);
    expect(readYears("12345热线")).toEqual([]);
  });
});

describe("districts", () => {
  const named = (question: string) => read(question).places.map((place) => [place.names[0], place.how]);

  it.each([
    ["鹭岛区2030年", "鹭岛区", "name"],
    ["鹭岛2030年", "鹭岛区", "name"],
    ["鹭岛县2030年", "鹭岛区", "suffix"],
    ["梧溪区的校车", "梧溪县", "suffix"],
    ["Ludao 2030 新教师", "鹭岛区", "pinyin"],
    ["路岛2030年新教师", "鹭岛区", "typo"],
    ["清浦2020年新教师", "青浦区", "typo"],
  ])("reads the corpus's own district in any form: %s", (question, name, how) => {
    expect(named(question)[0]).toEqual([name, how]);
  });

  it("recognises districts the corpus lacks, so that they are never answered from another", () => {
    expect(named("海淀区2020年课后服务")[0]).toEqual(["海淀区", "gazetteer"]);
    expect(named("浦东2020年新增学位")[0]).toEqual(["浦东新区", "gazetteer"]);
    expect(named("鼓楼区2018年学前教育")[0]?.[1]).toBe("gazetteer");
    expect(read("鼓樓區2018年學前教育").places[0]!.names).toEqual(["鼓楼区"]);
    // A stock phrase that is also a short name (鼓楼: drum tower) names the place before a year.
    expect(named("鼓楼2018年学前教育")[0]).toEqual(["鼓楼区", "gazetteer"]);
    expect(named("鼓楼的历史")).toEqual([]);
  });

  it("hears a corpus district in every reading of its characters (苕: tiao or shao)", () => {
    const finder = new PlaceFinder(["苕岭县"]);
    expect(understand("Shaoling县2021年健身步道", finder).places[0]?.names).toEqual(["苕岭县"]);
    expect(understand("韶岭县2021年义务教育巩固率", finder).places[0]).toMatchObject({
      names: ["苕岭县"],
      how: "typo",
    });
  });

  it("reads a district the corpus lacks from its pinyin, in any reading of its characters (Minhang)", () => {
    expect(named("Minhang 2022 心理健康教师多少名")[0]).toEqual(["闵行区", "gazetteer"]);
    expect(words("Minhang 2022 心理健康教师多少名")).not.toContain("minhang");
  });

  it("does not read everyday words or school names as districts", () => {
    expect(named("鹭岛新建学校几所")).toEqual([["鹭岛区", "name"]]);
    expect(named("鹭岛合作办学项目")).toEqual([["鹭岛区", "name"]]);
    expect(named("北湖中学星级")).toEqual([]);
  });
});

describe("a noun that says which kind of thing is asked", () => {
  it("is marked as a modifier (外籍 of 外籍教师), a noun before a verb or alone is not", () => {
    const marked = (question: string) =>
      read(question)
        .concepts.filter((concept) => concept.modifier)
        .map((concept) => concept.word);
    expect(marked("鹭岛外籍教师一共引进了多少名")).toEqual(["外籍"]);
    expect(marked("鹭岛校车有多少辆")).toEqual([]);
  });
});

describe("words jieba tags as pronouns", () => {
  it("keeps a content word the dictionary mistags (本科) and drops real pronouns (哪些, 其中)", () => {
    expect(words("鹭岛职校学生考上本科的有多少")).toContain("本科");
    expect(words("鹭岛其中哪些学校")).toEqual(["学校"]);
  });
});

describe("what-is-it-called questions", () => {
  it("asks for a name and marks the kind of thing named, which a quoted name stands for", () => {
    const question = read("鹭岛的作业管理文件叫什么名字");
    expect(question.asksName).toBe(true);
    expect(question.concepts.filter((concept) => concept.named).map((concept) => concept.word)).toEqual([
      "文件",
    ]);
    expect(words("鹭岛的作业管理文件叫什么名字")).not.toContain("名字");
    expect(read("鹭岛作业管理怎么做").asksName).toBe(false);
  });

  it("tells a question about intentions (计划, 打算) from one about what was done", () => {
    expect(read("鹭岛2031年计划新建几所学校").asksPlan).toBe(true);
    expect(read("鹭岛2031年实际新建了几所学校").asksPlan).toBe(false);
  });
});

describe("a district written against a word that begins with its suffix", () => {
  it("keeps 区管校聘 whole after the district's short name", () => {
    const question = read("青浦区管校聘改革");
    expect(question.places.map((place) => place.written)).toEqual(["青浦"]);
    expect(question.concepts.map((concept) => concept.word)).toContain("区管校聘");
  });
});

describe("words jieba makes up from characters it does not know", () => {
  it("gives back the function word a made-up word swallowed (托班有 → 托班)", () => {
    expect(words("鹭岛托班有几个")).toEqual(["托班"]);
  });
});
