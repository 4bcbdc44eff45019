import { describe, expect, it } from "vitest";
import { withLoadingNote } from "../../src/app/loading-note.js";
import { ReportEngine } from "../../src/core/engine.js";
import { describeReasons } from "../../src/render/reasons.js";
import { shippedEngine } from "../support/corpus.js";

describe("answers while the corpus loads", () => {
  it("carry the loading status until loading is done, then not", async () => {
    const engine = await shippedEngine();
    let status: string | undefined = "报告正在加载（已加载 1 / 2 份）";
    const loading = withLoadingNote(engine, () => status);

    const found = loading.ask("青浦2020年招录新教师多少名");
    expect(found.found).toBe(true);
    expect(found.note).toBe("报告正在加载（已加载 1 / 2 份），答案可能不完整。");

    // 海淀区 may be among the reports not loaded yet: no "there is no report for 海淀区" while loading.
    const missing = loading.ask("海淀区2020年招录新教师多少名");
    expect(missing.found).toBe(false);
    expect(describeReasons(missing.reasons, missing.note)).toBe(
      "报告正在加载（已加载 1 / 2 份），暂时没有找到答案，请稍后再问。",
    );

    status = undefined;
    expect(loading.ask("青浦2020年招录新教师多少名").note).toBeUndefined();
    const after = loading.ask("海淀区2020年招录新教师多少名");
    expect(describeReasons(after.reasons, after.note)).toContain("海淀区");
  });

  it("never say there are no reports while none is loaded yet", () => {
    const loading = withLoadingNote(new ReportEngine(), () => "报告正在加载（已加载 0 / 3000 份）");
    const answer = loading.ask("青浦2020年招录新教师多少名");
    const said = describeReasons(answer.reasons, answer.note);
    expect(said).toBe("报告正在加载（已加载 0 / 3000 份），暂时没有找到答案，请稍后再问。");
    expect(said).not.toContain("没有收录任何报告");
  });
});
