/**
 * Several instances, one bot, one PostgreSQL database — end to end with real processes: two `npm start`s in
 * webhook mode behind a round-robin proxy on 127.0.0.1, the Bot API emulator delivering updates to the proxy
 * (as Telegram would to the public URL), and a fresh database. What a user would notice:
 *   - a report an admin uploads through instance A is answered by instance B within 2 s;
 *   - 「下一条」 on an answer A gave works when the press reaches B;
 *   - `npm run ask` with DATABASE_URL answers from the shared corpus, whatever its own folder holds;
 *   - a broadcast to 1,000 subscribers from both instances, one SIGKILLed half-way: nobody gets a notice
 *     twice, everyone gets one or is marked uncertain, and the instances together claim at most 30 a second.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BotApiServer as Api,
  BotApiServer,
  buttonsOf,
  type Message,
} from "../support/bot-api-server.js";
import { CORPUS_DIR } from "../support/corpus.js";
import { sampleReport, utf8TextBytes } from "../support/fixtures.js";
import { createTestDatabase, describePostgres, type TestDatabase } from "../support/postgres.js";
import { freePort, RoundRobinProxy } from "../support/round-robin-proxy.js";

const ROOT = resolve(import.meta.dirname, "../..");
const MAIN = join(ROOT, "src/app/main.ts");
const TSX = import.meta.resolve("tsx");
const SECRET = "shared-secret_for-tests";
const ADMIN = 4242;
const SUBSCRIBERS = 1000;
const FIRST_SUBSCRIBER = 100_000;

interface Instance {
  name: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

let database: TestDatabase;
let api: Api;
let proxy: RoundRobinProxy;
let db: pg.Client;
const instances: Instance[] = [];
const work = mkdtempSync(join(tmpdir(), "edu-bot-shared-"));

function startInstance(name: string, port: number, corpusDir: string): Instance {
  const dataDir = join(work, `data-${name}`);
  const child = spawn(process.execPath, ["--import", TSX, MAIN], {
    cwd: work, // no developer's .env
    env: {
      PATH: process.env.PATH ?? "",
      BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      DATABASE_URL: database.url,
      WEBHOOK_URL: `${proxy.url}/telegram`,
      WEBHOOK_SECRET: SECRET,
      HOST: "127.0.0.1",
      PORT: String(port),
      CORPUS_DIR: corpusDir,
      DATA_DIR: dataDir,
      ADMIN_IDS: String(ADMIN),
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
  const instance = { name, child, output: () => output, exited };
  instances.push(instance);
  return instance;
}

/** Polls `check` every 20 ms until it returns a value; bounded by `timeoutMs`. */
async function eventually<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined> | T | undefined,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

const ready = (instance: Instance) =>
  eventually(`${instance.name} ready; output so far:\n${instance.output().slice(-2000)}`, 60_000, () =>
    instance.output().includes("following the shared corpus") ? true : undefined,
  );

/** Sends text as the user and returns the bot's reply and which backend (0 = A, 1 = B) handled it. */
async function say(chat: Parameters<Api["sendText"]>[0], user: Parameters<Api["sendText"]>[1], text: string) {
  const mark = api.mark();
  const sent = api.sendText(chat, user, text);
  const reply = await api.waitForMessage(chat.id, { after: mark, timeoutMs: 10_000 });
  const update = api.updates.find((u) => u.message?.message_id === sent.message_id)!;
  return { reply, backend: proxy.backendOf(update.update_id) };
}

