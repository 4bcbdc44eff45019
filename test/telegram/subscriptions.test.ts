/**
 * End to end through the Bot API emulator (real HTTP, real grammY bot, real SQLite, real corpus watcher):
 * subscribe → a report lands in the corpus folder → the notice arrives → its button answers a question →
 * district filters hold → unsubscribe stops notices → after a restart the subscriptions are still there.
 * getChatMember (group admin check) is answered by a recording transformer: the emulator lacks it.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonsOf, type Message } from "../support/bot-api-server.js";
import { reportText, sampleReport } from "../support/fixtures.js";
import { type NotifyHarness, startNotifyHarness } from "./notify/support/notify-harness.js";

let dir: string;
let corpusDir: string;
let dbFile: string;
let harness: NotifyHarness | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "subs-e2e-"));
  corpusDir = join(dir, "corpus");
  dbFile = join(dir, "data", "bot.sqlite");
});

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<NotifyHarness> {
  harness = await startNotifyHarness({ dbFile, corpusDir });
  return harness;
}

/** A user sends a command and gets the bot's reply. */
async function command(h: NotifyHarness, userId: number, text: string, chatId = userId): Promise<Message> {
  const user = h.api.user(userId);
  const chat = chatId === userId ? h.api.privateChat(user) : h.api.groupChat(chatId);
  const after = h.api.mark();
  h.api.sendText(chat, user, text);
  return h.api.waitForMessage(chat.id, { after, timeoutMs: 5000 });
}

