/**
 * A not-found reply is no dead end, end to end (the real bot over HTTP to the Bot API emulator): it offers the
 * nearest items, the same question in the years the district has, and a subscription to a district not covered
 * yet.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openStore, type Store } from "../../src/persist/store.js";
import { subscriptionsFeature } from "../../src/telegram/features/subscriptions.js";
import type { Chat, Message, User } from "../support/bot-api-server.js";
import { buttonLabelled, type Harness, privateUser, sayTo, startHarness } from "./harness.js";

const dataDir = mkdtempSync(join(tmpdir(), "not-found-"));
let store: Store;
let h: Harness;
let nextUser = 5300;

beforeAll(async () => {
  store = openStore({ dataDir });
  h = await startHarness({
    sessions: store.sessions,
    features: [subscriptionsFeature({ subscriptions: store.subscriptions })],
  });
});
afterAll(async () => {
  await h?.stop();
  store?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const newUser = () => privateUser(h, nextUser++);
const say = (chat: Chat, user: User, text: string) => sayTo(h, chat, user, text);

async function press(message: Message, label: RegExp, user: User): Promise<string> {
  const button = buttonLabelled(message, label);
  const mark = h.api.mark();
  const id = h.api.pressButton(message, button.callback_data!, user);
  const answered = await h.api.waitForCall(
    (c) => c.method === "answerCallbackQuery" && c.params.callback_query_id === id,
    { after: mark },
  );
  return String(answered.params.text ?? "");
}

describe("a not-found reply", () => {
  test("offers the question in the years the district has, and answers it when pressed", async () => {
    const { user, chat } = newUser();
    const reply = await say(chat, user, "青浦2019年招录新教师多少名");
    expect(reply.text).toContain("没有2019年的报告");
    const mark = h.api.mark();
    await press(reply, /2020年/, user);
    const answer = await h.api.waitForMessage(chat.id, { after: mark });
    expect(answer.text).toContain("196名");
  });

  test("offers to tell the chat when a district not covered yet gets a report", async () => {
    const { user, chat } = newUser();
    const reply = await say(chat, user, "海淀区2020年课后服务");
    expect(reply.text).toContain("海淀区");
    const said = await press(reply, /海淀区有报告时通知我/, user);
    expect(said).toContain("已订阅海淀区");
    expect((await store.subscriptions.activeFor(chat.id)).map((s) => s.district)).toEqual(["海淀区"]);
  });

  test("offers the nearest items to open when it is unsure", async () => {
    const { user, chat } = newUser();
    const reply = await say(chat, user, "嘉定2017年招录新教师多少名");
    expect(reply.text).toContain("可能相关");
    const mark = h.api.mark();
    await press(reply, /可能相关：嘉定区2017年/, user);
    const item = await h.api.waitForMessage(chat.id, { after: mark });
    expect(item.text).toContain("嘉定");
  });
});

describe("around an answer", () => {
  test("an answer can be shared through inline mode with its question", async () => {
    const { user, chat } = newUser();
    const reply = await say(chat, user, "青浦2020年招录新教师多少名");
    const share = (reply.reply_markup?.inline_keyboard ?? []).flat().find((b) => b.text.includes("分享")) as
      | { switch_inline_query?: string }
      | undefined;
    expect(share?.switch_inline_query).toBe("青浦2020年招录新教师多少名");
  });

  test("/start help (the inline mode's way to the bot) shows how to ask", async () => {
    const { user, chat } = newUser();
    const reply = await say(chat, user, "/start help");
    expect(reply.text).toContain("怎么提问");
  });
});
