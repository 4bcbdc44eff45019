/**
 * Broadcast benchmark: one notice to 1 000 emulated subscribers through a Bot API look-alike on 127.0.0.1
 * that enforces Telegram's flood limit (429 retry_after) and throws in an occasional 429 of its own.
 * Prints sustained msg/s, 429s received, duplicates and misses. `npx tsx bench/broadcast.ts [subscribers]`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { openStore } from "../src/persist/store.js";
import { Broadcaster } from "../src/telegram/notify/broadcaster.js";
import { enqueueReportNotice } from "../src/telegram/notify/outbox.js";
import { TELEGRAM_LIMITS } from "../src/telegram/notify/rate-limiter.js";
import { createBroadcastApi, sendNoticeVia } from "../src/telegram/notify/telegram-send.js";
import { startRecordingBotApi, tooManyRequests } from "../test/telegram/notify/support/recording-bot-api.js";
import { makeReport } from "../test/telegram/notify/support/report-fixture.js";

export interface BroadcastBenchOptions {
  subscribers?: number;
  /** Chance that the server answers 429 on its own (besides flood control). */
  random429Rate?: number;
  /** Emulated network round trip, ms. */
  latencyMs?: number;
  timeoutMs?: number;
}

export interface BroadcastBenchResult {
  subscribers: number;
  delivered: number;
  /** Wall time from start to the last delivery recorded. */
  seconds: number;
  /** Deliveries per second between the first and the last one the server accepted. */
  messagesPerSecond: number;
  received429: number;
  /** Of those, the ones the server threw in at random (the rest are flood control: our pacing overshot). */
  injected429: number;
  duplicates: number;
  misses: number;
}

/** A tiny deterministic PRNG so runs are comparable. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function run(options: BroadcastBenchOptions = {}): Promise<BroadcastBenchResult> {
  const subscribers = options.subscribers ?? 1000;
  const random = mulberry32(42);
  const rate429 = options.random429Rate ?? 0.003;
  const dir = mkdtempSync(join(tmpdir(), "bench-broadcast-"));
  const injected429 = 0;
  const server = await startRecordingBotApi({
    floodLimitPerSecond: TELEGRAM_LIMITS.globalPerSecond,
    latencyMs: options.latencyMs ?? 40,
    intercept: (call) =>
      call.method === "sendMessage" && random() < rate429 ? tooManyRequests(1) : undefined,
  });
  const store = openStore({ file: join(dir, "bot.sqlite") });
  try {
    for (let chat = 1; chat <= subscribers; chat++) store.subscriptions.subscribe(chat, "private");
    enqueueReportNotice(store, makeReport());
    const broadcaster = new Broadcaster({
      store,
      send: sendNoticeVia(createBroadcastApi("123456:BENCH_abcdefghijklmnopqrstuvwxyz", server.apiRoot)),
      limits: TELEGRAM_LIMITS,
    });
    const started = performance.now();
    broadcaster.start();
    const drained = await broadcaster.drained(options.timeoutMs ?? 5 * 60_000);
    const seconds = (performance.now() - started) / 1000;
    await broadcaster.stop();
    if (!drained) throw new Error("broadcast did not finish in time");

    const delivered = server.deliveredPerChat();
    let duplicates = 0;
    let misses = 0;
    for (let chat = 1; chat <= subscribers; chat++) {
      const n = delivered.get(chat) ?? 0;
      if (n === 0) misses++;
      if (n > 1) duplicates += n - 1;
    }
    const total = [...delivered.values()].reduce((a, b) => a + b, 0);
    const accepted = server.calls.filter((call) => call.status === 200).map((call) => call.at);
    const span = ((accepted.at(-1) ?? 0) - (accepted[0] ?? 0)) / 1000;
    return {
      subscribers,
      delivered: total,
      seconds: Number(seconds.toFixed(2)),
      messagesPerSecond: Number(((total - 1) / Math.max(span, 0.001)).toFixed(1)),
      received429: server.count429,
      injected429,
      duplicates,
      misses,
    };
  } finally {
    store.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A Markdown table for `npm run bench` and the README. */
export function formatBroadcastBench(result: BroadcastBenchResult): string {
  return [
    `Broadcast — one notice to ${result.subscribers} emulated subscribers (Bot API look-alike on 127.0.0.1, 40 ms round trip, Telegram's 30 msg/s flood control, 0.3 % random 429)`,
    "",
    "| measure | value | target |",
    "|---|---|---|",
    `| sustained msg/s | ${result.messagesPerSecond} | ≥ 25 |`,
    `| total time | ${result.seconds} s | |`,
    `| 429s received (injected / flood control) | ${result.received429} (${result.injected429} / ${result.received429 - result.injected429}) | |`,
    `| duplicates | ${result.duplicates} | 0 |`,
    `| misses | ${result.misses} | 0 |`,
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const subscribers = Number(process.argv[2] ?? 1000);
  const result = await run({ subscribers });
  console.log(
    `broadcast to ${result.subscribers} subscribers: ${result.messagesPerSecond} msg/s sustained ` +
      `(${result.delivered} in ${result.seconds} s), 429s received: ${result.received429} ` +
      `(${result.injected429} injected at random, the rest flood control), ` +
      `duplicates: ${result.duplicates}, misses: ${result.misses}`,
  );
  console.log(formatBroadcastBench(result));
}
