/**
 * Crash safety: a broadcast to a few hundred subscribers runs in a child process that is SIGKILLed
 * half-way; a second process resumes; the Bot API server's own record must show every subscriber got the
 * notice exactly once.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../../../src/persist/store.js";
import { enqueueReportNotice } from "../../../src/telegram/notify/outbox.js";
import { type RecordingBotApi, startRecordingBotApi } from "./support/recording-bot-api.js";
import { makeReport } from "./support/report-fixture.js";

const SUBSCRIBERS = 300;
// The child runs in this very process image (node --import tsx), not under the tsx CLI: a SIGKILL to the
// CLI would leave its own node child running after the test.
const TSX_LOADER = import.meta.resolve("tsx");
const CHILD = resolve("test/telegram/notify/support/broadcast-child.ts");

let dir: string;
let file: string;
const servers: RecordingBotApi[] = [];
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "crash-"));
  file = join(dir, "bot.sqlite");
  const store = openStore({ file });
  for (let chat = 1; chat <= SUBSCRIBERS; chat++) store.subscriptions.subscribe(chat, "private");
  expect(enqueueReportNotice(store, makeReport()).deliveries).toBe(SUBSCRIBERS);
  store.close();
});

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const server of servers.splice(0)) await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function runChild(apiRoot: string): {
  child: ChildProcess;
  exited: Promise<{ code: number | null; out: string }>;
} {
  const child = spawn(process.execPath, ["--import", TSX_LOADER, CHILD, file, apiRoot], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (chunk) => {
    out += chunk;
  });
  child.stderr!.on("data", (chunk) => {
    out += chunk;
  });
  const exited = new Promise<{ code: number | null; out: string }>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`child did not exit in time:\n${out}`)), 40_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      done({ code, out });
    });
  });
  return { child, exited };
}

/** Every chat 1..SUBSCRIBERS that Telegram saw a sendMessage for, with how many times (answered or not). */
function tallyAcross(servers: RecordingBotApi[]): { duplicates: number[]; misses: number[] } {
  const seen = new Map<number, number>();
  for (const server of servers) {
    for (const [chat, n] of server.receivedPerChat()) seen.set(chat, (seen.get(chat) ?? 0) + n);
  }
  const duplicates: number[] = [];
  const misses: number[] = [];
  for (let chat = 1; chat <= SUBSCRIBERS; chat++) {
    const n = seen.get(chat) ?? 0;
    if (n === 0) misses.push(chat);
    if (n > 1) duplicates.push(chat);
  }
  return { duplicates, misses };
}

function deliveryCounts() {
  const store = openStore({ file });
  try {
    const uncertain = store.db.prepare("SELECT COUNT(*) AS n FROM deliveries WHERE uncertain = 1").get() as {
      n: number;
    };
    return { ...store.deliveries.countByState(), uncertain: uncertain.n };
  } finally {
    store.close();
  }
}

describe("broadcast crash safety (SIGKILL half-way, then resume)", () => {
  it("killed while requests are in flight: every subscriber gets exactly one notice", async () => {
    // Half-way, the server stops answering (requests reach Telegram, answers never come back), then the
    // process is killed: the worst moment, with the most deliveries whose outcome the sender cannot know.
    let killAt: (() => void) | undefined;
    const killed = new Promise<void>((resolve) => {
      killAt = resolve;
    });
    const first = await startRecordingBotApi({
      intercept: (_call, index) => {
        if (index < SUBSCRIBERS / 2) return undefined;
        if (index === SUBSCRIBERS / 2) setTimeout(() => killAt!(), 300);
        return "hold";
      },
    });
    servers.push(first);
    const crashing = runChild(first.apiRoot);
    await Promise.race([
      killed,
      crashing.exited.then(({ out }) => {
        throw new Error(`child finished before the kill:\n${out}`);
      }),
    ]);
    crashing.child.kill("SIGKILL");
    const { code } = await crashing.exited;
    expect(code).toBeNull(); // killed, not finished

    const before = deliveryCounts();
    expect(before.sent).toBeGreaterThanOrEqual(SUBSCRIBERS / 2 - 8);
    expect(before.sending).toBeGreaterThan(0); // the kill did interrupt requests in flight
    expect(before.sending).toBeLessThanOrEqual(8); // never more than maxInFlight uncertain
    expect(before.pending).toBeGreaterThan(0);

    const second = await startRecordingBotApi();
    servers.push(second);
    const resumed = await runChild(second.apiRoot).exited;
    expect(resumed.code, resumed.out).toBe(0);
    expect(resumed.out).toContain('"drained":true');

    const { duplicates, misses } = tallyAcross(servers);
    expect(duplicates).toEqual([]);
    expect(misses).toEqual([]);
    const after = deliveryCounts();
    expect(after).toMatchObject({ sent: SUBSCRIBERS, pending: 0, sending: 0, uncertain: before.sending });
  }, 60_000);

  it("killed at an arbitrary moment: no duplicates, and any miss is one the store flagged uncertain", async () => {
    let child: ChildProcess | undefined;
    const first = await startRecordingBotApi({
      latencyMs: 5,
      intercept: (_call, index) => {
        if (index === Math.floor(SUBSCRIBERS * 0.4)) child?.kill("SIGKILL");
        return undefined;
      },
    });
    servers.push(first);
    const crashing = runChild(first.apiRoot);
    child = crashing.child;
    expect((await crashing.exited).code).toBeNull();
    const before = deliveryCounts();
    expect(before.pending).toBeGreaterThan(0);

    const second = await startRecordingBotApi();
    servers.push(second);
    const resumed = await runChild(second.apiRoot).exited;
    expect(resumed.code, resumed.out).toBe(0);

    const { duplicates, misses } = tallyAcross(servers);
    expect(duplicates).toEqual([]);
    expect(misses.length).toBeLessThanOrEqual(before.sending);
    expect(deliveryCounts()).toMatchObject({ sent: SUBSCRIBERS, pending: 0, sending: 0 });
  }, 60_000);
});
