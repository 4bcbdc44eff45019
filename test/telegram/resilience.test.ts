/**
 * End to end: what keeps the bot standing — the error boundary, retries on 429/5xx, per-user rate limiting,
 * outgoing throttling, long items split politely, and webhook mode with its secret token.
 */
import { afterEach, describe, expect, test } from "vitest";
import { loadConfig } from "../../src/app/config/config.js";
import { createLogger } from "../../src/app/logger.js";
import type { Engine } from "../../src/core/domain/engine.js";
import { itemRef, type Report } from "../../src/core/domain/report.js";
import { createBot } from "../../src/telegram/bot.js";
import { DEFAULT_CHAT_QUEUE } from "../../src/telegram/chat-queue.js";
import { ERROR_REPLY } from "../../src/telegram/error-boundary.js";
import { startWebhook } from "../../src/telegram/launch.js";
import { DEFAULT_RATE_LIMIT } from "../../src/telegram/rate-limit.js";
import { BotApiServer, type Message } from "../support/bot-api-server.js";
import { COMPACT_CITATION, type Harness, realEngine, startHarness } from "./harness.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function harness(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const h = await startHarness(options);
  cleanups.push(h.stop);
  return h;
}

function answerable(engine: Engine): string {
  const report = engine.reports()[0]!;
  for (const item of report.sections.flatMap((s) => s.items)) {
    const question = `${report.district}${report.year}年${item.title}`;
    if (engine.ask(question).found) return question;
  }
  throw new Error("the engine answers nothing");
}

describe("error boundary", () => {
  test("a failing update is answered 「出错了，请稍后再试」 and the bot keeps answering", async () => {
    const engine = await realEngine();
    const faulty: Engine = Object.create(engine);
    faulty.ask = (question, options) => {
      if (question.includes("故障")) throw new Error("simulated engine failure");
      return engine.ask(question, options);
    };
    const h = await harness({ engine: faulty });
    const user = h.api.user(4001);
    const chat = h.api.privateChat(user);
    let mark = h.api.mark();
    h.api.sendText(chat, user, "制造一个故障");
    expect((await h.api.waitForMessage(chat.id, { after: mark })).text).toBe(ERROR_REPLY);

    mark = h.api.mark();
    h.api.sendText(chat, user, answerable(engine));
    expect((await h.api.waitForMessage(chat.id, { after: mark })).text).toMatch(COMPACT_CITATION);
  });
});

