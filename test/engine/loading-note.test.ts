import { describe, expect, it } from "vitest";
import { withLoadingNote } from "../../src/engine/loading-note.js";
import { describeReasons } from "../../src/render/reasons.js";
import { shippedEngine } from "../support/corpus.js";

describe("answers while the corpus loads", () => {
  it("carry the loading note until loading is done, then not", async () => {
    const engine = await shippedEngine();
    let note: string | undefined = "报告仍在加载中（已加载 1 / 2 份），答案可能不完整。";
    const loading = withLoadingNote(engine, () => note);

    const during = loading.ask("海淀区2020年招录新教师多少名");
    expect(during.found).toBe(false);
    expect(during.note).toMatch(/^报告仍在加载中（已加载 1 \/ 2 份）/);
    // The engine's own reason stays beside it, and both reach the reply.
    expect(describeReasons(during.reasons, during.note)).toMatch(/^报告仍在加载中.*海淀区/);

    note = undefined;
    const after = loading.ask("青浦2020年招录新教师多少名");
    expect(after.note).toBeUndefined();
    expect(after.found).toBe(true);
  });
});
