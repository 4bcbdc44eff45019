import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../../src/core/domain/engine.js";
import { describeReasons } from "../../../src/render/reasons.js";
import { shippedEngine } from "../../support/corpus.js";

let engine: Engine;
beforeAll(async () => {
  engine = await shippedEngine();
});

describe("follow-ups read against the chat's last question", () => {
  const previous = "青浦2020年招录新教师多少名";

  it("asks the last question again for another district, and says how it was read", () => {
    const answer = engine.ask("那嘉定呢", { previous });
    // 嘉定 has no 2020 report, so the year asked before is left out rather than refused.
    expect(answer.reasons[0]).toMatchObject({ kind: "read-as-follow-up", question: "嘉定招录新教师多少名" });
    expect(describeReasons(answer.reasons)).toMatch(/^按「嘉定区 招录 新教师」理解。/);
    expect(answer.results[0]?.report.district).toBe("嘉定区");
  });

  it("asks it again for another year", () => {
    const answer = engine.ask("2019年呢", { previous });
    expect(answer.reasons).toContainEqual(
      expect.objectContaining({ kind: "read-as-follow-up", question: "青浦2019年招录新教师多少名" }),
    );
    expect(answer.reasons).toContainEqual(expect.objectContaining({ kind: "year-not-covered", year: 2019 }));
  });

  it("never mixes a question that stands on its own with the old one", () => {
    const answer = engine.ask("嘉定17年新建了多少个图书馆", { previous });
    expect(answer.reasons.some((reason) => reason.kind === "read-as-follow-up")).toBe(false);
    expect(answer.found).toBe(true);
    expect(answer.results[0]?.report.district).toBe("嘉定区");
  });
});
