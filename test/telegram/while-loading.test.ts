/**
 * A large corpus still loading when the bot starts taking updates: every reply says how far the load got,
 * none says there are no reports nor promises example buttons that are not there, and a question that
 * finds nothing yet is answered in place once the load ends.
 */
import { afterEach, describe, expect, it } from "vitest";
import { withLoadingNote } from "../../src/app/loading-note.js";
import { ReportEngine } from "../../src/core/engine.js";
import { corpusReports, type Harness, startHarness } from "./harness.js";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe("while the corpus loads", { timeout: 30_000 }, () => {
  it("says how far it got, never that there are no reports, and answers held questions when loaded", async () => {
    let status: string | undefined = "报告正在加载（已加载 0 / 3000 份）";
    let finishLoad!: () => void;
    const loaded = new Promise<void>((resolve) => {
      finishLoad = resolve;
    });
    const inner = new ReportEngine();
    harness = await startHarness({
      engine: withLoadingNote(inner, () => status),
      loading: () => status,
      loaded,
    });
    const { api } = harness;
    const user = api.user(7001);
    const chat = api.privateChat(user);
    const ask = async (text: string) => {
      const mark = api.mark();
      api.sendText(chat, user, text);
      return api.waitForMessage(chat.id, { after: mark, timeoutMs: 10_000 });
    };

    const replies = {
      start: await ask("/start"),
      question: await ask("青浦2020年招录新教师多少名"),
      reports: await ask("/reports"),
    };
    expect(replies.start.text).toContain(`${status}，请稍候再提问。`);
    expect(replies.question.text).toContain(`${status}，还没有找到「青浦2020年招录新教师多少名」的答案`);
    expect(replies.reports.text).toContain(`${status}，请稍候。`);
    for (const reply of Object.values(replies)) {
      expect(reply.text).not.toContain("没有收录任何报告");
      expect(reply.text).not.toContain("没有任何报告");
      expect(reply.text).not.toContain("示例");
    }

    // The load ends: the held question's placeholder becomes its answer.
    for (const report of await corpusReports()) inner.add(report);
    status = undefined;
    const mark = api.mark();
    finishLoad();
    await api.waitForCall("editMessageText", { after: mark, timeoutMs: 10_000 });
    const edited = api.message(chat.id, replies.question.message_id)!;
    expect(edited.text).toContain("196名");
    expect(edited.text).not.toContain("正在加载");
  });
});
