/**
 * Network faults through a proxy on 127.0.0.1: the Bot API refuses connections or swallows them, then comes
 * back; the bot says so in its log, and answers again within seconds. At start-up an unreachable API, and
 * 401/409 on getUpdates, end with a clear message instead of a hang or a raw stack.
 */
import { Writable } from "node:stream";
import { afterEach, describe, expect, test } from "vitest";
import { loadConfig } from "../../src/app/config/config.js";
import { createLogger } from "../../src/app/logger.js";
import { createBot } from "../../src/telegram/bot.js";
import { type FatalApiError, startPolling } from "../../src/telegram/launch.js";
import { BotApiServer } from "../support/bot-api-server.js";
import { FaultProxy } from "../support/fault-proxy.js";
import { FAST_THROTTLE, realEngine } from "./harness.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

function capturingLogger(token: string) {
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { lines, logger: createLogger({ level: "info", secrets: [token], destination }) };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const RETRY = { attempts: 2, firstDelayMs: 50, maxDelayMs: 200, persistentAfter: 3 };

async function botThrough(apiRoot: string, api: BotApiServer, onFatal?: (error: FatalApiError) => void) {
  const { lines, logger } = capturingLogger(api.token);
  const config = loadConfig({
    env: { BOT_TOKEN: api.token, TELEGRAM_API_ROOT: apiRoot, LOG_LEVEL: "silent" },
    envFile: null,
  });
  const bot = createBot({
    engine: await realEngine(),
    config,
    logger,
    throttle: FAST_THROTTLE,
    networkRetry: RETRY,
    apiTimeoutSeconds: 3,
  });
  const start = startPolling(bot, {
    logger,
    pollTimeoutSeconds: 1,
    apiRoot,
    ...(onFatal ? { onFatal } : {}),
  });
  return { bot, lines, logger, start };
}

describe("network faults", () => {
  test("the API refusing connections, then back: logged once, answered again within seconds", async () => {
    const api = await BotApiServer.start({ maxPollMs: 300 });
    cleanups.push(() => api.stop());
    const proxy = await FaultProxy.start(api.apiRoot);
    cleanups.push(() => proxy.close());
    const { lines, start } = await botThrough(proxy.url, api);
    const running = await start;
    cleanups.push(() => running.stop());

    const user = api.user(5001);
    const chat = api.privateChat(user);
    let mark = api.mark();
    api.sendText(chat, user, "/help");
    const help = (await api.waitForMessage(chat.id, { after: mark })).text;
    // Let the reply's HTTP response reach the bot before the network goes.
    await api.expectNoCall("sendMessage", { after: api.mark(), ms: 300 });

    await proxy.refuse();
    await waitFor(() => lines.some((line) => line.msg === "Bot API still unreachable"), "the outage logged");
    const warnings = lines.filter((line) => line.msg === "cannot reach the Bot API; retrying");
    expect(warnings).toHaveLength(1); // one warning for the outage, not one per poll
    // The open long poll is cut (ECONNRESET), then every new connection is refused.
    expect(["ECONNRESET", "ECONNREFUSED"]).toContain(warnings[0]!.reason);
    expect(lines.find((line) => line.msg === "Bot API still unreachable")!.reason).toBe("ECONNREFUSED");
    mark = api.mark();
    api.sendText(chat, user, "/help"); // waits in the API while the bot cannot reach it

    await proxy.recover();
    expect((await api.waitForMessage(chat.id, { after: mark, timeoutMs: 10_000 })).text).toBe(help);
    expect(lines.some((line) => line.msg === "Bot API reachable again, polling resumed")).toBe(true);
    expect(lines.some((line) => line.msg === "update failed")).toBe(false);
  }, 60_000);

  test("five HTTP 500s on getUpdates: backed off (capped), logged, and polling resumes", async () => {
    const api = await BotApiServer.start({ maxPollMs: 300 });
    cleanups.push(() => api.stop());
    const { lines, start } = await botThrough(api.apiRoot, api);
    const running = await start;
    cleanups.push(() => running.stop());
    const mark = api.mark();
    // (The emulator keeps getUpdates out of its call record: the failures are counted from the bot's log.)
    api.failNext("getUpdates", { error_code: 500, description: "Internal Server Error" }, 5);
    const user = api.user(5003);
    const chat = api.privateChat(user);
    api.sendText(chat, user, "/help");
    expect((await api.waitForMessage(chat.id, { after: mark, timeoutMs: 10_000 })).text).toBeTruthy();
    // Waits between failed polls double from 50 ms and are capped at RETRY.maxDelayMs (200 ms here).
    const warning = lines.filter((line) => line.msg === "cannot reach the Bot API; retrying");
    expect(warning.map((line) => [line.reason, line.retryInMs])).toEqual([["500 Internal Server Error", 50]]);
    const persisting = lines.filter((line) => line.msg === "Bot API still unreachable");
    expect(persisting.map((line) => [line.failures, line.retryInMs])).toEqual([[RETRY.persistentAfter, 200]]);
    expect(lines.some((line) => line.msg === "Bot API reachable again, polling resumed")).toBe(true);
  }, 30_000);

  test("a black-holed connection is given up after the API timeout and polling resumes", async () => {
    const api = await BotApiServer.start({ maxPollMs: 300 });
    cleanups.push(() => api.stop());
    const proxy = await FaultProxy.start(api.apiRoot);
    cleanups.push(() => proxy.close());
    const { lines, start } = await botThrough(proxy.url, api);
    const running = await start;
    cleanups.push(() => running.stop());

    await proxy.blackhole();
    // The first poll is cut; the next ones hang until the API timeout (3 s here) gives up on them.
    await waitFor(() => lines.some((line) => line.msg === "Bot API still unreachable"), "timeouts", 30_000);
    const user = api.user(5002);
    const chat = api.privateChat(user);
    const mark = api.mark();
    api.sendText(chat, user, "/help");
    await proxy.recover();
    expect((await api.waitForMessage(chat.id, { after: mark, timeoutMs: 15_000 })).text).toBeTruthy();
  }, 60_000);

  test("an unreachable API at start-up ends start-up with the reason, after bounded retries", async () => {
    const api = await BotApiServer.start({ maxPollMs: 300 });
    cleanups.push(() => api.stop());
    const proxy = await FaultProxy.start(api.apiRoot);
    await proxy.close(); // nothing listens there
    const { lines, start } = await botThrough(proxy.url, api);
    const error = await start.then(
      () => undefined,
      (failure: unknown) => failure as Error,
    );
    expect(error?.name).toBe("FatalApiError");
    expect(error?.message).toContain("无法连接 Telegram Bot API");
    expect(error?.message).toContain(proxy.url);
    expect(error?.message).toContain("ECONNREFUSED");
    // Tried 1 + RETRY.attempts times, each logged, never forever.
    expect(lines.filter((line) => line.msg === "Bot API call failed; giving up")).toHaveLength(1);
  }, 30_000);

  for (const [code, description, expected] of [
    [401, "Unauthorized", "令牌无效或已被撤销"],
    [409, "Conflict: terminated by other getUpdates request", "另一个实例正在使用同一个 BOT_TOKEN"],
  ] as const) {
    test(`${code} on getUpdates stops polling with a clear message, no unhandled rejection`, async () => {
      const api = await BotApiServer.start({ maxPollMs: 300 });
      cleanups.push(() => api.stop());
      const fatal: FatalApiError[] = [];
      const { lines, start } = await botThrough(api.apiRoot, api, (error) => fatal.push(error));
      const running = await start;
      cleanups.push(() => running.stop());
      api.failNext("getUpdates", { error_code: code, description });
      await waitFor(() => fatal.length > 0, "the fatal error");
      expect(fatal[0]!.message).toContain(expected);
      expect(fatal[0]!.message).toContain(`（${code}`);
      expect(lines.some((line) => line.level === 50 && line.msg === fatal[0]!.message)).toBe(true);
      expect(running.runner.isRunning()).toBe(false);
    }, 30_000);
  }
});