/** `npm start` that must refuse: its exit code and what it printed. */
async function refusedStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ["--import", TSX, MAIN], {
    cwd: work,
    env: { PATH: process.env.PATH ?? "", BOT_TOKEN: "123456789:TEST-token-for-the-emulator-only", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const code = await new Promise<number | null>((done) => child.on("exit", (exitCode) => done(exitCode)));
  clearTimeout(timer);
  return { code, output };
}

describe("start-up of a shared instance", { timeout: 60_000 }, () => {
  it("refuses webhook mode on a shared database without WEBHOOK_SECRET, and says why", async () => {
    const run = await refusedStart({
      DATABASE_URL: "postgres://bot:pw@127.0.0.1:1/bot",
      WEBHOOK_URL: "https://bot.example.org/telegram",
    });
    expect(run.code).toBe(2);
    expect(run.output).toContain("WEBHOOK_SECRET");
    expect(run.output).toContain("DATABASE_URL");
    expect(run.output).not.toContain("pw@");
    expect(run.output).not.toMatch(/\n\s+at /);
  });

  it("names DATABASE_URL when the database cannot be reached", async () => {
    const run = await refusedStart({
      DATABASE_URL: "postgres://bot@127.0.0.1:1/bot",
      WEBHOOK_URL: "https://bot.example.org/telegram",
      WEBHOOK_SECRET: SECRET,
      DATA_DIR: join(work, "data-unreachable"),
    });
    expect(run.code).toBe(1);
    expect(run.output).toContain("无法连接 PostgreSQL（DATABASE_URL）");
    expect(run.output).not.toMatch(/\n\s+at /);
  });
});

describePostgres("two instances behind one webhook URL", { timeout: 240_000 }, () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    // 40 ms per message, as a round trip to Telegram: requests are in flight when an instance is killed.
    api = await BotApiServer.start({ sendLatencyMs: 40 });
    const ports = [await freePort(), await freePort()];
    proxy = await RoundRobinProxy.start(ports);
    // A's folder holds the shipped reports (it feeds them to the shared corpus); B's is empty.
    const corpusA = join(work, "corpus-a");
    cpSync(CORPUS_DIR, corpusA, { recursive: true });
    const corpusB = join(work, "corpus-b");
    mkdirSync(corpusB);
    // Both start at the same moment: migrations and the webhook registration must not race.
    const a = startInstance("A", ports[0]!, corpusA);
    const b = startInstance("B", ports[1]!, corpusB);
    await Promise.all([ready(a), ready(b)]);
  }, 120_000);

  afterAll(async () => {
    for (const instance of instances) if (instance.child.exitCode === null) instance.child.kill("SIGKILL");
    await Promise.all(instances.map((instance) => instance.exited));
    await db?.end();
    await proxy?.stop();
    await api?.stop();
    await database?.drop();
  });

  it("registers the webhook once, with the shared secret", () => {
    const calls = api.calls.filter((call) => call.method === "setWebhook");
    expect(calls).toHaveLength(1);
    expect(calls[0]!.params).toMatchObject({ url: `${proxy.url}/telegram`, secret_token: SECRET });
  });

  it("a report uploaded through A is indexed by B within 2 s, and B answers it", async () => {
    const admin = api.user(ADMIN);
    const chat = api.privateChat(admin);
    // The proxy alternates: make sure the upload is the update that reaches A.
    if (proxy.nextBackend !== 0) await say(chat, admin, "/help");
    const mark = api.mark();
    const report = sampleReport(); // 松江区 2023: 全年招录新教师215名
    const upload = api.sendDocument(chat, admin, { name: "松江2023.txt", content: utf8TextBytes(report) });
    const confirmation = await api.waitForMessage(chat.id, { after: mark, timeoutMs: 15_000 });
    expect(confirmation.text).toContain("已添加");
    const uploadUpdate = api.updates.find((u) => u.message?.message_id === upload.message_id)!;
    expect(proxy.backendOf(uploadUpdate.update_id)).toBe(0);
    const addedAt = Date.now();

    // B indexes it from the notification within 2 s of A's confirmation (B's own log says when)…
    const b = instances.find((instance) => instance.name === "B")!;
    const indexedOnB = () =>
      b
        .output()
        .split("\n")
        .some(
          (line) =>
            line.includes('"msg":"shared report indexed"') && line.includes('"source":"松江2023.txt"'),
        );
    await eventually("B indexes the report A wrote", 2000, () => (indexedOnB() ? true : undefined));
    const indexedAfter = Date.now() - addedAt;
    // …and answers it (A's turns in between answer too; the bound here is only against hanging).
    const user = api.user(7001);
    const asker = api.privateChat(user);
    const byB = await eventually("B answers the uploaded report", 10_000, async () => {
      const { reply, backend } = await say(asker, user, "松江2023年招录新教师多少名");
      return backend === 1 ? reply : undefined;
    });
    expect(byB.text).toContain("215");
    // Answered from the uploaded report: its compact citation names the district and year.
    expect(byB.text).toContain("📄 松江区2023年工作总结 · ");
    console.log(
      `report added through A → indexed on B within ${indexedAfter} ms, answered by B ${Date.now() - addedAt} ms after A's confirmation`,
    );
  });

  it("a page button on A's answer works when the press reaches B", async () => {
    const user = api.user(7002);
    const chat = api.privateChat(user);
    if (proxy.nextBackend !== 0) await say(chat, user, "/help");
    const { reply, backend } = await say(chat, user, "青浦 教师培训");
    expect(backend).toBe(0);
    const more = buttonsOf(reply).find((button) => button.text.includes("下一条"));
    expect(more, `no 下一条 on: ${reply.text}`).toBeDefined();
    const mark = api.mark();
    const query = api.pressButton(reply, more!.callback_data!, user);
    await api.waitForCall("editMessageText", { after: mark, timeoutMs: 10_000 });
    const pressUpdate = api.updates.find((u) => u.callback_query?.id === query)!;
    expect(proxy.backendOf(pressUpdate.update_id)).toBe(1);
    const edited: Message = api.message(chat.id, reply.message_id)!;
    expect(edited.text).not.toBe(reply.text);
    expect(edited.text).toMatch(/第 2\/\d+ 条/);
    expect(api.callbackAnswers.get(query)?.text).toBeUndefined(); // not 「已过期」
  });

  it("npm run ask with DATABASE_URL answers from the shared corpus, whatever its own folder holds", async () => {
    const empty = mkdtempSync(join(work, "empty-"));
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(
        join(ROOT, "node_modules/.bin/tsx"),
        ["src/cli/ask.ts", "--corpus", empty, "松江2023年招录新教师多少名"],
        {
          cwd: ROOT,
          env: { PATH: process.env.PATH ?? "", DATABASE_URL: database.url, DATA_DIR: join(work, "data-cli") },
          timeout: 90_000,
        },
        (error, stdout, stderr) =>
          done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("215名");
  });

  it("broadcast from both, one SIGKILLed half-way: one notice each (or uncertain), ≤ 30 claims a second", async () => {
    await db.query(
      `INSERT INTO subscriptions (chat_id, chat_type, district, active, created_at, updated_at)
       SELECT g, 'private', '*', true, 0, 0 FROM generate_series($1::bigint, $2::bigint) AS g`,
      [FIRST_SUBSCRIBER, FIRST_SUBSCRIBER + SUBSCRIBERS - 1],
    );
    const isSubscriber = (chatId: unknown) => Number(chatId) >= FIRST_SUBSCRIBER;
    const mark = api.mark();
    const sentTo = () =>
      api.calls.filter(
        (call) => call.index >= mark && call.method === "sendMessage" && isSubscriber(call.params.chat_id),
      );
    // A new report through the command line: written once, announced once, broadcast by both instances.
    const report = sampleReport({ district: "闵行区", year: 2022 });
    const file = join(work, "闵行2022.txt");
    writeFileSync(file, utf8TextBytes(report));
    const added = await new Promise<string>((done) =>
      execFile(
        join(ROOT, "node_modules/.bin/tsx"),
        ["src/cli/add.ts", file],
        { cwd: ROOT, env: { PATH: process.env.PATH ?? "", DATABASE_URL: database.url }, timeout: 90_000 },
        (_error, stdout) => done(stdout),
      ),
    );
    expect(added).toContain("已添加");

    await eventually("half of the notices sent", 90_000, () =>
      sentTo().length >= SUBSCRIBERS / 2 ? true : undefined,
    );
    const a = instances.find((instance) => instance.name === "A")!;
    a.child.kill("SIGKILL");
    await a.exited;

    const counts = await eventually("every delivery settled", 120_000, async () => {
      const { rows } = await db.query<{ state: string; n: number }>(
        "SELECT state, COUNT(*)::int AS n FROM deliveries GROUP BY state",
      );
      const byState = Object.fromEntries(rows.map((row) => [row.state, row.n]));
      return !byState.pending && !byState.sending ? byState : undefined;
    });
    expect(counts).toEqual({ sent: SUBSCRIBERS });

    const received = new Map<number, number>();
    for (const call of sentTo())
      received.set(Number(call.params.chat_id), (received.get(Number(call.params.chat_id)) ?? 0) + 1);
    const duplicates = [...received].filter(([, n]) => n > 1);
    expect(duplicates).toEqual([]);
    const { rows } = await db.query<{
      chat_id: number;
      uncertain: boolean;
      claimed_by: string;
      claimed_at: number;
    }>("SELECT chat_id, uncertain, claimed_by, claimed_at FROM deliveries ORDER BY claimed_at");
    // (this client has no bigint parser: ids and times arrive as strings)
    for (const row of rows) {
      row.chat_id = Number(row.chat_id);
      row.claimed_at = Number(row.claimed_at);
    }
    const missing = rows.filter((row) => !received.has(row.chat_id));
    // Only a claim cut off by the kill may be unknown, and it is flagged.
    expect(missing.every((row) => row.uncertain)).toBe(true);
    const uncertain = rows.filter((row) => row.uncertain);
    expect(uncertain.length).toBeLessThanOrEqual(8);
    // Both instances sent before the kill.
    expect(new Set(rows.map((row) => row.claimed_by)).size).toBe(2);

    const maxPerSecond = (times: number[]) => {
      let best = 0;
      for (let start = 0, end = 0; end < times.length; end++) {
        while (times[end]! - times[start]! >= 1000) start++;
        best = Math.max(best, end - start + 1);
      }
      return best;
    };
    const claimRate = maxPerSecond(rows.map((row) => row.claimed_at));
    expect(claimRate).toBeLessThanOrEqual(30);
    const arrivalRate = maxPerSecond(sentTo().map((call) => call.at));
    console.log(
      `broadcast: ${SUBSCRIBERS} subscribers, ${received.size} received, ${duplicates.length} duplicates, ` +
        `${uncertain.length} uncertain (${missing.length} of them never arrived); ` +
        `max claims/s ${claimRate}, max arrivals/s at the emulator ${arrivalRate}`,
    );
  });
});

