import { describe, expect, it } from "vitest";
import { itemRef, type Report } from "../../../src/core/domain/report.js";
import { parseReport } from "../../../src/core/parse/parse-report.js";

const outline = (report: Report) =>
  report.sections.map((section) => ({
    no: section.no,
    title: section.title,
    ...(section.part ? { part: section.part } : {}),
    items: section.items.map((item) => item.no),
  }));

const refs = (report: Report) =>
  report.sections.flatMap((section) => section.items.map((item) => itemRef(report.id, section.no, item.no)));

describe("numbering levels resolved from the document", () => {
  it("reads 第一部分 parts as sections, 一、 as their items and （一）/1. as sub-points", () => {
    const text = [
      "2021年桐泾区教育工作报告",
      "泓州市桐泾区教育局",
      "第一部分 教育事业发展",
      "一、学前教育普及普惠",
      "全年新增幼儿园6所。",
      "（一）扩充学位。新增学位1800个。",
      "（二）提升质量。创建优质园4所。",
      "二、义务教育优质均衡",
      "1.新建学校。新建中小学3所。",
      "2.集团办学。新组建教育集团2个。",
      "第二部分 教师队伍建设",
      "一、招录新教师",
      "全年招录新教师215名。",
      "二、教师培训",
      "完成培训4800人次。",
    ].join("\n");
    const report = parseReport(text, { source: "three-levels.txt" });
    expect(outline(report)).toEqual([
      { no: 1, title: "教育事业发展", items: ["1", "2"] },
      { no: 2, title: "教师队伍建设", items: ["1", "2"] },
    ]);
    const [preschool, compulsory] = report.sections[0]!.items;
    expect(preschool!.title).toBe("学前教育普及普惠");
    expect(preschool!.text).toContain("新增学位1800个");
    expect(preschool!.subpoints?.map((point) => point.marker)).toEqual(["（一）", "（二）"]);
    expect(compulsory!.subpoints?.map((point) => point.no)).toEqual(["2.1", "2.2"]);
    // The two parts are never fused into one item.
    expect(report.sections[0]!.items.some((item) => item.text.includes("招录新教师"))).toBe(false);
    expect(report.sections[1]!.items[0]!.text).toBe("全年招录新教师215名。");
  });

  it("reads （一） headings under 一、 summary and plan parts as sections, restarting in each part", () => {
    const text = [
      "柘湾区教育局2021年工作总结和2022年工作思路",
      "一、2021年工作总结",
      "（一）党建引领",
      "1.理论学习。开展专题学习12次。",
      "2.基层党建。新建党支部3个。",
      "（二）资源建设",
      "1.新建学校。新建学校5所。",
      "二、2022年工作思路",
      "（一）扩充资源",
      "1.计划新建学校。2022年计划新建学校4所。",
      "（二）队伍建设",
      "1.招录教师。计划招录新教师200名。",
    ].join("\n");
    const report = parseReport(text, { source: "summary-plan.txt" });
    expect(report.year).toBe(2021);
    expect(report.title).toBe("柘湾区教育局2021年工作总结和2022年工作思路");
    expect(outline(report)).toEqual([
      { no: 1, title: "党建引领", part: "summary", items: ["1", "2"] },
      { no: 2, title: "资源建设", part: "summary", items: ["1"] },
      { no: 3, title: "扩充资源", part: "plan", items: ["1"] },
      { no: 4, title: "队伍建设", part: "plan", items: ["1"] },
    ]);
    expect(new Set(refs(report)).size).toBe(refs(report).length);
  });

  it("keeps a plan whose 一、 headings restart after an unnumbered 2022年工作思路 line, with unique references", () => {
    const text = [
      "2021年桐泾区教育工作总结和2022年工作思路",
      "一、扩充优质资源",
      "1.新建学校。新建中小学3所。",
      "2.新增学位。新增学位2400个。",
      "二、加强队伍建设",
      "3.招录教师。招录新教师180名。",
      "二〇二二年工作思路",
      "一、持续扩充资源",
      "1.新建学校。计划新建学校4所。",
      "二、深化队伍建设",
      "2.招录教师。计划招录新教师220名。",
      "3.教师培训。计划培训教师5000人次。",
    ].join("\n");
    const report = parseReport(text, { source: "restart.txt" });
    expect(outline(report)).toEqual([
      { no: 1, title: "扩充优质资源", part: "summary", items: ["1", "2"] },
      { no: 2, title: "加强队伍建设", part: "summary", items: ["3"] },
      { no: 3, title: "持续扩充资源", part: "plan", items: ["1"] },
      { no: 4, title: "深化队伍建设", part: "plan", items: ["2", "3"] },
    ]);
    expect(report.sections[1]!.items[0]!.text).toBe("招录新教师180名。");
    expect(new Set(refs(report)).size).toBe(refs(report).length);
  });

  it("reads 第一部分/第二部分 summary and plan dividers above 一、 sections", () => {
    const text = [
      "2021年琮山区教育工作总结和2022年工作计划",
      "第一部分 2021年工作回顾",
      "一、资源建设",
      "1.新建学校。新建学校5所。",
      "二、队伍建设",
      "1.招录教师。招录教师150名。",
      "第二部分 2022年工作计划",
      "一、资源建设",
      "1.新建学校。计划新建学校6所。",
    ].join("\n");
    const report = parseReport(text, { source: "parts.txt" });
    expect(outline(report)).toEqual([
      { no: 1, title: "资源建设", part: "summary", items: ["1"] },
      { no: 2, title: "队伍建设", part: "summary", items: ["1"] },
      { no: 3, title: "资源建设", part: "plan", items: ["1"] },
    ]);
  });

  it("marks a closing 一、-level plan section and the sections before it as summary", () => {
    const text = [
      "2021年榆陵县教育工作总结",
      "一、资源建设",
      "1.新建学校。新建学校5所。",
      "二、重点工作",
      "1.课程改革。完成课程方案。",
      "三、2022年工作打算",
      "1.新建学校。计划新建学校6所。",
    ].join("\n");
    const report = parseReport(text, { source: "closing-plan.txt" });
    expect(outline(report).map((section) => section.part)).toEqual(["summary", "summary", "plan"]);
  });

  it("reads an unnumbered plan line followed by items as a plan section of its own", () => {
    const text = [
      "2021年榆陵县教育工作总结",
      "一、资源建设",
      "1.新建学校。新建学校5所。",
      "下一步工作打算",
      "1.新建学校。计划新建学校6所。",
      "2.招录教师。计划招录教师200名。",
    ].join("\n");
    const report = parseReport(text, { source: "plan-line.txt" });
    expect(outline(report)).toEqual([
      { no: 1, title: "资源建设", part: "summary", items: ["1"] },
      { no: 2, title: "下一步工作打算", part: "plan", items: ["1", "2"] },
    ]);
  });

  it("marks nothing as a part in a report that only looks back", () => {
    const text = [
      "2018年徐汇区教育工作总结",
      "一、总体情况",
      "全年教育事业平稳发展。",
      "二、重点工作",
      "1.课程改革。完成课程方案。",
    ].join("\n");
    expect(parseReport(text, { source: "t.txt" }).sections.every((section) => !section.part)).toBe(true);
  });

  it("numbers items by position when their printed numbers repeat inside one section", () => {
    const text = [
      "2021年榆陵县教育工作总结",
      "一、资源建设",
      "1.新建学校。新建学校5所。",
      "2.新增学位。新增学位800个。",
      "1.改扩建学校。改扩建学校3所。",
    ].join("\n");
    const report = parseReport(text, { source: "t.txt" });
    expect(report.sections[0]!.items.map((item) => [item.no, item.title])).toEqual([
      ["1", "新建学校"],
      ["2", "新增学位"],
      ["3", "改扩建学校"],
    ]);
  });

  it.each([
    ["第１部分", "full-width digits"],
    ["第1部分", "ASCII digits"],
  ])("reads %s headings (%s)", (marker) => {
    const text = [
      "2021年榆陵县教育工作总结",
      `${marker} 资源建设`,
      "一、新建学校",
      "新建学校5所。",
      `${marker.replace(/[1１]/, (d) => (d === "1" ? "2" : "２"))} 队伍建设`,
      "一、招录教师",
      "招录教师200名。",
    ].join("\n");
    const report = parseReport(text, { source: "t.txt" });
    expect(outline(report)).toEqual([
      { no: 1, title: "资源建设", items: ["1"] },
      { no: 2, title: "队伍建设", items: ["1"] },
    ]);
  });
});

