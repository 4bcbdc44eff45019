/**
 * SIGKILL while a batch of reports is being ingested: after a restart, every report is announced exactly
 * once — by the Bot API emulator's own record of what subscribers received.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createEngineFromCorpus } from "../../../src/app/load-engine.js";
import { openStore } from "../../../src/persist/store.js";
import { Broadcaster } from "../../../src/telegram/notify/broadcaster.js";
import { NoticeReconciler } from "../../../src/telegram/notify/reconcile-notices.js";
import { createBroadcastApi, sendNoticeVia } from "../../../src/telegram/notify/telegram-send.js";
import { BotApiServer } from "../../support/bot-api-server.js";
import { reportText, sampleReport } from "../../support/fixtures.js";

// The child runs in this very process image (node --import tsx), not under the tsx CLI: a SIGKILL to the
// CLI would leave its own node child running after the test.
const TSX_LOADER = import.meta.resolve("tsx");
const CHILD = resolve("test/telegram/notify/support/ingest-child.ts");
const SUBSCRIBER = 777;
const FILES = 30;

let dir: string;
let corpusDir: string;
let dataDir: string;
let api: BotApiServer;
const children: ChildProcess[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "kill-ingest-"));
  corpusDir = join(dir, "corpus");
  dataDir = join(dir, "data");
  mkdirSync(corpusDir);
  api = await BotApiServer.start({ maxPollMs: 300 });
});

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  await api.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the child and resolves with a function waiting for `count` lines matching `pattern`. */
function startChild() {
  const child = spawn(process.execPath, ["--import", TSX_LOADER, CHILD, corpusDir, dataDir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  const waiters: { test: () => boolean; resolve: () => void }[] = [];
  const onData = (chunk: Buffer) => {
    out += chunk;
    for (const waiter of waiters.splice(0))
      if (waiter.test()) waiter.resolve();
      else waiters.push(waiter);
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const waitFor = (test: (output: string) => boolean, what: string) =>
    new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`child: no ${what} in time:\n${out}`)), 60_000);
      const check = () => test(out);
      if (check()) {
        clearTimeout(timer);
        done();
        return;
      }
      waiters.push({
        test: check,
        resolve: () => {
          clearTimeout(timer);
          done();
        },
      });
    });
  const exited = new Promise<void>((done) => child.on("exit", () => done()));
  return { child, waitFor, exited, output: () => out };
}

const addedCount = (output: string) => output.split("\n").filter((line) => line.startsWith("added ")).length;

it("a kill during ingestion loses no notice: each report is announced exactly once after the restart", async () => {
  writeFileSync(join(corpusDir, "2000.txt"), reportText(sampleReport({ year: 2000 })));
  const setup = openStore({ dataDir });
  setup.subscriptions.subscribe(SUBSCRIBER, "private");
  setup.close();

  const first = startChild();
  await first.waitFor((out) => out.includes("ready\n"), "ready");
  const reports = Array.from({ length: FILES }, (_, index) => sampleReport({ year: 2001 + index }));
  for (const [index, report] of reports.entries())
    writeFileSync(join(corpusDir, `${2001 + index}.txt`), reportText(report));
  await first.waitFor((out) => addedCount(out) >= 3, "three reports added");
  first.child.kill("SIGKILL");
  await first.exited;
  const announcedBeforeKill = addedCount(first.output());
  expect(announcedBeforeKill).toBeLessThan(FILES); // killed mid-batch

  // The restart: the corpus loaded as npm start loads it, notices reconciled, the outbox broadcast.
  const store = openStore({ dataDir });
  const load = createEngineFromCorpus({ corpusDir, dataDir, workers: 0 });
  await load.ready;
  const broadcaster = new Broadcaster({
    store,
    send: sendNoticeVia(createBroadcastApi(api.token, api.apiRoot)),
    limits: { globalPerSecond: 200, perChatIntervalMs: 0, groupPerMinute: 20 },
    idlePollMs: 100,
  }).start();
  const reconciler = new NoticeReconciler({
    store,
    dataDir,
    reports: () => load.engine.reports(),
    wake: () => broadcaster.wake(),
  });
  await reconciler.run();
  expect(await broadcaster.drained(30_000)).toBe(true);
  await broadcaster.stop();
  store.close();

  const received = api.calls
    .filter((call) => call.method === "sendMessage" && call.ok && Number(call.params.chat_id) === SUBSCRIBER)
    .map((call) => String(call.params.text));
  expect(received).toHaveLength(FILES);
  for (const report of reports)
    expect(received.filter((text) => text.includes(`《${report.title}》`))).toHaveLength(1);
  // The report that was there before the first start is no news.
  expect(received.some((text) => text.includes(sampleReport({ year: 2000 }).title))).toBe(false);
}, 120_000);
