/**
 * A large corpus still loading when the bot starts taking updates: every reply says how far the load got,
 * and none says there are no reports, nor promises example buttons that are not there.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ReportEngine } from "../../src/engine/engine.js";
import { withLoadingNote } from "../../src/engine/loading-note.js";
import { type Harness, startHarness } from "./harness.js";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe("while the corpus loads", { timeout: 30_000 }, () => {
  it("says how far it got, never that there are no reports", async () => {
    const status = "报告正在加载（已加载 0 / 3000 份）";
    harness = await startHarness({
      engine: withLoadingNote(new ReportEngine(), () => status),
      loading: () => status,
    });
    const { api } = harness;
    const user = api.user(7001);
    const chat = api.privateChat(user);

    for (const [text, expected] of [
      ["/start", `${status}，请稍候再提问。`],
      ["青浦2020年招录新教师多少名", `${status}，暂时没有找到答案，请稍后再问。`],
      ["/reports", `${status}，请稍候。`],
    ] as const) {
      const mark = api.mark();
      api.sendText(chat, user, text);
      const reply = await api.waitForMessage(chat.id, { after: mark, timeoutMs: 10_000 });
      expect(reply.text).toContain(expected);
      expect(reply.text).not.toContain("没有收录任何报告");
      expect(reply.text).not.toContain("没有任何报告");
      expect(reply.text).not.toContain("示例");
    }
  });
});