describe("the title of a summary-plus-plan report", () => {
  it("is the report's own title, not the part heading standing before the body", () => {
    const text = [
      "柘湾区教育局2021年工作总结和2022年工作思路",
      "柘湾区教育局",
      "2022年1月20日",
      "2021年工作总结",
      "一、资源建设",
      "1.新建学校。新建学校5所。",
      "2022年工作思路",
      "一、资源建设",
      "1.新建学校。计划新建学校6所。",
    ].join("\n");
    const report = parseReport(text, { source: "t.txt" });
    expect(report.title).toBe("柘湾区教育局2021年工作总结和2022年工作思路");
    expect(report.district).toBe("柘湾区");
    expect(outline(report).map((section) => [section.no, section.part])).toEqual([
      [1, "summary"],
      [2, "plan"],
    ]);
  });
});

describe("numbering written the Windows way", () => {
  it("reads CRLF line ends, full-width indents and full-width digits in every marker", () => {
    const text = [
      "2023年榆陵县教育工作总结",
      "\u3000\u3000一、\u3000资源建设",
      "\u3000\u3000１．新建学校。新建学校５所。",
      "\u3000\u3000（１）新建小学３所。",
      "\u3000\u3000（２）新建初中２所。",
      "\u3000\u3000２、新增学位。新增学位１．５万个。",
      "\u3000\u3000二、队伍建设",
      "\u3000\u3000３.\u3000招录教师。招录新教师２１５名。",
      "",
    ].join("\r\n");
    const report = parseReport(text, { source: "t.txt" });
    expect(outline(report)).toEqual([
      { no: 1, title: "资源建设", items: ["1", "2"] },
      { no: 2, title: "队伍建设", items: ["3"] },
    ]);
    const [first, second] = report.sections[0]!.items;
    expect(first!.subpoints?.map((point) => point.marker)).toEqual(["（１）", "（２）"]);
    expect(second!.text).toBe("新增学位１．５万个。");
    expect(report.sections[1]!.items[0]!.text).toBe("招录新教师２１５名。");
  });
});

