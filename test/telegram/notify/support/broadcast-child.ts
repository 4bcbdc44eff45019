/**
 * A broadcaster process for the crash-safety test: `tsx broadcast-child.ts DB_FILE API_ROOT`.
 * Sends the outbox through the real grammY Api until nothing is pending, then prints a JSON summary.
 * The test SIGKILLs one of these half-way and runs another.
 */

import { openStore } from "../../../../src/persist/store.js";
import { Broadcaster } from "../../../../src/telegram/notify/broadcaster.js";
import { createBroadcastApi, sendNoticeVia } from "../../../../src/telegram/notify/telegram-send.js";

const [file, apiRoot] = process.argv.slice(2);
if (!file || !apiRoot) throw new Error("usage: broadcast-child.ts DB_FILE API_ROOT");

const store = openStore({ file });
const broadcaster = new Broadcaster({
  store,
  send: sendNoticeVia(createBroadcastApi("123456:CRASH_TEST_abcdefghijklmnopqrstuvwxyz", apiRoot)),
  limits: { globalPerSecond: 150, perChatIntervalMs: 1000, groupPerMinute: 20 },
  maxInFlight: 8,
  backoffMs: () => 50,
}).start();
process.stdout.write(
  `${JSON.stringify({ started: true, resolved: broadcaster.stats.interruptedResolved })}\n`,
);
const drained = await broadcaster.drained(20_000);
await broadcaster.stop();
store.close();
process.stdout.write(`${JSON.stringify({ drained, ...broadcaster.stats })}\n`);
