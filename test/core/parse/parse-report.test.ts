import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { itemCount } from "../../../src/core/domain/report.js";
import { ReportRejectedError } from "../../../src/core/parse/errors.js";
import { parseReport } from "../../../src/core/parse/parse-report.js";

const corpusFile = (name: string) =>
  readFileSync(new URL(`../../../corpus/${name}`, import.meta.url), "utf8");

describe("parseReport on the shipped reports", () => {
  it("reads 青浦 2020: 6 sections, 32 items numbered through the report, metadata from the page", () => {
    const report = parseReport(corpusFile("2020-青浦区-教育工作总结.txt"), { source: "qingpu.txt" });
    expect(report).toMatchObject({
      title: "2020年青浦教育工作总结",
      district: "青浦区",
      year: 2020,
      publisher: "上海市青浦区教育局",
      date: "2021-03-31",
    });
    expect(report.sections).toHaveLength(6);
    expect(itemCount(report)).toBe(32);
    const numbers = report.sections.flatMap((section) => section.items.map((item) => item.no));
    expect(numbers).toEqual(Array.from({ length: 32 }, (_, i) => String(i + 1)));
    expect(report.sections[0]!.title).toBe("加强党对教育工作的全面领导");
    const withSubpoints = report.sections[0]!.items.find((item) => item.subpoints);
    expect(withSubpoints?.subpoints?.map((point) => point.marker)).toEqual(["一是", "二是", "三是", "四是"]);
    expect(report.preamble).toMatch(/^2020年,青浦教育坚持/);
  });

  it("reads 嘉定 2017 behind page junk and a 通知: 5 sections, 20 items restarting per section", () => {
    const report = parseReport(corpusFile("2017-嘉定区-教育局工作总结.txt"), { source: "jiading.txt" });
    expect(report).toMatchObject({
      title: "上海市嘉定区教育局2017年工作总结",
      district: "嘉定区",
      year: 2017,
      docNo: "嘉教【2017】66号",
      date: "2017-12-31",
    });
    expect(report.sections.map((section) => section.items.length)).toEqual([2, 3, 6, 6, 3]);
    expect(report.sections.every((section) => section.items[0]!.no === "1")).toBe(true);
    const allText = JSON.stringify(report.sections);
    for (const junk of ["Loading", "您当前所在的位置", "印发给你们", "各中小学"])
      expect(allText).not.toContain(junk);
  });

  it("gives stable ids that differ between reports", () => {
    const a = parseReport(corpusFile("2020-青浦区-教育工作总结.txt"), { source: "a.txt" });
    const b = parseReport(corpusFile("2020-青浦区-教育工作总结.txt"), { source: "b.txt" });
    const c = parseReport(corpusFile("2017-嘉定区-教育局工作总结.txt"), { source: "c.txt" });
    expect(a.id).toBe(b.id);
    expect(a.id).not.toBe(c.id);
    expect(a.id).toMatch(/^[A-Za-z0-9-]+$/);
  });
});

