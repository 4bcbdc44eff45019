/**
 * The bot's own cost per update, through the real HTTP path: the Bot API emulator hands an update to the runner
 * (getUpdates) and we time until the bot's first API call for it arrives back (update received → API call issued).
 * Then a burst across many chats measures how many updates per second the bot sustains with the runner.
 *
 * Throttling and per-user rate limits are off here: they deliberately cap output at Telegram's limits (~30 msg/s)
 * and would measure the limits, not the bot. Everything runs on 127.0.0.1 and every wait is bounded.
 *
 *   npx tsx bench/bot-update.ts            # prints a table
 *   import { run } from "./bot-update.js"  # from bench/run.ts
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { loadConfig } from "../src/app/config/config.js";
import { createLogger } from "../src/app/logger.js";
import { createEngine } from "../src/core/engine.js";
import { loadCorpus } from "../src/ingest/load-corpus.js";
import { type CreateBotOptions, createBot } from "../src/telegram/bot.js";
import { startPolling } from "../src/telegram/launch.js";
import { BotApiServer } from "../test/support/bot-api-server.js";

export interface BotBenchResult {
  /** Sequential updates timed one by one. */
  updates: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Burst: updates injected at once across `chats` chats. */
  burstUpdates: number;
  chats: number;
  updatesPerSecond: number;
  /** The engine alone on the same questions, in the same run: what part of the per-update time is answering. */
  engineP50Ms: number;
  engineP99Ms: number;
}

export interface BotBenchOptions {
  corpusDir?: string;
  sequential?: number;
  burst?: number;
  chats?: number;
  /** Where answers and feedback go, a per-chat lock (the PostgreSQL path of several instances). */
  bot?: Pick<CreateBotOptions, "answers" | "feedback" | "chatLock">;
}

export async function run(options: BotBenchOptions = {}): Promise<BotBenchResult> {
  const corpusDir = options.corpusDir ?? resolve(import.meta.dirname, "../corpus");
  const sequential = options.sequential ?? 400;
  const burst = options.burst ?? 2000;
  const chats = options.chats ?? 200;

  const { reports } = await loadCorpus(corpusDir);
  const engine = createEngine(reports);
  // Questions as users ask them, built from the corpus: each item's title with its district and year.
  const questions = reports.flatMap((report) =>
    report.sections.flatMap((section) =>
      section.items.map((item) => `${report.district}${report.year}年${item.title}`),
    ),
  );
  const texts = [...questions, "/start", "/reports", "/help"];

  const api = await BotApiServer.start({ maxPollMs: 1000 });
  const config = loadConfig({
    env: { BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot, LOG_LEVEL: "silent" },
    envFile: null,
  });
  const logger = createLogger({ level: "silent" });
  // The fairness bounds are off too: a burst of 10 messages per chat is what this measures, not what they drop.
  const bot = createBot({
    engine,
    config,
    logger,
    throttle: false,
    rateLimit: false,
    chatQueue: false,
    ...options.bot,
  });
  const running = await startPolling(bot, { logger, pollTimeoutSeconds: 1 });

  try {
    // Warm-up: JIT, first-use allocations, keep-alive connections.
    await exchange(api, texts.slice(0, 50), 50);

    const latencies: number[] = [];
    for (let i = 0; i < sequential; i++) {
      const user = api.user(100_000 + i);
      const mark = api.mark();
      const message = api.sendText(api.privateChat(user), user, texts[i % texts.length]!);
      const updateId = api.updates.at(-1)!.update_id;
      const call = await api.waitForCall((c) => Number(c.params.chat_id) === message.chat.id, {
        after: mark,
        timeoutMs: 5000,
      });
      latencies.push(call.at - api.deliveredAt.get(updateId)!);
    }
    latencies.sort((a, b) => a - b);

    const started = performance.now();
    await exchange(
      api,
      Array.from({ length: burst }, (_, i) => texts[i % texts.length]!),
      chats,
    );
    const seconds = (performance.now() - started) / 1000;

    const engineTimes = texts
      .filter((text) => !text.startsWith("/"))
      .map((text) => {
        const t0 = performance.now();
        engine.ask(text, { top: 5 });
        return performance.now() - t0;
      })
      .sort((a, b) => a - b);

    return {
      engineP50Ms: percentile(engineTimes, 0.5),
      engineP99Ms: percentile(engineTimes, 0.99),
      updates: sequential,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      maxMs: latencies.at(-1)!,
      burstUpdates: burst,
      chats,
      updatesPerSecond: burst / seconds,
    };
  } finally {
    await running.stop();
    await api.stop();
  }
}

/** Sends all texts spread over `chats` chats at once and waits (bounded) until each got its first reply. */
async function exchange(api: BotApiServer, texts: string[], chats: number): Promise<void> {
  const mark = api.mark();
  const base = 500_000 + Math.floor(Math.random() * 100_000) * 1000;
  for (const [i, text] of texts.entries()) {
    const user = api.user(base + (i % chats));
    api.sendText(api.privateChat(user), user, text);
  }
  await api.waitFor(
    () => (api.calls.length - mark >= texts.length ? true : undefined),
    60_000,
    `${texts.length} replies`,
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

export function formatTable(result: BotBenchResult): string {
  const rows: [string, string][] = [
    ["bot: per update p50 (received → API call)", `${result.p50Ms.toFixed(2)} ms`],
    ["bot: per update p99", `${result.p99Ms.toFixed(2)} ms`],
    ["bot: per update max", `${result.maxMs.toFixed(2)} ms`],
    [
      "  of which engine.ask p50 / p99 (same questions)",
      `${result.engineP50Ms.toFixed(2)} / ${result.engineP99Ms.toFixed(2)} ms`,
    ],
    [
      `bot: throughput (runner, ${result.burstUpdates} updates / ${result.chats} chats)`,
      `${result.updatesPerSecond.toFixed(0)} updates/s`,
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const result = await run();
  console.log(formatTable(result));
  console.log(`(${result.updates} sequential updates timed; throttling and rate limits off, see the header)`);
}