describe("automatic retries", () => {
  test("429 with retry_after and a 502 are retried until the message gets through", async () => {
    const h = await harness();
    const user = h.api.user(4002);
    const chat = h.api.privateChat(user);
    h.api.failNext("sendMessage", {
      error_code: 429,
      description: "Too Many Requests: retry after 1",
      parameters: { retry_after: 1 },
    });
    h.api.failNext("sendMessage", { error_code: 502, description: "Bad Gateway" });
    const mark = h.api.mark();
    h.api.sendText(chat, user, answerable(h.engine));
    const reply = await h.api.waitForMessage(chat.id, { after: mark, timeoutMs: 10_000 });
    expect(reply.text).toMatch(COMPACT_CITATION);
    const attempts = h.api.calls.filter((c) => c.index >= mark && c.method === "sendMessage");
    expect(attempts.map((c) => c.ok)).toEqual([false, false, true]);
    // retry_after was honoured: the successful attempt came at least ~1 s after the 429.
    expect(attempts[2]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(900);
  });
});

describe("rate limiting", () => {
  test("over the per-user limit, the user is told once and the flood is not answered", async () => {
    const h = await harness({ rateLimit: { timeFrameMs: 4000, limit: 3 } });
    const user = h.api.user(4003);
    const chat = h.api.privateChat(user);
    const question = answerable(h.engine);
    const mark = h.api.mark();
    for (let i = 0; i < 7; i++) h.api.sendText(chat, user, question);
    await h.api.waitForMessages(chat.id, 4, { after: mark });
    await new Promise((resolve) => setTimeout(resolve, 600)); // room for any excess reply to show up
    const all = h.api.calls
      .filter((c) => c.index >= mark && c.method === "sendMessage")
      .map((c) => (c.result as Message).text!);
    expect(all.filter((text) => COMPACT_CITATION.test(text))).toHaveLength(3);
    expect(all.filter((text) => text.includes("太频繁"))).toHaveLength(1);
    expect(all).toHaveLength(4);

    // Another user is not affected.
    const other = h.api.user(4004);
    const otherMark = h.api.mark();
    h.api.sendText(h.api.privateChat(other), other, question);
    expect((await h.api.waitForMessage(other.id, { after: otherMark })).text).toMatch(COMPACT_CITATION);
  });
});

describe("fairness under a flood", () => {
  test("within the rate limit, a chat's queue is still bounded: the excess is dropped with one notice", async () => {
    const h = await harness({ throttle: {}, rateLimit: false });
    const user = h.api.user(4012);
    const chat = h.api.privateChat(user);
    const question = answerable(h.engine);
    const mark = h.api.mark();
    for (let i = 0; i < 20; i++) h.api.sendText(chat, user, `${question} ${i}`);
    await h.api.waitForMessages(chat.id, DEFAULT_CHAT_QUEUE.privateChat + 1, {
      after: mark,
      timeoutMs: 15_000,
    });
    await h.api.expectNoCall("sendMessage", { after: h.api.mark(), ms: 1_500 });
    const texts = h.api.botMessages(chat.id).map((message) => message.text ?? "");
    expect(texts.filter((text) => text.includes("还在处理中"))).toHaveLength(1);
    expect(texts.filter((text) => COMPACT_CITATION.test(text))).toHaveLength(DEFAULT_CHAT_QUEUE.privateChat);
  }, 30_000);

  test("600 messages from one chat do not hold another user's answer", async () => {
    // Production throttling: each answer in the flooding chat really waits a second for the one before.
    const h = await harness({ throttle: {} });
    const flooder = h.api.user(4010);
    const floodChat = h.api.privateChat(flooder);
    const question = answerable(h.engine);
    const mark = h.api.mark();
    for (let i = 0; i < 600; i++) h.api.sendText(floodChat, flooder, `${question} ${i}`);
    const other = h.api.user(4011);
    h.api.sendText(h.api.privateChat(other), other, question);

    const answer = await h.api.waitForMessage(other.id, { after: mark, timeoutMs: 20_000 });
    expect(answer.text).toMatch(COMPACT_CITATION);
    const answerCall = h.api.calls.find(
      (c) => c.index >= mark && c.method === "sendMessage" && Number(c.params.chat_id) === other.id,
    )!;
    // Sent before the other user's answer: fewer flood replies than the rate limit lets through in a
    // window (one per second in that chat) — the other user did not wait behind the flood.
    const floodBefore = h.api.calls.filter(
      (c) =>
        c.index >= mark &&
        c.index < answerCall.index &&
        c.method === "sendMessage" &&
        Number(c.params.chat_id) === floodChat.id,
    );
    expect(floodBefore.length).toBeLessThan(DEFAULT_RATE_LIMIT.limit);

    // The flood itself was mostly dropped, with a notice rather than 600 answers.
    await h.api.waitForMessages(floodChat.id, 2, { after: mark, timeoutMs: 10_000 });
    const floodReplies = h.api
      .botMessages(floodChat.id)
      .filter((message) => message.message_id > 0)
      .map((message) => message.text ?? "");
    expect(floodReplies.some((text) => text.includes("太频繁") || text.includes("还在处理中"))).toBe(true);
    expect(floodReplies.length).toBeLessThanOrEqual(DEFAULT_RATE_LIMIT.limit + 2);
  }, 60_000);
});

/** A made-up report with one item far longer than a Telegram message, in paragraphs of sentences. */
function longReport(): Report {
  const sentence = (n: number) => `第${n}项工作稳步推进，覆盖全区${n * 3}所学校，受益学生${n * 120}人。`;
  const paragraphs = Array.from({ length: 40 }, (_, p) =>
    Array.from({ length: 8 }, (_, s) => sentence(p * 8 + s + 1)).join(""),
  );
  return {
    id: "999999-2030-abcdef",
    title: "测试区2030年教育工作总结（测试用）",
    district: "测试区",
    year: 2030,
    source: "test-long.txt",
    sections: [
      { no: 1, title: "长条目", items: [{ no: "1", title: "推进各项工作", text: paragraphs.join("\n") }] },
    ],
  };
}

describe("long items", () => {
  test("an item longer than 4096 characters arrives in several well-formed parts, spaced by the throttler", async () => {
    // Default (production) throttling: at most one message per second in a private chat.
    const h = await harness({ throttle: {} });
    const report = longReport();
    h.engine.add(report);
    const user = h.api.user(4005);
    const chat = h.api.privateChat(user);
    const mark = h.api.mark();
    h.api.sendText(chat, user, `/item ${itemRef(report.id, 1, "1")}`);
    const first = await h.api.waitForMessage(chat.id, { after: mark });
    const expectedParts = Math.ceil(report.sections[0]!.items[0]!.text.length / 4096);
    const parts = await h.api.waitForMessages(chat.id, Math.max(expectedParts, 2), {
      after: mark,
      timeoutMs: 10_000,
    });
    expect(parts[0]).toEqual(first);
    for (const part of parts) {
      expect(part.text!.length).toBeLessThanOrEqual(4096);
      // Each part ends at a paragraph or sentence end, never mid-sentence.
      expect(part.text).toMatch(/。$/);
    }
    const shown = parts.map((p) => p.text).join("\n");
    for (const paragraph of report.sections[0]!.items[0]!.text.split("\n"))
      expect(shown).toContain(paragraph);
    const sends = h.api.calls.filter((c) => c.index >= mark && c.method === "sendMessage");
    expect(sends[1]!.at - sends[0]!.at).toBeGreaterThanOrEqual(800);
  });
});

describe("webhook mode", () => {
  test("serves Telegram's POSTs with the secret token, rejects others, registers the webhook", async () => {
    const api = await BotApiServer.start();
    cleanups.push(() => api.stop());
    const config = loadConfig({
      env: {
        BOT_TOKEN: api.token,
        TELEGRAM_API_ROOT: api.apiRoot,
        WEBHOOK_URL: "https://bot.example.org/tg/hook",
      },
      envFile: null,
    });
    const logger = createLogger({ level: "silent" });
    const bot = createBot({ engine: await realEngine(), config, logger, throttle: false });
    const secret = "webhook-secret_123";
    const running = await startWebhook(bot, {
      logger,
      url: config.webhookUrl!,
      port: 0,
      host: "127.0.0.1",
      secret,
    });
    cleanups.push(running.stop);
    expect(api.webhook).toEqual({ url: "https://bot.example.org/tg/hook", secret_token: secret });

    const user = api.user(4006);
    const chat = api.privateChat(user);
    api.sendText(chat, user, "/start");
    const update = api.updates.at(-1)!;
    const post = (headers: Record<string, string>, path = "/tg/hook") =>
      fetch(`http://127.0.0.1:${running.port}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(update),
      });

    const mark = api.mark();
    expect((await post({ "x-telegram-bot-api-secret-token": "wrong" })).status).toBe(401);
    expect((await post({})).status).toBe(401);
    expect((await post({ "x-telegram-bot-api-secret-token": secret }, "/elsewhere")).status).toBe(404);
    await api.expectNoCall("sendMessage", { after: mark, ms: 200 });

    expect((await post({ "x-telegram-bot-api-secret-token": secret })).status).toBe(200);
    expect((await api.waitForMessage(chat.id, { after: mark })).text).toContain("你好");
  });
});
