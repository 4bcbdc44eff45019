/**
 * Notices from state: a report indexed but never announced — added while the bot was stopped, or met by a
 * failing outbox write — is announced exactly once, by the emulator's own record of what was sent.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEngineFromCorpus } from "../../../src/app/load-engine.js";
import { openStore, type Store } from "../../../src/persist/store.js";
import { Broadcaster, type BroadcastLogger } from "../../../src/telegram/notify/broadcaster.js";
import { NoticeReconciler } from "../../../src/telegram/notify/reconcile-notices.js";
import { createBroadcastApi, sendNoticeVia } from "../../../src/telegram/notify/telegram-send.js";
import { BotApiServer } from "../../support/bot-api-server.js";
import { reportText, sampleReport } from "../../support/fixtures.js";

const SUBSCRIBER = 555;

let dir: string;
let corpusDir: string;
let dataDir: string;
let api: BotApiServer;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "reconcile-"));
  corpusDir = join(dir, "corpus");
  dataDir = join(dir, "data");
  mkdirSync(corpusDir, { recursive: true });
  api = await BotApiServer.start({ maxPollMs: 300 });
});

afterEach(async () => {
  await api.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** One start of the bot's notice path: the corpus loaded as `npm start` loads it, reconciled, broadcast. */
async function start(log?: BroadcastLogger) {
  const store = openStore({ dataDir });
  const load = createEngineFromCorpus({ corpusDir, dataDir, workers: 0 });
  await load.ready;
  const broadcaster = new Broadcaster({
    store,
    send: sendNoticeVia(createBroadcastApi(api.token, api.apiRoot)),
    limits: { globalPerSecond: 100, perChatIntervalMs: 0, groupPerMinute: 20 },
    idlePollMs: 200,
  }).start();
  const reconciler = new NoticeReconciler({
    store,
    dataDir,
    reports: () => load.engine.reports(),
    wake: () => broadcaster.wake(),
    ...(log ? { log } : {}),
  });
  return {
    store,
    engine: load.engine,
    reconciler,
    /** Waits until the outbox has nothing pending, then stops like a shutdown. */
    stop: async () => {
      for (let turn = 0; turn < 200 && hasPending(store); turn++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      await broadcaster.stop();
      store.close();
    },
  };
}

function hasPending(store: Store): boolean {
  const states = store.deliveries.countByState();
  return states.pending + states.sending > 0;
}

function noticesSentTo(chatId: number): string[] {
  return api.calls
    .filter((call) => call.method === "sendMessage" && call.ok && Number(call.params.chat_id) === chatId)
    .map((call) => String(call.params.text));
}

describe("reconciling the index with the notices", () => {
  it("announces a report added while the bot was stopped exactly once, and never the corpus it started with", async () => {
    const first = sampleReport({ district: "松江区", year: 2023 });
    writeFileSync(join(corpusDir, "songjiang.txt"), reportText(first));
    const setup = openStore({ dataDir });
    setup.subscriptions.subscribe(SUBSCRIBER, "private");
    setup.close();

    // First start: the corpus as it is is the baseline, nobody is told about it.
    let run = await start();
    expect(await run.reconciler.run()).toMatchObject({ baseline: true, notices: 1, deliveries: 0 });
    await run.stop();

    // Stopped: a report is dropped into the folder.
    const added = sampleReport({ district: "嘉定区", year: 2023 });
    writeFileSync(join(corpusDir, "jiading.txt"), reportText(added));

    run = await start();
    expect(await run.reconciler.run()).toMatchObject({ baseline: false, notices: 1, deliveries: 1 });
    await api.waitForCall((c) => c.method === "sendMessage" && Number(c.params.chat_id) === SUBSCRIBER, {
      timeoutMs: 10_000,
    });
    await run.stop();

    // A third start (and any number of passes) announces nothing again.
    run = await start();
    expect(await run.reconciler.run()).toMatchObject({ notices: 0, deliveries: 0 });
    await run.stop();

    const sent = noticesSentTo(SUBSCRIBER);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain(`《${added.title}》`);
  }, 60_000);

  it("retries an outbox write that failed, warning first and logging an error while it persists", async () => {
    writeFileSync(join(corpusDir, "songjiang.txt"), reportText(sampleReport()));
    let run = await start();
    await run.reconciler.run(); // baseline
    run.store.subscriptions.subscribe(SUBSCRIBER, "private");
    await run.stop();
    const added = sampleReport({ district: "嘉定区", year: 2023 });
    writeFileSync(join(corpusDir, "jiading.txt"), reportText(added));

    const logged: { level: string; message: string }[] = [];
    const log: BroadcastLogger = {
      info: (_, message) => logged.push({ level: "info", message: message ?? "" }),
      warn: (_, message) => logged.push({ level: "warn", message: message ?? "" }),
      error: (_, message) => logged.push({ level: "error", message: message ?? "" }),
    };
    run = await start(log);
    const retries: (() => void)[] = [];
    const reconciler = new NoticeReconciler({
      store: run.store,
      dataDir,
      reports: () => run.engine.reports(),
      wake: () => {},
      log,
      retryDelaysMs: [1, 1, 1],
      schedule: (retry) => {
        retries.push(retry);
        return {};
      },
    });
    // The database refuses writes (as on a full or read-only disk).
    run.store.db.pragma("query_only = ON");
    expect(await reconciler.run()).toBeUndefined();
    retries.shift()!();
    await reconciler.settled();
    expect(logged.map((entry) => entry.level)).toEqual(["warn", "error"]);
    expect(run.store.notices.all().some((notice) => notice.payload.html.includes(added.title))).toBe(false);

    // The disk has room again: the next retry writes the notice, once.
    run.store.db.pragma("query_only = OFF");
    retries.shift()!();
    await reconciler.settled();
    expect(logged.at(-1)).toEqual({ level: "info", message: "notices caught up" });
    expect(await reconciler.run()).toMatchObject({ notices: 0 });
    expect(
      run.store.notices.all().filter((notice) => notice.payload.html.includes(added.title)),
    ).toHaveLength(1);
    await run.stop();
  }, 60_000);
});
