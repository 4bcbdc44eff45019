import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../../src/persist/store.js";
import { Broadcaster } from "../../../src/telegram/notify/broadcaster.js";
import { enqueueReportNotice } from "../../../src/telegram/notify/outbox.js";
import { createBroadcastApi, sendNoticeVia } from "../../../src/telegram/notify/telegram-send.js";
import { type RecordingBotApi, startRecordingBotApi, tooManyRequests } from "./support/recording-bot-api.js";
import { makeReport } from "./support/report-fixture.js";

const TOKEN = "123456:TEST_TOKEN_abcdefghijklmnopqrstuvwxyz";
const FAST = { globalPerSecond: 500, perChatIntervalMs: 1000, groupPerMinute: 20 };

let dir: string;
let store: Store;
let server: RecordingBotApi | undefined;
let broadcaster: Broadcaster | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "broadcast-"));
  store = openStore({ file: join(dir, "bot.sqlite") });
});

afterEach(async () => {
  await broadcaster?.stop();
  broadcaster = undefined;
  await server?.close();
  server = undefined;
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function subscribe(chatIds: number[]): void {
  for (const id of chatIds) store.subscriptions.subscribe(id, id < 0 ? "group" : "private");
}

/**
 * The broadcaster's clock, injected, and what it read as each send left and as each answer came back:
 * the limits are promises about that clock. (The server's own receive times would add the machine's
 * scheduling delays, which a loaded machine stretches unevenly.) The clock is real time frozen for one
 * synchronous turn, so a send is stamped with exactly the time the broadcaster decided it by.
 */
let clock: { sent: number[]; answered: { at: number; ok: boolean }[] };

function turnClock(): () => number {
  let frozen: number | undefined;
  return () => {
    if (frozen === undefined) {
      frozen = Date.now();
      queueMicrotask(() => {
        frozen = undefined;
      });
    }
    return frozen;
  };
}

function startBroadcaster(options: Partial<ConstructorParameters<typeof Broadcaster>[0]> = {}): Broadcaster {
  const send = sendNoticeVia(createBroadcastApi(TOKEN, server!.apiRoot));
  const now = turnClock();
  clock = { sent: [], answered: [] };
  broadcaster = new Broadcaster({
    store,
    send: async (...args) => {
      clock.sent.push(now());
      try {
        const result = await send(...args);
        clock.answered.push({ at: now(), ok: true });
        return result;
      } catch (error) {
        clock.answered.push({ at: now(), ok: false });
        throw error;
      }
    },
    now,
    limits: FAST,
    backoffMs: () => 50,
    ...options,
  }).start();
  return broadcaster;
}

describe("Broadcaster against a local Bot API", () => {
  it("sends every pending delivery once, as HTML with the buttons, and records the message id", async () => {
    server = await startRecordingBotApi();
    subscribe([1, 2, 3, -4]);
    const { noticeId } = enqueueReportNotice(store, makeReport());
    const run = startBroadcaster();
    expect(await run.drained(5000)).toBe(true);
    expect([...server.deliveredPerChat().entries()].sort()).toEqual([
      [-4, 1],
      [1, 1],
      [2, 1],
      [3, 1],
    ]);
    expect(server.calls[0]!.text).toContain("《青浦区教育局2020年工作总结》");
    const deliveries = store.deliveries.forNotice(noticeId!);
    expect(deliveries.every((d) => d.state === "sent" && d.messageId !== null)).toBe(true);
  });

  it("honours 429 retry_after: pauses all sending for that long, then delivers", async () => {
    server = await startRecordingBotApi({
      intercept: (_call, index) => (index === 2 ? tooManyRequests(1) : undefined),
    });
    subscribe([1, 2, 3, 4, 5, 6]);
    enqueueReportNotice(store, makeReport());
    const run = startBroadcaster({ maxInFlight: 1 });
    expect(await run.drained(8000)).toBe(true);
    expect(server.count429).toBe(1);
    const after = clock.sent.slice(3);
    expect(after.length).toBeGreaterThan(0);
    // Nothing at all was sent during the flood wait (retry_after: 1 s from when the 429 came back).
    const answered429At = clock.answered.find((answer) => !answer.ok)!.at;
    for (const sentAt of after) expect(sentAt - answered429At).toBeGreaterThanOrEqual(1000);
    expect([...server.deliveredPerChat().values()]).toEqual([1, 1, 1, 1, 1, 1]);
    expect(run.stats.floodWaits).toBe(1);
    expect(store.deliveries.countByState().sent).toBe(6);
  });

  it("marks a subscriber who blocked the bot inactive and stops sending there", async () => {
    server = await startRecordingBotApi({ blockedChats: [2] });
    subscribe([1, 2, 3]);
    enqueueReportNotice(store, makeReport());
    const run = startBroadcaster();
    expect(await run.drained(5000)).toBe(true);
    expect(store.subscriptions.activeFor(2)).toEqual([]);
    expect(store.subscriptions.activeFor(1)).toHaveLength(1);
    expect(store.deliveries.countByState()).toMatchObject({ sent: 2, blocked: 1 });

    enqueueReportNotice(store, makeReport({ id: "310118-2021-ffffff", year: 2021 }));
    run.wake();
    expect(await run.drained(5000)).toBe(true);
    expect(server.receivedPerChat().get(2)).toBe(1); // the first, refused, try only
    expect(server.deliveredPerChat().get(1)).toBe(2);
  });

  it("retries 5xx with backoff and gives up after the bounded number of attempts", async () => {
    server = await startRecordingBotApi({
      failures: new Map([
        [1, 2], // recovers on the third try
        [2, 99], // never recovers
      ]),
    });
    subscribe([1, 2]);
    const { noticeId } = enqueueReportNotice(store, makeReport());
    const run = startBroadcaster({ maxAttempts: 4, limits: { ...FAST, perChatIntervalMs: 50 } });
    expect(await run.drained(5000)).toBe(true);
    expect(server.receivedPerChat().get(1)).toBe(3);
    expect(server.receivedPerChat().get(2)).toBe(4);
    const [first, second] = store.deliveries.forNotice(noticeId!);
    expect(first).toMatchObject({ state: "sent", attempts: 3 });
    expect(second).toMatchObject({ state: "failed", attempts: 4 });
    expect(second!.lastError).toMatch(/502/);
  });

  it("keeps at most one message per second to the same chat", async () => {
    server = await startRecordingBotApi();
    subscribe([1]);
    enqueueReportNotice(store, makeReport());
    enqueueReportNotice(store, makeReport({ id: "310118-2021-eeeeee", year: 2021 }));
    const run = startBroadcaster();
    expect(await run.drained(5000)).toBe(true);
    expect(server.calls).toHaveLength(2);
    const [a, b] = clock.sent;
    expect(b! - a!).toBeGreaterThanOrEqual(FAST.perChatIntervalMs);
  });

  it("resumes pending deliveries after a restart without resending sent ones", async () => {
    server = await startRecordingBotApi();
    subscribe([1, 2, 3, 4]);
    const { noticeId } = enqueueReportNotice(store, makeReport());
    const [first] = store.deliveries.forNotice(noticeId!);
    store.deliveries.claim(first!.id, "earlier-run");
    store.deliveries.markSent(first!.id, 41); // sent before the "restart"
    store.close();
    store = openStore({ file: join(dir, "bot.sqlite") });
    const run = startBroadcaster();
    expect(await run.drained(5000)).toBe(true);
    expect(server.receivedPerChat().get(1)).toBeUndefined();
    expect([2, 3, 4].map((chat) => server!.deliveredPerChat().get(chat))).toEqual([1, 1, 1]);
  });

  it("stops cleanly: no claims after stop, in-flight requests recorded", async () => {
    server = await startRecordingBotApi({ latencyMs: 100 });
    subscribe(Array.from({ length: 50 }, (_, i) => i + 1));
    enqueueReportNotice(store, makeReport());
    const run = startBroadcaster({ limits: { ...FAST, globalPerSecond: 20 } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await run.stop();
    const afterStop = server.calls.length;
    const counts = store.deliveries.countByState();
    expect(counts.sending).toBe(0);
    expect(counts.sent).toBe(afterStop);
    expect(counts.pending).toBe(50 - afterStop);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.calls.length).toBe(afterStop);
  });
});
