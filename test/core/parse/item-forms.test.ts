import { describe, expect, it } from "vitest";
import { itemFullText, type Report } from "../../../src/core/domain/report.js";
import { parseReport } from "../../../src/core/parse/parse-report.js";

/** What a user sees of a report: per section, each item's number and the start of its text. */
function outline(report: Report): [number, (string | null)[]][] {
  return report.sections.map((section) => [section.no, section.items.map((item) => item.no)]);
}

function item(report: Report, section: number, no: string | null) {
  const found = report.sections[section - 1]?.items.find((candidate) => candidate.no === no);
  if (!found) throw new Error(`no item ${section}/${no}`);
  return itemFullText(found);
}

describe("a metadata line under the title", () => {
  const text = [
    "澜州市岑溪区教育局2019年工作总结",
    "",
    "发布机构：澜州市岑溪区教育局　　发布日期：2020年1月15日　　文号：岑教〔2020〕2号　　分类：计划总结",
    "",
    "2019年，岑溪区教育系统坚持立德树人根本任务，各项工作取得新进展。现将全年工作总结如下。",
    "",
    "第一部分　办学条件持续改善",
    "1．学校建设提速。全年新建学校3所，新增学位2,400个。",
    "2．经费投入增长。全年教育经费总投入9.8亿元。",
    "第二部分　教师队伍不断加强",
    "1．教师招聘。全年招聘教师210名。",
  ].join("\n");

  it("is not the title: the title is the report's own line, and its year is the report's year", () => {
    const report = parseReport(text, { source: "cenxi-2019.txt" });
    expect(report.title).toBe("澜州市岑溪区教育局2019年工作总结");
    expect(report.year).toBe(2019);
    expect(report.district).toBe("岑溪区");
    // The line still gives what it states: the publication date (a year later) and the 文号.
    expect(report.date).toBe("2020-01-15");
    expect(report.docNo).toBe("岑教〔2020〕2号");
    expect(report.preamble).toMatch(/^2019年，岑溪区教育系统/);
    expect(outline(report)).toEqual([
      [1, ["1", "2"]],
      [2, ["1"]],
    ]);
  });

  it("is not the title when its fields are separated by bars or it is the only line before the body", () => {
    const barred = text.replace(/　　/g, " | ");
    expect(parseReport(barred, { source: "a.txt" }).title).toBe("澜州市岑溪区教育局2019年工作总结");
    const lines = text.split("\n");
    const metadataFirst = [lines[2], lines[0], ...lines.slice(3)].join("\n");
    expect(parseReport(metadataFirst, { source: "b.txt" }).year).toBe(2019);
  });
});

