/**
 * Several instances on one PostgreSQL database, in one run:
 *   - broadcast: one notice to N emulated subscribers (40 ms per message), sent by one and by two instances
 *     (each its own pool and SharedBroadcaster): rate, duplicates, the highest count of arrivals in any second;
 *   - report written by one instance → answerable on another (its mirror LISTENs and indexes): p50/p99;
 *   - bot update processing (update received → first API call) with answers and the per-chat lock in
 *     PostgreSQL, beside the single-instance path (answers in memory, as with SQLite), same questions.
 * Uses DATABASE_URL, or starts a throwaway cluster with tools/postgres-cluster.sh. Everything on 127.0.0.1.
 *
 *   npx tsx bench/shared.ts  |  npm run bench -- --only shared
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { createEngine } from "../src/core/engine.js";
import { publishReport, SharedCorpusMirror } from "../src/ingest/shared-corpus.js";
import { connectPostgres } from "../src/persist/postgres/connect.js";
import {
  insertNoticeWithDeliveries,
  openPgStore,
  PgChatLocks,
  type PgStore,
} from "../src/persist/postgres/pg-store.js";
import { SharedBroadcaster } from "../src/telegram/notify/shared-broadcaster.js";
import { createBroadcastApi, sendNoticeVia } from "../src/telegram/notify/telegram-send.js";
import { BotApiServer } from "../test/support/bot-api-server.js";
import { sampleReport, utf8TextBytes } from "../test/support/fixtures.js";
import { run as runBotBench } from "./bot-update.js";
import { distribution, ms } from "./stats.js";

const SCRIPT = resolve(import.meta.dirname, "../tools/postgres-cluster.sh");

export interface SharedBenchResult {
  broadcast: Array<{
    instances: number;
    subscribers: number;
    seconds: number;
    perSecond: number;
    duplicates: number;
    missed: number;
    maxArrivalsPerSecond: number;
  }>;
  addedToAnswerable: { reports: number; p50: number; p99: number; max: number };
  updates: Array<{ path: string; p50: number; p99: number; perSecond: number }>;
}

async function withDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  let server = process.env.DATABASE_URL?.trim();
  let dir: string | undefined;
  if (!server) {
    dir = mkdtempSync(join(tmpdir(), "edu-bench-pg-"));
    server = execFileSync("bash", [SCRIPT, "start", dir], { encoding: "utf8" }).trim();
  }
  const name = `edu_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    if (dir) execFileSync("bash", [SCRIPT, "stop", dir]);
  }
}

async function broadcastOnce(url: string, instances: number, subscribers: number) {
  const api = await BotApiServer.start({ sendLatencyMs: 40 });
  const stores: PgStore[] = [];
  for (let i = 0; i < instances; i++) stores.push(await openPgStore(url, { maxConnections: 6 }));
  const [first] = stores;
  await first!.pool.query(
    "TRUNCATE deliveries, notices, subscriptions, chat_send_clock; UPDATE broadcast_clock SET next_slot_at = 0",
  );
  await first!.pool.query(
    `INSERT INTO subscriptions (chat_id, chat_type, district, active, created_at, updated_at)
     SELECT g, 'private', '*', true, 0, 0 FROM generate_series(1, $1) AS g`,
    [subscribers],
  );
  const client = await first!.pool.connect();
  await client.query("BEGIN");
  await insertNoticeWithDeliveries(
    client,
    {
      reportId: "bench",
      kind: "new",
      contentKey: `bench:${Date.now()}`,
      district: "青浦区",
      payload: { html: "📢 <b>新报告</b>", keyboard: [] },
    },
    Date.now(),
  );
  await client.query("COMMIT");
  client.release();
  const started = performance.now();
  const broadcasters = await Promise.all(
    stores.map((store) =>
      new SharedBroadcaster({
        pool: store.pool,
        deliveries: store.deliveries,
        send: sendNoticeVia(createBroadcastApi(api.token, api.apiRoot)),
      }).start(),
    ),
  );
  const deadline = Date.now() + (10 * subscribers * 1000) / 25;
  for (;;) {
    const counts = await first!.deliveries.countByState();
    if (counts.pending === 0 && counts.sending === 0) break;
    if (Date.now() > deadline) throw new Error("broadcast did not finish in time");
    await new Promise((done) => setTimeout(done, 50));
  }
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(broadcasters.map((broadcaster) => broadcaster.stop()));
  const sends = api.calls.filter((call) => call.method === "sendMessage" && call.ok);
  const perChat = new Map<number, number>();
  for (const call of sends)
    perChat.set(Number(call.params.chat_id), (perChat.get(Number(call.params.chat_id)) ?? 0) + 1);
  const times = sends.map((call) => call.at).sort((a, b) => a - b);
  let maxArrivalsPerSecond = 0;
  for (let start = 0, end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= 1000) start++;
    maxArrivalsPerSecond = Math.max(maxArrivalsPerSecond, end - start + 1);
  }
  await Promise.all(stores.map((store) => store.close()));
  await api.stop();
  return {
    instances,
    subscribers,
    seconds,
    perSecond: sends.length / seconds,
    duplicates: [...perChat.values()].filter((n) => n > 1).length,
    missed: subscribers - perChat.size,
    maxArrivalsPerSecond,
  };
}

async function addedToAnswerable(url: string, reports: number) {
  const writer = await connectPostgres(url, { max: 2 });
  const reader = await connectPostgres(url, { max: 2 });
  const engine = createEngine([]);
  const indexedAt = new Map<string, number>();
  const mirror = new SharedCorpusMirror(reader, mkdtempSync(join(tmpdir(), "edu-bench-mirror-")), {
    onIndexed: (change) => indexedAt.set(change.report.id, performance.now()),
  });
  await mirror.sync();
  await mirror.follow(engine, 60_000);
  const districts = [
    "宝山区",
    "闵行区",
    "嘉定区",
    "浦东新区",
    "徐汇区",
    "长宁区",
    "静安区",
    "普陀区",
    "虹口区",
    "杨浦区",
  ];
  const latencies: number[] = [];
  for (let i = 0; i < reports; i++) {
    const report = sampleReport({ district: districts[i % districts.length]!, year: 2000 + i });
    const started = performance.now();
    const outcome = await publishReport(writer, { bytes: utf8TextBytes(report), name: `r${i}.txt` });
    if (outcome.status !== "added") throw new Error(`publish ${i}: ${outcome.status}`);
    const id = outcome.report.id;
    const deadline = Date.now() + 10_000;
    while (!indexedAt.has(id)) {
      if (Date.now() > deadline) throw new Error("not indexed within 10 s");
      await new Promise((done) => setImmediate(done));
    }
    const question = `${report.district}${report.year}年招录新教师多少名`;
    if (!engine.ask(question).found) throw new Error(`indexed but not answerable: ${question}`);
    latencies.push(indexedAt.get(id)! - started);
  }
  await mirror.close();
  await writer.end();
  await reader.end();
  const d = distribution(latencies);
  return { reports, p50: d.p50, p99: d.p99, max: d.max };
}

export async function run(
  options: { subscribers?: number; reports?: number } = {},
): Promise<SharedBenchResult> {
  const subscribers = options.subscribers ?? 300;
  return withDatabase(async (url) => {
    const broadcast = [await broadcastOnce(url, 1, subscribers), await broadcastOnce(url, 2, subscribers)];
    const added = await addedToAnswerable(url, options.reports ?? 30);
    const store = await openPgStore(url, { maxConnections: 12 });
    const locks = new PgChatLocks(store.pool);
    const updates: SharedBenchResult["updates"] = [];
    try {
      const plain = await runBotBench({ sequential: 300, burst: 1000 });
      updates.push({
        path: "one instance (answers in memory, as with SQLite)",
        p50: plain.p50Ms,
        p99: plain.p99Ms,
        perSecond: plain.updatesPerSecond,
      });
      const shared = await runBotBench({
        sequential: 300,
        burst: 1000,
        bot: { answers: store.answers, feedback: store.feedback, chatLock: locks.run },
      });
      updates.push({
        path: "shared (answers + per-chat lock in PostgreSQL)",
        p50: shared.p50Ms,
        p99: shared.p99Ms,
        perSecond: shared.updatesPerSecond,
      });
    } finally {
      await locks.close();
      await store.close();
    }
    return { broadcast, addedToAnswerable: added, updates };
  });
}

export function formatSharedBench(result: SharedBenchResult): string {
  const lines = ["Several instances on PostgreSQL", ""];
  lines.push(
    "| broadcast | subscribers | time | msg/s | duplicates | missed | max arrivals in 1 s |",
    "|---|---|---|---|---|---|---|",
  );
  for (const b of result.broadcast)
    lines.push(
      `| ${b.instances} instance${b.instances > 1 ? "s" : ""} | ${b.subscribers} | ${b.seconds.toFixed(1)} s | ${b.perSecond.toFixed(1)} | ${b.duplicates} | ${b.missed} | ${b.maxArrivalsPerSecond} |`,
    );
  const a = result.addedToAnswerable;
  lines.push(
    "",
    `report written by one instance → indexed and answerable on another (${a.reports} reports): p50 ${ms(a.p50)}, p99 ${ms(a.p99)}, max ${ms(a.max)}`,
    "",
  );
  lines.push("| update path | p50 | p99 | burst updates/s |", "|---|---|---|---|");
  for (const u of result.updates)
    lines.push(`| ${u.path} | ${ms(u.p50)} | ${ms(u.p99)} | ${u.perSecond.toFixed(0)} |`);
  return lines.join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(formatSharedBench(await run()));
}