describe("parseReport on every supported structure", () => {
  it("reads full-width dots, 、 markers, NBSP and full-width spaces", () => {
    const text = [
      "2019年宝山区教育工作总结",
      "",
      "一、\u3000办学条件",
      "1．新建学校。全年新建学校３所。",
      "2、\u00a0扩大学位。新增学位1200个。",
      "二、师资队伍",
      "3.招聘教师。招聘新教师85名。",
    ].join("\n");
    const report = parseReport(text, { source: "t.txt" });
    expect(report.district).toBe("宝山区");
    expect(report.year).toBe(2019);
    expect(report.sections.map((s) => s.items.map((i) => `${i.no}:${i.title}`))).toEqual([
      ["1:新建学校", "2:扩大学位"],
      ["3:招聘教师"],
    ]);
    expect(report.sections[0]!.items[0]!.text).toBe("全年新建学校３所。");
  });

  it("reads （一） items with 1. sub-points, and (1) / ① sub-points", () => {
    const text = [
      "闵行区教育局2021年工作总结",
      "一、基础教育",
      "（一）学前教育。",
      "1.新开办幼儿园5所。",
      "2.托育点12个。",
      "（二）义务教育。推进优质均衡。",
      "(1)新建初中2所。",
      "①改扩建小学3所。",
    ].join("\n");
    const report = parseReport(text, { source: "t.txt" });
    const items = report.sections[0]!.items;
    expect(items.map((item) => item.no)).toEqual(["1", "2"]);
    expect(items[0]!.subpoints?.map((point) => point.no)).toEqual(["1.1", "1.2"]);
    expect(items[1]!.subpoints?.map((point) => point.marker)).toEqual(["(1)", "①"]);
    const point = items[1]!.subpoints![0]!;
    expect(items[1]!.text.slice(point.start, point.end)).toBe("(1)新建初中2所。");
  });

  it("numbers unnumbered paragraphs by position and keeps a numbered section's lead paragraph", () => {
    const text = [
      "2018年徐汇区教育工作总结",
      "一、总体情况",
      "全年教育事业平稳发展。各项指标完成良好。",
      "教育投入持续增加，达到12亿元。",
      "二、重点工作",
      "这一年我们抓了三件事。",
      "1.课程改革。完成课程方案。",
    ].join("\n");
    const report = parseReport(text, { source: "t.txt" });
    expect(report.sections[0]!.items.map((item) => [item.no, item.title])).toEqual([
      ["1", "全年教育事业平稳发展"],
      ["2", "教育投入持续增加，达到12亿元"],
    ]);
    expect(report.sections[1]!.items.map((item) => item.no)).toEqual([null, "1"]);
  });

  it("reads Markdown: headings as sections, bold item titles, front matter overriding metadata", () => {
    const text = [
      "---",
      "district: 浦东新区",
      "year: 2022",
      "publisher: 上海市浦东新区教育局",
      "---",
      "# 浦东教育年度回顾",
      "",
      "## 队伍建设",
      "",
      "**1. 引进人才。** 引进骨干教师",
      "40名，覆盖全学段。",
      "",
      "## 课程建设",
      "",
      "- 开设课程。新开课程15门。",
    ].join("\n");
    const report = parseReport(text, { source: "t.md" });
    expect(report).toMatchObject({ title: "浦东教育年度回顾", district: "浦东新区", year: 2022 });
    expect(report.sections.map((section) => section.title)).toEqual(["队伍建设", "课程建设"]);
    expect(report.sections[0]!.items[0]).toMatchObject({
      no: "1",
      title: "引进人才",
      text: "引进骨干教师40名，覆盖全学段。",
    });
    expect(report.sections[1]!.items[0]).toMatchObject({ no: "1", title: "开设课程" });
  });

  it("drops trailing signature and footer lines", () => {
    const text = [
      "2020年松江区教育工作总结",
      "一、工作",
      "1.扩大学位。新增学位800个。",
      "上海市松江区教育局",
      "2021年1月5日",
      "附件：统计表",
      "表格内容",
      "打印本页 关闭窗口",
    ].join("\n");
    const report = parseReport(text, { source: "t.txt" });
    expect(report.sections[0]!.items).toHaveLength(1);
    expect(report.sections[0]!.items[0]!.text).toBe("新增学位800个。");
  });

  it("reads a year written in Chinese numerals", () => {
    const text = "二〇一九年金山区教育工作总结\n一、工作\n1.项目。完成3项。";
    expect(parseReport(text, { source: "t.txt" }).year).toBe(2019);
  });

  it.each([
    ["", "文件没有文字内容"],
    ["一段没有标题也没有条目的文字。", "条目"],
    ["2020年某某教育工作总结\n一、工作\n1.事项。内容。", "区县"],
    ["青浦区教育工作总结\n一、工作\n1.事项。内容。", "年份"],
    ["2020年青浦区教育工作总结\n只有一段话。", "条目"],
  ])("rejects %j with a readable reason", (text, reason) => {
    expect(() => parseReport(text, { source: "bad.txt" })).toThrow(ReportRejectedError);
    expect(() => parseReport(text, { source: "bad.txt" })).toThrow(reason);
  });
});

describe("parseReport on reports headed by （一）", () => {
  it("reads （一） headings as sections when numbered items follow them", () => {
    const text = [
      "2022年静安区教育工作总结",
      "（一）队伍建设",
      "1.招聘教师。招聘新教师120名。",
      "2.培训干部。培训校长40人次。",
      "（二）课程改革",
      "1.开设课程。新开课程15门。",
    ].join("\n");
    const report = parseReport(text, { source: "t.txt" });
    expect(report.sections.map((section) => [section.no, section.title, section.items.length])).toEqual([
      [1, "队伍建设", 2],
      [2, "课程改革", 1],
    ]);
  });

  it("keeps （一） as items when they carry sentences", () => {
    const text =
      "2022年静安区教育工作总结\n一、工作\n（一）招聘教师。招聘新教师120名。\n（二）开设课程。新开课程15门。";
    const report = parseReport(text, { source: "t.txt" });
    expect(report.sections[0]!.items.map((item) => item.title)).toEqual(["招聘教师", "开设课程"]);
  });

  it("reads 1) items", () => {
    const text =
      "2022年静安区教育工作总结\n一、工作\n3)招聘教师。招聘新教师120名。\n4）开设课程。新开课程15门。";
    const items = parseReport(text, { source: "t.txt" }).sections[0]!.items;
    expect(items.map((item) => [item.no, item.title])).toEqual([
      ["3", "招聘教师"],
      ["4", "开设课程"],
    ]);
  });
});