describe("unnumbered items in 【标题】 form", () => {
  const text = [
    "岑溪区教育局2022年度工作总结",
    "来源：岑溪区教育局　　时间：2023-01-10 09:30　　【字体：大 中 小】",
    "2022年，岑溪区教育局坚持稳中求进，各项工作取得新成效。现将有关情况总结如下：",
    "一、党建引领有力",
    "【理论学习】组织党员干部开展专题学习120场次。",
    "【基层党建】全区中小学校全面实行党组织领导的校长负责制。一是完善议事规则；二是健全决策程序。",
    "二、资源供给扩大",
    "全年教育事业发展态势良好，群众满意度稳步提升。",
    "【学校建设】全年实施学校建设项目9个，新增学位3,600个。",
    "【经费保障】全年教育经费总投入12.6亿元，比上年增长6.2%。",
    "【学前教育】新增公办幼儿园3所。",
    "三、安全底线守牢",
    "【平安校园】开展校园安全隐患排查800次。",
    "【教育督导】完成对18所学校的综合督导。",
    "2023年，岑溪区教育局将加快推进教育高质量发展。",
    "",
    "岑溪区教育局",
    "2023年1月10日",
  ].join("\n");
  const report = parseReport(text, { source: "cenxi-2022.txt" });

  it("numbers the labelled paragraphs by position; the section's prose before them is its lead (null)", () => {
    expect(outline(report)).toEqual([
      [1, ["1", "2"]],
      [2, [null, "1", "2", "3"]],
      [3, ["1", "2"]],
    ]);
    expect(item(report, 2, null)).toMatch(/^全年教育事业发展态势良好/);
    expect(report.sections[1]!.items[1]!.title).toBe("学校建设");
    expect(item(report, 2, "2")).toContain("12.6亿元");
  });

  it("keeps 一是/二是 inside their item and the closing paragraph and signature out of the item count", () => {
    expect(item(report, 1, "2")).toContain("二是健全决策程序");
    const last = report.sections[2]!;
    expect(last.items).toHaveLength(2);
    expect(JSON.stringify(report.sections)).not.toContain("2023年1月10日");
    expect(JSON.stringify(report.sections)).not.toContain("字体");
  });

  it("keeps the report's closing out of a last section of plain unnumbered paragraphs", () => {
    const plain = parseReport(
      [
        "岑溪区2021年教育工作总结",
        "一、办学条件",
        "1.新建学校。新建学校2所。",
        "二、安全保障",
        "开展校园安全隐患排查620次。",
        "全县学校食堂明厨亮灶覆盖率100%。",
        "2022年，岑溪区教育局将持续推进教育高质量发展。",
      ].join("\n"),
      { source: "f.txt" },
    );
    expect(outline(plain)).toEqual([
      [1, ["1"]],
      [2, ["1", "2"]],
    ]);
    expect(item(plain, 2, "2")).toContain("2022年，岑溪区教育局将");
  });

  it("keeps every paragraph of an unnumbered plan section, which all look ahead", () => {
    const plan = parseReport(
      [
        "岑溪区2021年教育工作总结",
        "一、办学条件",
        "1.新建学校。新建学校2所。",
        "二、2022年工作打算",
        "2022年，全区将新开工学校3所。",
        "2022年，全区将招聘教师200名。",
      ].join("\n"),
      { source: "g.txt" },
    );
    expect(outline(plan)).toEqual([
      [1, ["1"]],
      [2, ["1", "2"]],
    ]);
  });

  it("leaves a section of plain unnumbered paragraphs numbered by position, every paragraph an item", () => {
    const plain = parseReport(
      [
        "岑溪区2021年教育工作总结",
        "一、办学条件",
        "新建学校2所，新增学位1,800个。",
        "改造校舍4.2万平方米。",
        "二、队伍建设",
        "1.招聘教师。招聘教师150名。",
      ].join("\n"),
      { source: "c.txt" },
    );
    expect(outline(plain)).toEqual([
      [1, ["1", "2"]],
      [2, ["1"]],
    ]);
  });
});

describe("a 通知 wrapper, a plan section and the 附/抄送 tail", () => {
  const text = [
    "澜州市岑溪区教育局",
    "岑教〔2022〕5号",
    "关于印发《岑溪区2021年教育工作总结》的通知",
    "各中小学、幼儿园：",
    "　　现将《岑溪区2021年教育工作总结》印发给你们，请认真学习借鉴。",
    "澜州市岑溪区教育局",
    "2022年1月20日",
    "（此件主动公开）",
    "岑溪区2021年教育工作总结",
    "　　2021年，岑溪区教育系统扎实推进各项工作。现将2021年工作总结和2022年工作思路报告如下。",
    "　　一、党建工作",
    "　　1、党史学习教育扎实开展。举办读书班6期。",
    "　　2、清廉学校建设推进。建成示范校5所。",
    "　　二、教育教学",
    "　　1、课后服务全覆盖。参与学生3.2万人。",
    "　　三、二〇二二年工作思路",
    "　　2022年，岑溪区教育系统将以高质量发展为主线，重点做好以下工作。",
    "　　1、巩固“双减”成果。完善作业管理长效机制。",
    "　　2、加快资源建设。计划新开工学校项目4个。",
    "　　附：岑溪区2021年教育工作主要指标完成情况（略）",
    "抄送：澜州市教育局，岑溪区委办、区政府办",
    "岑溪区教育局办公室　　　　2022年1月20日印发",
  ].join("\n");
  const report = parseReport(text, { source: "cenxi-2021.txt" });

  it("ends the body at the 附： line: no section of its own", () => {
    expect(report.title).toBe("岑溪区2021年教育工作总结");
    expect(report.year).toBe(2021);
    expect(outline(report)).toEqual([
      [1, ["1", "2"]],
      [2, ["1"]],
      [3, [null, "1", "2"]],
    ]);
    expect(item(report, 3, null)).toMatch(/^2022年，岑溪区教育系统将/);
    expect(report.sections[2]!.part).toBe("plan");
    expect(JSON.stringify(report.sections)).not.toMatch(/主要指标完成情况|抄送/);
  });

  it("ends the body at 附表1： too", () => {
    const withTable = text.replace("附：岑溪区", "附表1：岑溪区");
    expect(parseReport(withTable, { source: "d.txt" }).sections).toHaveLength(3);
  });
});

