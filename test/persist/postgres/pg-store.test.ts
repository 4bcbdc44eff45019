/**
 * The PostgreSQL backend on a real server (a fresh database per file): migrations under concurrent starts,
 * subscriptions as the SQLite store keeps them, answers shared across instances, and the shared outbox —
 * claims that never overlap, one budget for all instances, a dead instance's claims settled as uncertain.
 */
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { connectPostgres, DatabaseUnreachableError } from "../../../src/persist/postgres/connect.js";
import { PG_MIGRATIONS } from "../../../src/persist/postgres/migrations.js";
import {
  InstanceLiveness,
  insertNoticeWithDeliveries,
  openPgStore,
  PgChatLocks,
  type PgStore,
} from "../../../src/persist/postgres/pg-store.js";
import { registerWebhookOnce } from "../../../src/persist/postgres/webhook-registration.js";
import { ALL_DISTRICTS } from "../../../src/persist/subscriptions.js";
import { shippedEngine } from "../../support/corpus.js";
import { createTestDatabase, describePostgres, type TestDatabase } from "../../support/postgres.js";

let database: TestDatabase;
const stores: PgStore[] = [];
let clock = 1_000_000;
const now = () => clock;

async function open(): Promise<PgStore> {
  const store = await openPgStore(database.url, { now, maxConnections: 5 });
  stores.push(store);
  return store;
}

/** Empties the outbox between tests (subscriptions and clocks included). */
async function resetOutbox(store: PgStore): Promise<void> {
  await store.pool.query(
    "TRUNCATE deliveries, notices, subscriptions, chat_send_clock; UPDATE broadcast_clock SET next_slot_at = 0",
  );
}

async function queueNotice(store: PgStore, chats: number[]): Promise<number> {
  for (const chat of chats) await store.subscriptions.subscribe(chat, chat < 0 ? "group" : "private");
  const client = await store.pool.connect();
  try {
    await client.query("BEGIN");
    const result = await insertNoticeWithDeliveries(
      client,
      {
        reportId: "r1",
        kind: "new",
        contentKey: `r1:${Math.random()}`,
        district: "青浦区",
        payload: { html: "<b>新报告</b>", keyboard: [] },
      },
      now(),
    );
    await client.query("COMMIT");
    return result.deliveries;
  } finally {
    client.release();
  }
}

