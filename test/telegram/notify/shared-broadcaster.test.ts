/**
 * The shared broadcaster against the Bot API emulator and a real PostgreSQL: what Telegram answers is handled
 * as in the single-instance broadcaster — a 429 pauses everyone (both instances), a chat that blocked the bot
 * loses its subscription, a 5xx is retried, a group that became a supergroup is followed — and a stop leaves
 * nothing claimed.
 */
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import {
  insertNoticeWithDeliveries,
  openPgStore,
  type PgStore,
} from "../../../src/persist/postgres/pg-store.js";
import { SharedBroadcaster } from "../../../src/telegram/notify/shared-broadcaster.js";
import { createBroadcastApi, sendNoticeVia } from "../../../src/telegram/notify/telegram-send.js";
import { BotApiServer } from "../../support/bot-api-server.js";
import { createTestDatabase, describePostgres, type TestDatabase } from "../../support/postgres.js";

let database: TestDatabase;
let stores: PgStore[] = [];
let api: BotApiServer;
const running: SharedBroadcaster[] = [];

async function queue(store: PgStore, chats: number[]): Promise<void> {
  for (const chat of chats) await store.subscriptions.subscribe(chat, chat < 0 ? "group" : "private");
  const client = await store.pool.connect();
  try {
    await client.query("BEGIN");
    await insertNoticeWithDeliveries(
      client,
      {
        reportId: "r",
        kind: "new",
        contentKey: `r:${Math.random()}`,
        district: "青浦区",
        payload: { html: "📢 <b>新报告</b>", keyboard: [] },
      },
      Date.now(),
    );
    await client.query("COMMIT");
  } finally {
    client.release();
  }
}

async function start(store: PgStore): Promise<SharedBroadcaster> {
  const broadcaster = await new SharedBroadcaster({
    pool: store.pool,
    deliveries: store.deliveries,
    send: sendNoticeVia(createBroadcastApi(api.token, api.apiRoot)),
    backoffMs: () => 50,
    recoveryEveryMs: 200,
  }).start();
  running.push(broadcaster);
  return broadcaster;
}

async function settled(store: PgStore) {
  for (let attempt = 0; attempt < 750; attempt++) {
    const counts = await store.deliveries.countByState();
    if (counts.pending === 0 && counts.sending === 0) return counts;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("deliveries not settled within 15 s");
}

const sentTo = (chatId: number) =>
  api.calls.filter(
    (call) => call.method === "sendMessage" && call.ok && Number(call.params.chat_id) === chatId,
  );

describePostgres("SharedBroadcaster", () => {
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    for (const broadcaster of running.splice(0)) await broadcaster.stop();
    for (const store of stores)
      await store.pool.query(
        "TRUNCATE deliveries, notices, subscriptions, chat_send_clock; UPDATE broadcast_clock SET next_slot_at = 0",
      );
    await api?.stop();
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    stores = [];
    await database?.drop();
  });

  it("a 429 seen by one instance pauses both; every subscriber still gets one message", async () => {
    api = await BotApiServer.start();
    stores = [
      await openPgStore(database.url, { maxConnections: 4 }),
      await openPgStore(database.url, { maxConnections: 4 }),
    ];
    await queue(stores[0]!, [1, 2, 3, 4, 5, 6]);
    api.failNext("sendMessage", {
      error_code: 429,
      description: "Too Many Requests: retry after 1",
      parameters: { retry_after: 1 },
    });
    await Promise.all(stores.map(start));
    expect(await settled(stores[0]!)).toMatchObject({ sent: 6 });
    for (const chat of [1, 2, 3, 4, 5, 6]) expect(sentTo(chat)).toHaveLength(1);
    const failedAt = api.calls.find((call) => call.method === "sendMessage" && !call.ok)!.at;
    const next = api.calls.filter((call) => call.method === "sendMessage" && call.ok && call.at > failedAt);
    // Nothing left (from either instance) until the second Telegram asked for had passed.
    expect(next[0]!.at - failedAt).toBeGreaterThanOrEqual(990);
  });

  it("a chat that blocked the bot is unsubscribed; a 5xx is retried; a migrated group is followed", async () => {
    api = await BotApiServer.start();
    stores = [await openPgStore(database.url, { maxConnections: 4 })];
    const [store] = stores;
    await queue(store!, [10, -20]);
    // Deliveries go oldest first: chat 10, then the group.
    api.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot was blocked by the user" });
    api.failNext("sendMessage", {
      error_code: 400,
      description: "Bad Request: group chat was upgraded to a supergroup chat",
      parameters: { migrate_to_chat_id: -1_000_000_020 },
    });
    api.failNext("sendMessage", { error_code: 502, description: "Bad Gateway" });
    await start(store!);
    expect(await settled(store!)).toMatchObject({ blocked: 1, sent: 1 });
    expect(await store!.subscriptions.activeFor(10)).toEqual([]);
    expect(sentTo(-1_000_000_020)).toHaveLength(1);
    expect((await store!.subscriptions.activeFor(-1_000_000_020)).map((s) => s.chatType)).toEqual([
      "supergroup",
    ]);
  });

  it("stopping leaves nothing claimed", async () => {
    api = await BotApiServer.start({ sendLatencyMs: 30 });
    stores = [await openPgStore(database.url, { maxConnections: 4 })];
    const [store] = stores;
    await queue(
      store!,
      Array.from({ length: 40 }, (_, i) => 100 + i),
    );
    const broadcaster = await start(store!);
    for (let attempt = 0; attempt < 500 && broadcaster.stats.sent < 5; attempt++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    await broadcaster.stop();
    running.splice(0);
    const counts = await store!.deliveries.countByState();
    expect(counts.sending).toBe(0);
    expect(counts.sent + counts.pending).toBe(40);
    expect(counts.sent).toBe(api.calls.filter((call) => call.method === "sendMessage" && call.ok).length);
  });
});