describe("Markdown list entries as items", () => {
  const text = [
    "# 岑溪区教育局2023年工作总结",
    "",
    "**发布机构**：澜州市岑溪区教育局　**发布日期**：2024年1月8日",
    "",
    "2023年，岑溪区教育局坚持教育优先发展，各项工作取得新成效。",
    "",
    "## 一、党建引领",
    "",
    "全区教育系统共有基层党组织86个、党员2,150名。",
    "",
    "- **主题教育走深走实。** 开展专题调研16次。",
    "- **清廉学校建设提质。** 新增清廉学校示范校8所。",
    "",
    "## 二、资源供给",
    "",
    "- **学校建设。** 全年实施学校建设项目7个。各学段情况见表1。",
    "",
    "表1　2023年岑溪区各学段基本情况",
    "",
    "| 学段 | 学校数（所） | 在校生（人） |",
    "| --- | --- | --- |",
    "| 小学 | 38 | 41,260 |",
    "| 初中 | 15 | 18,815 |",
    "",
    "- **集团化办学。** 全区组建教育集团11个",
    "  - 新增城乡共同体6对；",
    "  - 开展联合教研活动420场。",
    "- **智慧教育。** 新建智慧教室96间。",
    "",
    "## 三、减负增效",
    "",
    "| 指标 | 2022年 | 2023年 |",
    "| --- | --- | --- |",
    "| 课后服务参与率 | 90.1% | 94.3% |",
    "",
    "- **课后服务。** 开设特色课程860门。",
    "- **作业改革。** 评选优秀作业设计成果120项。",
    "",
    "2024年，岑溪区教育局将加快推进教育现代化。",
  ].join("\n");
  const report = parseReport(text, { source: "cenxi-2023.md" });

  it("numbers the top-level entries by position, after the section's lead paragraph (null)", () => {
    expect(report.title).toBe("岑溪区教育局2023年工作总结");
    expect(report.year).toBe(2023);
    expect(outline(report)).toEqual([
      [1, [null, "1", "2"]],
      [2, ["1", "2", "3"]],
      [3, [null, "1", "2"]],
    ]);
    expect(item(report, 1, null)).toMatch(/^全区教育系统共有基层党组织86个/);
    expect(report.sections[0]!.items[1]!.title).toBe("主题教育走深走实");
    expect(item(report, 1, "1")).toContain("开展专题调研16次");
  });

  it("keeps nested entries inside the entry they sit under", () => {
    const grouped = item(report, 2, "2");
    expect(grouped).toMatch(/^集团化办学/);
    expect(grouped).toContain("新增城乡共同体6对");
    expect(grouped).toContain("开展联合教研活动420场");
    expect(item(report, 2, "3")).toMatch(/^智慧教育。新建智慧教室96间/);
  });

  it("puts a table and its caption in the item before it, rows spelled out with their headers", () => {
    const building = item(report, 2, "1");
    expect(building).toContain("表1 2023年岑溪区各学段基本情况");
    expect(building).toContain("小学：学校数38所，在校生41,260人。");
    expect(building).toContain("初中：学校数15所，在校生18,815人。");
  });

  it("gives a table that opens a section to the section's lead (null)", () => {
    expect(item(report, 3, null)).toContain("课后服务参与率：2022年90.1%，2023年94.3%。");
    expect(item(report, 3, "1")).toMatch(/^课后服务。开设特色课程860门/);
  });

  it("leaves numbered Markdown items numbered as printed, entries under them inside them", () => {
    const numbered = parseReport(
      [
        "# 岑溪区2021年教育工作总结",
        "## 一、资源建设",
        "1、学校建设。新建学校2所。",
        "- 新增学位1,200个；",
        "- 改造校舍3万平方米。",
        "2、经费保障。总投入8.1亿元。",
      ].join("\n"),
      { source: "e.md" },
    );
    expect(outline(numbered)).toEqual([[1, ["1", "2"]]]);
    expect(item(numbered, 1, "1")).toContain("改造校舍3万平方米");
  });

  it("reads a list before a section's numbered items as the section's lead", () => {
    const numbered = parseReport(
      [
        "# 岑溪区2021年教育工作总结",
        "## 一、资源建设",
        "主要指标：",
        "- 新增学位1,200个；",
        "- 改造校舍3万平方米。",
        "1、学校建设。新建学校2所。",
        "2、经费保障。总投入8.1亿元。",
      ].join("\n"),
      { source: "h.md" },
    );
    expect(outline(numbered)).toEqual([[1, [null, "1", "2"]]]);
    expect(item(numbered, 1, null)).toContain("改造校舍3万平方米");
  });
});

