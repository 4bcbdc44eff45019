import { describe, expect, it } from "vitest";
import type { Citation } from "../../src/core/domain/answer.js";
import { citationText, compactCitationText } from "../../src/render/citation.js";
import { sectionHeading } from "../../src/render/labels.js";

const citation = (part?: "summary" | "plan"): Citation => ({
  report: {
    id: "x-2021-abcdef",
    title: "柘湾区教育局2021年工作总结和2022年工作思路",
    district: "柘湾区",
    year: 2021,
    publisher: "柘湾区教育局",
    date: "2022-01-20",
    source: "zhewan.txt",
  },
  section: { no: 3, title: "扩充资源", ...(part ? { part } : {}) },
  item: { no: "1", title: "计划新建学校" },
});

describe("citations of a summary-plus-plan report", () => {
  it("cites a plan item as 工作计划, before its section", () => {
    expect(citationText(citation("plan"))).toBe(
      "《柘湾区教育局2021年工作总结和2022年工作思路》 · 工作计划 · 第3部分 扩充资源 · 第1条 计划新建学校 · 柘湾区教育局 2022-01-20",
    );
    expect(sectionHeading({ no: 3, title: "扩充资源", part: "plan" })).toBe("工作计划 · 第3部分 扩充资源");
  });

  it("cites summary items and ordinary reports without a part label", () => {
    for (const part of ["summary", undefined] as const) {
      expect(citationText(citation(part))).toBe(
        "《柘湾区教育局2021年工作总结和2022年工作思路》 · 第3部分 扩充资源 · 第1条 计划新建学校 · 柘湾区教育局 2022-01-20",
      );
    }
  });
});

describe("the compact citation under an answer", () => {
  it("names the report by district, year and kind, then the part, section and item: one line on a phone", () => {
    expect(compactCitationText(citation())).toBe("柘湾区2021年工作总结 · 第3部分 · 第1条");
    expect(compactCitationText(citation("plan"))).toBe("柘湾区2021年工作总结 · 工作计划 · 第3部分 · 第1条");
    const long = citation();
    long.report.title = "上海市柘湾区教育局关于印发《柘湾区2021年教育工作总结》的通知";
    long.item = { no: "12", title: "x", subpoint: "12.3" };
    const text = compactCitationText(long);
    expect(text).toBe("柘湾区2021年工作总结 · 第3部分 · 第12条");
    expect(Array.from(text).length).toBeLessThanOrEqual(30);
  });

  it("calls a report that only plans a plan", () => {
    const plan = citation();
    plan.report.title = "柘湾区教育局2022年工作要点";
    expect(compactCitationText(plan)).toBe("柘湾区2021年工作计划 · 第3部分 · 第1条");
  });
});