/** Polls `check` until true; fails after `timeoutMs`. */
async function waitUntil(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function dropReport(district: string, year: number): string {
  const report = sampleReport({ district, year });
  writeFileSync(join(corpusDir, `${district}-${year}.txt`), reportText(report));
  return report.title;
}

function noticesTo(h: NotifyHarness, chatId: number, after: number): string[] {
  return h.api.calls
    .filter(
      (c) => c.index >= after && c.ok && c.method === "sendMessage" && Number(c.params.chat_id) === chatId,
    )
    .map((c) => String(c.params.text))
    .filter((text) => text.includes("新报告") || text.includes("报告已更新"));
}

async function waitForNotice(
  h: NotifyHarness,
  chatId: number,
  title: string,
  after: number,
): Promise<Message> {
  const call = await h.api.waitForCall(
    (c) =>
      c.method === "sendMessage" &&
      Number(c.params.chat_id) === chatId &&
      String(c.params.text).includes(title),
    { after, timeoutMs: 8000 },
  );
  return h.api.message(chatId, (call.result as Message).message_id)!;
}

describe("subscriptions end to end", () => {
  it("subscribe, notice with a working button, district filter, unsubscribe, restart", async () => {
    const h = await start();
    expect((await command(h, 101, "/subscribe")).text).toContain("已订阅全部报告");
    expect((await command(h, 101, "/subscribe")).text).toContain("无需重复订阅");
    expect((await command(h, 102, "/subscribe 嘉定")).text).toContain("已订阅：嘉定区");
    const unknown = await command(h, 103, "/subscribe 火星 <b>x</b>");
    expect(unknown.text).toContain("没有找到名为「火星」的区县");
    expect(unknown.text).toContain("没有找到名为「<b>x</b>」的区县"); // shown literally, not parsed
    expect((await command(h, 103, "/subscriptions")).text).toContain("还没有订阅");

    // A new report lands in the corpus folder: the all-reports subscriber hears of it, 嘉定 does not.
    let mark = h.api.mark();
    const songjiang = dropReport("松江区", 2023);
    const notice = await waitForNotice(h, 101, songjiang, mark);
    expect(notice.text).toContain("新报告");
    expect(notice.text).toContain("松江区 · 2023年");
    expect(notice.text).toContain("共 3 部分、6 条");
    expect(await h.broadcaster.drained(5000)).toBe(true);
    expect(noticesTo(h, 102, mark)).toEqual([]);

    // The notice's button asks a first question, answered from the new report.
    const ask = buttonsOf(notice).find((b) => b.text.includes("问一个问题"))!;
    mark = h.api.mark();
    h.api.pressButton(notice, ask.callback_data!, h.api.user(101));
    const answer = await h.api.waitForMessage(101, { after: mark });
    // Answered from the new report: its compact citation names the district and year.
    expect(answer.text).toContain("📄 松江区2023年工作总结 · ");
    expect(buttonsOf(notice).some((b) => b.callback_data?.startsWith("rp:"))).toBe(true);

    // A 嘉定 report reaches both; then 101 unsubscribes and hears of nothing more.
    mark = h.api.mark();
    const jiading = dropReport("嘉定区", 2023);
    await waitForNotice(h, 102, jiading, mark);
    await waitForNotice(h, 101, jiading, mark);
    expect((await command(h, 101, "/unsubscribe")).text).toContain("已取消本聊天的全部订阅");
    mark = h.api.mark();
    const later = dropReport("松江区", 2024);
    await h.watcher.settled();
    await waitUntil(() => h.engine.coverage().some((c) => c.title === later), 5000);
    expect(await h.broadcaster.drained(5000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(noticesTo(h, 101, mark)).toEqual([]);
    expect(noticesTo(h, 102, mark)).toEqual([]);

    // Restart on the same database and corpus: subscriptions persist, nothing is announced twice.
    await h.stop();
    harness = undefined;
    const again = await start();
    mark = again.api.mark();
    expect((await command(again, 102, "/subscriptions")).text).toContain("嘉定区");
    expect((await command(again, 101, "/subscriptions")).text).toContain("还没有订阅");
    await again.watcher.settled();
    expect(await again.broadcaster.drained(3000)).toBe(true);
    expect(noticesTo(again, 102, mark)).toEqual([]);
    expect(again.store.deliveries.countByState()).toMatchObject({ sent: 3, pending: 0 });
  }, 60_000);

  it("in a group only an admin may subscribe or unsubscribe; anyone may list", async () => {
    const h = await start();
    const group = -5001;
    expect((await command(h, 201, "/subscribe 青浦", group)).text).toContain("只有群管理员");
    expect(h.store.subscriptions.activeFor(group)).toEqual([]);
    expect(h.memberLookups).toEqual([{ chatId: group, userId: 201 }]);

    h.members.set(202, "administrator");
    expect((await command(h, 202, "/subscribe 青浦 嘉定区", group)).text).toContain("已订阅：青浦区、嘉定区");
    expect((await command(h, 201, "/subscriptions", group)).text).toContain("青浦区、嘉定区");
    expect((await command(h, 201, "/unsubscribe", group)).text).toContain("只有群管理员");
    expect((await command(h, 202, "/unsubscribe 青浦", group)).text).toContain("已取消订阅：青浦区");
    expect(h.store.subscriptions.recipientsFor("嘉定区")).toEqual([
      { chatId: group, chatType: "supergroup" },
    ]);
    expect(h.store.subscriptions.recipientsFor("青浦区")).toEqual([]);

    const mark = h.api.mark();
    const title = dropReport("嘉定区", 2022);
    const notice = await waitForNotice(h, group, title, mark);
    expect(notice.chat.id).toBe(group);
  }, 30_000);

  it("registers the subscription commands in the menu: changing a group's only for its admins", async () => {
    const h = await start();
    const names = (scope: string) => h.api.menu(scope).map((c) => c.command);
    expect(names("all_private_chats")).toEqual(
      expect.arrayContaining(["subscribe", "unsubscribe", "subscriptions"]),
    );
    expect(names("all_chat_administrators")).toEqual(
      expect.arrayContaining(["ask", "subscribe", "unsubscribe", "subscriptions"]),
    );
    expect(names("all_group_chats")).toContain("subscriptions");
    expect(names("all_group_chats")).not.toContain("subscribe");
    expect(names("all_group_chats")).not.toContain("unsubscribe");
    // /help lists what the menu offers in that kind of chat.
    const help = (await command(h, 103, "/help")).text!;
    expect(help).toContain("/subscribe — ");
    expect(help).not.toContain("/ask — ");
  });
});
