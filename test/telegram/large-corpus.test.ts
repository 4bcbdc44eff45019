/**
 * Replies that stay short however many reports there are (the real bot over HTTP to the Bot API emulator,
 * 40 generated reports plus the two real ones): /start summarises, /reports pages in place.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createEngine } from "../../src/core/engine.js";
import { loadCorpus } from "../../src/ingest/load-corpus.js";
import { buttonsOf, type Chat, type Message, type User } from "../support/bot-api-server.js";
import { generatedCorpus } from "../support/generated-corpus.js";
import { type Harness, startHarness } from "./harness.js";

const corpus = generatedCorpus(40, "large-corpus-bot");
let h: Harness;
let user: User;
let chat: Chat;

beforeAll(async () => {
  const { reports } = await loadCorpus(corpus.dir);
  h = await startHarness({ engine: createEngine(reports) });
  user = h.api.user(5400);
  chat = h.api.privateChat(user);
});
afterAll(async () => {
  await h?.stop();
  corpus.cleanup();
});

async function say(text: string): Promise<Message> {
  const mark = h.api.mark();
  h.api.sendText(chat, user, text);
  return h.api.waitForMessage(chat.id, { after: mark });
}

describe("with many reports", () => {
  test("/start names a few reports and how many there are, in one short message", async () => {
    const reply = await say("/start");
    expect(reply.text!.length).toBeLessThan(1500);
    expect(reply.text).toContain(`共 ${h.engine.reports().length} 份`);
  });

  test("/reports shows ten reports with their buttons and pages in place", async () => {
    const reply = await say("/reports");
    const outlines = buttonsOf(reply).filter((b) => b.text.includes("大纲"));
    expect(outlines).toHaveLength(10);
    expect(reply.text).toMatch(/第 1\/\d+ 页/);
    const next = buttonsOf(reply).find((b) => b.text.includes("下一页"))!;
    const mark = h.api.mark();
    h.api.pressButton(reply, next.callback_data!, user);
    await h.api.waitForCall("editMessageText", { after: mark });
    const edited = h.api.message(chat.id, reply.message_id)!;
    expect(edited.text).toMatch(/第 2\/\d+ 页/);
    expect(edited.text).not.toBe(reply.text);
    expect(h.api.botMessages(chat.id).filter((m) => m.text?.includes("📚"))).toHaveLength(1);
  });

  test("/reports with a district or a year lists only those", async () => {
    const report = h.engine.reports().find((r) => r.district === "青浦区")!;
    const byDistrict = await say("/reports 青浦");
    expect(byDistrict.text).toContain("收录的报告（1 份）");
    expect(byDistrict.text).toContain(report.title);
    const byYear = await say(`/reports ${report.year}`);
    const inYear = h.engine.reports().filter((r) => r.year === report.year).length;
    expect(byYear.text).toContain(`收录的报告（${inYear} 份）`);
    const none = await say("/reports 不存在区");
    expect(none.text).toContain("没有找到「不存在区」的报告");
  });
});
