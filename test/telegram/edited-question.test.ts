/**
 * An edited question, end to end (the real bot over HTTP to the Bot API emulator): the reply to it is edited
 * into the new answer instead of a second reply being sent; which reply answers which question is in the
 * SQLite session storage, so a restarted bot still edits it; a reply that can no longer be edited gives way to
 * a new one.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openStore, type Store } from "../../src/persist/store.js";
import { BotApiServer, type Chat, type Message, type User } from "../support/bot-api-server.js";
import { type Harness, startHarness } from "./harness.js";

const dataDir = mkdtempSync(join(tmpdir(), "edited-question-"));
let api: BotApiServer;
let store: Store;
let h: Harness;

beforeAll(async () => {
  api = await BotApiServer.start({ maxPollMs: 500 });
  store = openStore({ dataDir });
  h = await startHarness({ api, sessions: store.sessions });
});
afterAll(async () => {
  await h?.stop();
  store?.close();
  await api?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function ask(chat: Chat, user: User, text: string): Promise<{ question: Message; reply: Message }> {
  const mark = api.mark();
  const question = api.sendText(chat, user, text);
  return { question, reply: await api.waitForMessage(chat.id, { after: mark }) };
}

/** The user edits `question`; resolves with the bot's reply as it then stands (edited or new). */
async function editQuestion(question: Message, text: string): Promise<void> {
  const mark = api.mark();
  api.editText(question, text);
  await api.waitForCall((call) => call.method === "editMessageText" || call.method === "sendMessage", {
    after: mark,
  });
}

/** Waits for `condition`, checked every 20 ms, at most 100 times. */
async function until(condition: () => boolean): Promise<void> {
  for (let tries = 0; tries < 100 && !condition(); tries++) await new Promise((r) => setTimeout(r, 20));
  expect(condition()).toBe(true);
}

describe("an edited question", () => {
  test("edits the earlier reply into the new answer, also after a restart of the bot", async () => {
    const user = api.user(5600);
    const chat = api.privateChat(user);
    const { question, reply } = await ask(chat, user, "青浦2019年招录新教师多少名");
    expect(reply.text).not.toContain("196名");

    await editQuestion(question, "青浦2020年招录新教师多少名");
    const edited = api.message(chat.id, reply.message_id)!;
    expect(edited.text).toContain("196名");
    expect(edited.edits).toBe(1);
    // The answer's own buttons came with it.
    expect(edited.reply_markup?.inline_keyboard.flat().some((b) => b.text === "📖 查看原文")).toBe(true);
    expect(api.botMessages(chat.id)).toHaveLength(1);

    // The session is written when the update's handling ends, just after the edit leaves.
    await until(() => JSON.stringify(store.sessions.read(String(chat.id)) ?? "").includes("replies"));
    await h.stop();
    store.close();
    store = openStore({ dataDir });
    h = await startHarness({ api, sessions: store.sessions });

    await editQuestion(question, "嘉定2017年参加交流轮岗的校长老师有多少");
    const again = api.message(chat.id, reply.message_id)!;
    expect(again.text).toContain("251名");
    expect(again.edits).toBe(2);
    expect(api.botMessages(chat.id)).toHaveLength(1);
  });

  test("gets a new reply when the earlier one is gone", async () => {
    const user = api.user(5601);
    const chat = api.privateChat(user);
    const { question, reply } = await ask(chat, user, "青浦2019年招录新教师多少名");
    const deleted = await fetch(`${api.apiRoot}/bot${api.token}/deleteMessage`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ chat_id: chat.id, message_id: reply.message_id }),
    });
    expect(deleted.ok).toBe(true);
    const mark = api.mark();
    api.editText(question, "青浦2020年招录新教师多少名");
    const fresh = await api.waitForMessage(chat.id, { after: mark });
    expect(fresh.message_id).not.toBe(reply.message_id);
    expect(fresh.text).toContain("196名");
  });

  test("in a group, an edited /ask edits the bot's reply; other edits get silence", async () => {
    const user = api.user(5602);
    const group = api.groupChat(-5602);
    const { question, reply } = await ask(group, user, "/ask 青浦2019年招录新教师多少名");
    await editQuestion(question, "/ask 青浦2020年招录新教师多少名");
    expect(api.message(group.id, reply.message_id)!.text).toContain("196名");
    expect(api.botMessages(group.id)).toHaveLength(1);

    const chatter = api.sendText(group, user, "今天开会吗");
    const mark = api.mark();
    api.editText(chatter, "今天下午开会吗");
    await api.expectNoCall("sendMessage", { after: mark, ms: 400 });
    await api.expectNoCall("editMessageText", { after: mark, ms: 1 });
  });
});