describe("a table typed in plain text and an attachment after the report", () => {
  const text = [
    "岑溪县教育局2021年工作总结",
    "一、办学条件",
    "1、学校建设。全年新建学校3所。",
    "二、队伍建设",
    "1、教师招聘。全年招聘教师210名。",
    "2022年，岑溪县教育局将继续努力。",
    "",
    "附表　岑溪县2021年教育事业基本情况",
    "",
    "学段            学校数（所）    在校生（人）    专任教师（人）",
    "小学                57            38,615          2,412",
    "初中                19            18,240          1,486",
    "合计                76            56,855          3,898",
    "",
    "注：数据截至2021年9月。",
  ].join("\n");
  const report = parseReport(text, { source: "cenxi-2021.txt" });

  it("keeps the attachment as a section of its own after the report's, one unnumbered item", () => {
    expect(outline(report)).toEqual([
      [1, ["1"]],
      [2, ["1"]],
      [3, [null]],
    ]);
    expect(report.sections[2]!.title).toBe("岑溪县2021年教育事业基本情况");
  });

  it("spells out each aligned row with its column headers, as it does a pipe table", () => {
    const appendix = item(report, 3, null);
    expect(appendix).toContain("小学：学校数57所，在校生38,615人，专任教师2,412人。");
    expect(appendix).toContain("合计：学校数76所");
    expect(item(report, 2, "1")).not.toContain("附表");
  });

  it("ends the body at an attachment that is only named", () => {
    const named = parseReport(
      [
        "岑溪县教育局2021年工作总结",
        "一、办学条件",
        "1、学校建设。全年新建学校3所。",
        "附：岑溪县2021年教育工作主要指标完成情况（略）",
        "抄送：市教育局。",
      ].join("\n"),
      { source: "cenxi-2021.txt" },
    );
    expect(outline(named)).toEqual([[1, ["1"]]]);
  });
});

describe("a data list printed with dotted leaders", () => {
  it("reads each line as a labelled value: the label is the item's title, the value its text", () => {
    const report = parseReport(
      [
        "岑溪区教育局2021年工作总结",
        "一、主要指标完成情况",
        "2021年全区教育主要指标完成情况如下：",
        "全区各级各类学校……………………………152所",
        "普惠性幼儿园覆盖率…………………………90.4%",
        "二、办学条件",
        "1.学校建设。全年新建学校3所。",
      ].join("\n"),
      { source: "cenxi-2021.txt" },
    );
    const values = report.sections[0]!.items.map((entry) => [entry.title, entry.text]);
    expect(values).toContainEqual(["全区各级各类学校", "152所"]);
    expect(values).toContainEqual(["普惠性幼儿园覆盖率", "90.4%"]);
    expect(values.flat().join("")).not.toContain("……");
  });
});
