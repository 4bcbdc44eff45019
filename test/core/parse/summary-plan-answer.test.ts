/**
 * A summary-plus-plan report from the file to the answer: its plan items are found, cited as 工作计划, and
 * carry their part in the JSON; GBK bytes with CRLF read the same as UTF-8.
 */
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { createEngine } from "../../../src/core/engine.js";
import { parseReportBytes } from "../../../src/ingest/read-report.js";
import { toJson } from "../../../src/render/json.js";
import { renderAnswerText } from "../../../src/render/text.js";

const TEXT = [
  "柘湾区教育局2021年工作总结和2022年工作思路",
  "柘湾区教育局",
  "2022年1月20日",
  "第一部分 2021年工作总结",
  "一、扩充优质教育资源",
  "1.新建学校。全年新建中小学3所，新增学位2400个。",
  "2.集团化办学。新组建教育集团2个。",
  "二、加强教师队伍建设",
  "1.招录新教师。全年招录新教师180名。",
  "第二部分 2022年工作思路",
  "一、持续扩充教育资源",
  "1.新建学校。2022年计划新建学校4所，新增学位3600个。",
  "二、深化教师队伍建设",
  "1.招录新教师。计划招录新教师220名。",
].join("\r\n");

describe("a summary-plus-plan report, file to answer", () => {
  it("answers a question about the plan from the plan, cited as 工作计划", async () => {
    const { report } = await parseReportBytes(iconv.encode(TEXT, "gbk"), "zhewan-2021.txt");
    expect(report.sections.map((section) => [section.no, section.title, section.part])).toEqual([
      [1, "扩充优质教育资源", "summary"],
      [2, "加强教师队伍建设", "summary"],
      [3, "持续扩充教育资源", "plan"],
      [4, "深化教师队伍建设", "plan"],
    ]);
    const engine = createEngine([report]);
    const answer = engine.ask("2021年计划招录新教师多少名", { top: 3 });
    const json = toJson(answer);
    const plan = json.results.find((result) => result.excerpt.includes("220名"));
    expect(plan?.section).toEqual({ no: 4, title: "深化教师队伍建设", part: "plan" });
    expect(renderAnswerText(answer)).toContain("工作计划 · 第4部分 深化教师队伍建设");
    const refs = json.results.map((result) => result.ref);
    expect(new Set(refs).size).toBe(refs.length);
  });

  it("answers a question about the next year from the plan of this year's report", async () => {
    const { report } = await parseReportBytes(Buffer.from(TEXT.replace(/\r\n/g, "\n")), "zhewan-2021.txt");
    const engine = createEngine([report]);
    const answer = engine.ask("柘湾2022年计划新建几所学校", { top: 3 });
    expect(answer.found).toBe(true);
    expect(answer.answer?.text).toContain("4所");
    expect(answer.results[0]?.section.part).toBe("plan");
    // A year neither reported nor planned for is still said to be missing.
    expect(engine.ask("柘湾2023年新建几所学校").reasons).toContainEqual(
      expect.objectContaining({ kind: "year-not-covered", year: 2023 }),
    );
  });
});