describePostgres("PostgreSQL store", () => {
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const store of stores.splice(0)) await store.close();
    await database?.drop();
  });

  it("migrates once when two instances start at the same moment", async () => {
    const [a, b] = await Promise.all([
      connectPostgres(database.url, { max: 2 }),
      connectPostgres(database.url, { max: 2 }),
    ]);
    try {
      const { rows } = await a.query<{ version: number }>(
        "SELECT version FROM schema_version ORDER BY version",
      );
      expect(rows.map((row) => row.version)).toEqual(PG_MIGRATIONS.map((migration) => migration.version));
      // Both can use the schema.
      await b.query("SELECT COUNT(*) FROM deliveries");
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it("refuses an unreachable server with a message that names DATABASE_URL", async () => {
    const url = new URL(database.url);
    url.port = "1"; // nothing listens there
    await expect(connectPostgres(url.toString())).rejects.toThrow(DatabaseUnreachableError);
    await expect(connectPostgres(url.toString())).rejects.toThrow(/DATABASE_URL/);
  });

  it("keeps subscriptions as the SQLite store does", async () => {
    const { subscriptions } = await open();
    expect(await subscriptions.subscribe(10, "private")).toBe(true);
    expect(await subscriptions.subscribe(10, "private")).toBe(false);
    expect(await subscriptions.subscribe(10, "private", "青浦区")).toBe(true);
    expect(await subscriptions.subscribe(10, "private", "嘉定区")).toBe(true);
    expect((await subscriptions.activeFor(10)).map((s) => s.district)).toEqual([
      ALL_DISTRICTS,
      "青浦区",
      "嘉定区",
    ]);
    expect(await subscriptions.unsubscribe(10, "青浦区")).toBe(1);
    expect(await subscriptions.unsubscribe(10, "青浦区")).toBe(0);
    expect(await subscriptions.subscribe(10, "private", "青浦区")).toBe(true); // re-activated
    expect(await subscriptions.unsubscribe(10)).toBe(3);
    expect(await subscriptions.activeFor(10)).toEqual([]);
  });

  it("answers stored by one instance are found by another, and a vote counts once across both", async () => {
    const a = await open();
    const b = await open();
    // A real answer, as the bot stores it (JSON round trip through jsonb).
    const answer = (await shippedEngine()).ask("青浦 教师培训", { top: 5 });
    const id = await a.answers.put({ question: "青浦教师培训", answer, pages: [[0], [1]] });
    expect(await b.answers.get(id)).toEqual({ question: "青浦教师培训", answer, pages: [[0], [1]] });
    expect(await b.answers.get("missing")).toBeUndefined();
    expect(await a.answers.vote(id, "7:0", "up")).toBe("new");
    expect(await b.answers.vote(id, "7:0", "down")).toBe("changed");
    expect(await b.answers.vote(id, "7:0", "down")).toBe("same");
    expect(await b.answers.vote("missing", "7:0", "up")).toBe("expired");
  });

  it("a chat's session written by one instance is read by another (a follow-up may reach either)", async () => {
    const a = await open();
    const b = await open();
    await a.sessions.write("42", { lastQuestion: "青浦2020年招录新教师多少名" });
    expect(await b.sessions.read("42")).toEqual({ lastQuestion: "青浦2020年招录新教师多少名" });
    await b.sessions.write("42", { lastQuestion: "嘉定招录新教师多少名" });
    expect(await a.sessions.read("42")).toEqual({ lastQuestion: "嘉定招录新教师多少名" });
    await a.sessions.delete("42");
    expect(await b.sessions.read("42")).toBeUndefined();
  });

  it("two instances claiming at once never take the same delivery, nor one chat twice within a second", async () => {
    const a = await open();
    const b = await open();
    await resetOutbox(a);
    // 40 private chats; chat 1 also gets a second notice, which must wait for its clock.
    expect(
      await queueNotice(
        a,
        Array.from({ length: 40 }, (_, i) => i + 1),
      ),
    ).toBe(40);
    expect(await queueNotice(a, [1])).toBe(40); // every active subscriber again
    const claimed: number[] = [];
    const chats: number[] = [];
    // Each step: both instances claim concurrently; then the shared clock moves by one slot.
    for (let step = 0; step < 120 && claimed.length < 80; step++) {
      const results = await Promise.all([a.deliveries.claimNext("run-a"), b.deliveries.claimNext("run-b")]);
      const taken = results.filter((result) => result.kind === "claimed");
      // The shared budget lets exactly one message leave per slot, whichever instance takes it.
      expect(taken.length).toBeLessThanOrEqual(1);
      for (const result of taken) {
        if (result.kind !== "claimed") continue;
        claimed.push(result.delivery.id);
        chats.push(result.delivery.chatId);
      }
      clock += 35;
    }
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed.length).toBe(80);
    // The second notice to a chat never left within 1 s of the first (each claim is one 35 ms slot).
    const firstAt = new Map<number, number>();
    chats.forEach((chat, position) => {
      const earlier = firstAt.get(chat);
      if (earlier !== undefined) expect((position - earlier) * 35).toBeGreaterThanOrEqual(1000);
      else firstAt.set(chat, position);
    });
    const { rows } = await a.pool.query<{ claimed_by: string; n: number }>(
      "SELECT claimed_by, COUNT(*)::int AS n FROM deliveries GROUP BY claimed_by ORDER BY claimed_by",
    );
    expect(rows.reduce((sum, row) => sum + row.n, 0)).toBe(80);
  });

  it("a flood wait pauses every instance", async () => {
    const a = await open();
    const b = await open();
    await resetOutbox(a);
    await queueNotice(a, [1, 2, 3]);
    const first = await a.deliveries.claimNext("run-a");
    expect(first.kind).toBe("claimed");
    await a.deliveries.pauseAll(clock + 5000);
    clock += 1000;
    expect(await b.deliveries.claimNext("run-b")).toEqual({ kind: "wait", at: clock + 4000 });
    clock += 4000;
    expect((await b.deliveries.claimNext("run-b")).kind).toBe("claimed");
  });

  it("claims of a live instance are left alone; a dead one's are settled as uncertain by the others", async () => {
    const a = await open();
    const b = await open();
    await resetOutbox(a);
    await queueNotice(a, [1, 2]);
    const liveness = await InstanceLiveness.hold(a.pool, "run-a");
    const claim = await a.deliveries.claimNext("run-a");
    expect(claim.kind).toBe("claimed");
    expect(await b.deliveries.recoverAbandoned("assume-sent", "run-b")).toBe(0);
    await liveness.release(); // as if the process died: its connection, and the lock, are gone
    // The server lets go of the lock as its backend exits, a moment after the connection closed.
    let settled = 0;
    for (let attempt = 0; attempt < 100 && settled === 0; attempt++) {
      settled = await b.deliveries.recoverAbandoned("assume-sent", "run-b");
      if (settled === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(settled).toBe(1);
    const { rows } = await a.pool.query<{ state: string; uncertain: boolean }>(
      "SELECT state, uncertain FROM deliveries WHERE claimed_at IS NOT NULL",
    );
    expect(rows).toEqual([{ state: "sent", uncertain: true }]);
    expect((await b.deliveries.countByState()).pending).toBe(1);
  });

  it("one chat's updates are handled one at a time across instances; other chats run alongside", async () => {
    const a = await open();
    const b = await open();
    const locksA = new PgChatLocks(a.pool, 3);
    const locksB = new PgChatLocks(b.pool, 3);
    const events: string[] = [];
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    let firstEntered!: () => void;
    const entered = new Promise<void>((resolve) => {
      firstEntered = resolve;
    });
    try {
      const first = locksA.run(42, async () => {
        events.push("A:42 in");
        firstEntered();
        await firstHeld;
        events.push("A:42 out");
      });
      await entered;
      const second = locksB.run(42, async () => {
        events.push("B:42 in");
      });
      // Another chat is not held up by chat 42.
      await locksB.run(43, async () => {
        events.push("B:43");
      });
      expect(events).toEqual(["A:42 in", "B:43"]);
      releaseFirst();
      await Promise.all([first, second]);
      expect(events).toEqual(["A:42 in", "B:43", "A:42 out", "B:42 in"]);
    } finally {
      releaseFirst();
      await Promise.all([locksA.close(), locksB.close()]);
    }
  });

  it("one instance registers the webhook; the next finds it done, unless Telegram lost it", async () => {
    const a = await open();
    let calls = 0;
    let telegramUrl = "";
    const set = async () => {
      calls++;
      telegramUrl = "https://bot.example.org/hook";
    };
    const registration = (instance: string) => ({
      url: "https://bot.example.org/hook",
      secret: "s3cret",
      instance,
      registeredUrl: async () => telegramUrl,
    });
    const results = await Promise.all([
      registerWebhookOnce(a.pool, registration("a"), set),
      registerWebhookOnce(a.pool, registration("b"), set),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(calls).toBe(1);
    telegramUrl = ""; // someone called deleteWebhook
    expect(await registerWebhookOnce(a.pool, registration("c"), set)).toBe(true);
    expect(calls).toBe(2);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query("SELECT url, set_by FROM webhook_registration");
    await client.end();
    expect(rows).toEqual([{ url: "https://bot.example.org/hook", set_by: "c" }]);
  });
});