describe("the date of a report given as a field of a metadata line", () => {
  it.each([
    [
      "发布机构：泓州市桐泾区教育局\u3000\u3000发布日期：2023年1月9日\u3000\u3000来源：区教育局办公室",
      "2023-01-09",
    ],
    ["发布单位：柘湾区教育局\u3000|\u3000发布日期：2022-01-20\u3000|\u3000浏览次数：2143", "2022-01-20"],
    ["发布时间：2019-01-28 10:15\u3000来源：琮山区教育局\u3000浏览次数：1326", "2019-01-28"],
  ])("%s → %s", (line, date) => {
    const text = ["2022年桐泾区教育工作总结", line, "一、工作", "1.事项。内容。"].join("\n");
    expect(parseReport(text, { source: "t.txt" }).date).toBe(date);
  });
});

describe("a report whose top level is numbered 1.", () => {
  it("reads short 1. headings as sections when （1） items with sentences sit under them", () => {
    const text = [
      "2019年榆陵县教育工作总结",
      "1.加强党的建设",
      "（1）理论学习。开展专题学习12次。",
      "（2）基层党建。新建党支部3个。",
      "2.扩充教育资源",
      "（1）新建学校。新建学校5所。",
    ].join("\n");
    expect(outline(parseReport(text, { source: "t.txt" }))).toEqual([
      { no: 1, title: "加强党的建设", items: ["1", "2"] },
      { no: 2, title: "扩充教育资源", items: ["1"] },
    ]);
  });

  it("keeps 1. as items when they carry sentences", () => {
    const text = [
      "2019年榆陵县教育工作总结",
      "1.理论学习。开展专题学习12次。",
      "（1）举办读书班2期。",
      "2.基层党建。新建党支部3个。",
    ].join("\n");
    const report = parseReport(text, { source: "t.txt" });
    expect(report.sections.map((section) => section.items.map((item) => item.no))).toEqual([["1", "2"]]);
    expect(report.sections[0]!.items[0]!.subpoints).toHaveLength(1);
  });
});

describe("Markdown headings as levels", () => {
  it("reads ## headings as sections and ### headings as their items", () => {
    const text = [
      "# 2021年柘湾区教育工作总结",
      "",
      "## 队伍建设",
      "",
      "### 引进人才",
      "",
      "引进骨干教师40名。",
      "",
      "### 教师培训",
      "",
      "完成培训4800人次。",
      "",
      "## 课程建设",
      "",
      "### 开设课程",
      "",
      "新开课程15门。",
    ].join("\n");
    const report = parseReport(text, { source: "t.md" });
    expect(outline(report)).toEqual([
      { no: 1, title: "队伍建设", items: ["1", "2"] },
      { no: 2, title: "课程建设", items: ["1"] },
    ]);
    expect(report.sections[0]!.items[1]).toMatchObject({ title: "教师培训", text: "完成培训4800人次。" });
  });
});