describePostgres("long polling on a shared database", { timeout: 120_000 }, () => {
  it("a second poller is refused with a clear message while the first one runs", async () => {
    const own = await createTestDatabase();
    const emulator = await BotApiServer.start({ maxPollMs: 300 });
    const env = (name: string) => ({
      PATH: process.env.PATH ?? "",
      BOT_TOKEN: emulator.token,
      TELEGRAM_API_ROOT: emulator.apiRoot,
      DATABASE_URL: own.url,
      CORPUS_DIR: join(work, `poll-corpus-${name}`),
      DATA_DIR: join(work, `poll-data-${name}`),
    });
    const first = spawn(process.execPath, ["--import", TSX, MAIN], {
      cwd: work,
      env: env("1"),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let firstOutput = "";
    first.stdout!.on("data", (chunk) => (firstOutput += chunk));
    first.stderr!.on("data", (chunk) => (firstOutput += chunk));
    const firstExited = new Promise((done) => first.on("exit", done));
    try {
      await eventually(`first poller ready: ${firstOutput.slice(-1000)}`, 60_000, () =>
        firstOutput.includes("following the shared corpus") ? true : undefined,
      );
      const second = await refusedStart({ ...env("2"), BOT_TOKEN: emulator.token });
      expect(second.code).toBe(1);
      expect(second.output).toContain("长轮询");
      expect(second.output).toContain("WEBHOOK_URL");
      expect(first.exitCode).toBeNull(); // the first one keeps running
    } finally {
      first.kill("SIGTERM");
      await firstExited;
      await emulator.stop();
      await own.drop();
    }
  });
});
