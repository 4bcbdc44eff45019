import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MIGRATIONS, migrate, schemaVersion } from "../../src/persist/migrations.js";
import { databasePath, openDatabase } from "../../src/persist/open-database.js";
import { openStore, type Store } from "../../src/persist/store.js";
import { ALL_DISTRICTS } from "../../src/persist/subscriptions.js";

let dir: string;
let file: string;
const open: Store[] = [];

function reopen(): Store {
  const store = openStore({ file });
  open.push(store);
  return store;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "store-"));
  file = join(dir, "nested", "bot.sqlite");
});

afterEach(() => {
  for (const store of open.splice(0)) store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("migrations", () => {
  it("creates a fresh database at the newest version, in WAL mode", () => {
    const store = reopen();
    expect(schemaVersion(store.db)).toBe(MIGRATIONS.at(-1)!.version);
    expect(store.db.pragma("journal_mode", { simple: true })).toBe("wal");
    const tables = store.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((row) => (row as { name: string }).name);
    expect(tables).toEqual(
      expect.arrayContaining(["deliveries", "feedback", "notices", "schema_version", "subscriptions"]),
    );
  });

  it("is idempotent: opening again applies nothing and keeps data", () => {
    const first = reopen();
    first.subscriptions.subscribe(1, "private");
    first.close();
    const db = openDatabase(file);
    expect(migrate(db)).toEqual([]);
    expect(db.prepare("SELECT COUNT(*) AS n FROM schema_version").get()).toEqual({ n: MIGRATIONS.length });
    db.close();
    expect(reopen().subscriptions.activeFor(1)).toHaveLength(1);
  });

  it("upgrades an existing older database without losing rows", () => {
    const old = openDatabase(file, MIGRATIONS.slice(0, 1));
    expect(schemaVersion(old)).toBe(1);
    old
      .prepare(
        `INSERT INTO deliveries (notice_id, chat_id, chat_type, state, next_attempt_at, created_at)
         VALUES (?, 5, 'private', 'pending', 0, 0)`,
      )
      .run(
        old
          .prepare(
            "INSERT INTO notices (report_id, kind, content_key, district, payload, created_at) VALUES ('r', 'new', 'k', '青浦区', '{}', 0)",
          )
          .run().lastInsertRowid,
      );
    old.close();

    const store = reopen();
    expect(schemaVersion(store.db)).toBe(MIGRATIONS.at(-1)!.version);
    const [delivery] = store.deliveries.forNotice(1);
    expect(delivery).toMatchObject({ chatId: 5, state: "pending", uncertain: false });
  });

  it("refuses a database newer than the program", () => {
    reopen().close();
    const db = new Database(file);
    db.prepare("INSERT INTO schema_version (version) VALUES (99)").run();
    db.close();
    expect(() => openDatabase(file)).toThrow(/newer/);
  });

  it("places the file under DATA_DIR", () => {
    const store = openStore({ dataDir: join(dir, "data") });
    open.push(store);
    expect(store.db.name).toBe(databasePath(join(dir, "data")));
    expect(databasePath("data")).toBe(join("data", "bot.sqlite"));
  });
});

describe("subscriptions", () => {
  it("subscribes to all and to districts, reports repeats, unsubscribes one or all", () => {
    const { subscriptions } = reopen();
    expect(subscriptions.subscribe(10, "private")).toBe(true);
    expect(subscriptions.subscribe(10, "private")).toBe(false);
    expect(subscriptions.subscribe(10, "private", "青浦区")).toBe(true);
    expect(subscriptions.subscribe(10, "private", "嘉定区")).toBe(true);
    expect(subscriptions.activeFor(10).map((s) => s.district)).toEqual([ALL_DISTRICTS, "青浦区", "嘉定区"]);

    expect(subscriptions.unsubscribe(10, "青浦区")).toBe(1);
    expect(subscriptions.unsubscribe(10, "青浦区")).toBe(0);
    expect(subscriptions.activeFor(10).map((s) => s.district)).toEqual([ALL_DISTRICTS, "嘉定区"]);
    expect(subscriptions.unsubscribe(10)).toBe(2);
    expect(subscriptions.activeFor(10)).toEqual([]);
    expect(subscriptions.subscribe(10, "private", "青浦区")).toBe(true); // re-activates
    expect(subscriptions.activeFor(10).map((s) => s.district)).toEqual(["青浦区"]);
  });

  it("matches recipients by district filter, all-reports subscribers always, each chat once", () => {
    const { subscriptions } = reopen();
    subscriptions.subscribe(1, "private"); // all
    subscriptions.subscribe(2, "private", "青浦区");
    subscriptions.subscribe(3, "group", "嘉定区");
    subscriptions.subscribe(-4, "supergroup", "青浦区");
    subscriptions.subscribe(-4, "supergroup"); // both all and 青浦: still one recipient
    subscriptions.subscribe(5, "private", "青浦区");
    subscriptions.unsubscribe(5);

    expect(subscriptions.recipientsFor("青浦区").map((r) => r.chatId)).toEqual([1, 2, -4]);
    expect(subscriptions.recipientsFor("嘉定区").map((r) => r.chatId)).toEqual([1, 3, -4]);
    expect(subscriptions.recipientsFor("徐汇区").map((r) => r.chatId)).toEqual([1, -4]);
    subscriptions.deactivateChat(1);
    expect(subscriptions.recipientsFor("徐汇区").map((r) => r.chatId)).toEqual([-4]);
  });

  it("survives closing and reopening the database", () => {
    const first = reopen();
    first.subscriptions.subscribe(7, "group", "青浦区");
    first.feedback.record({ chatId: 7, userId: 70, question: "招了多少教师", itemRef: "r_1_2", vote: "up" });
    first.close();
    const second = reopen();
    expect(second.subscriptions.recipientsFor("青浦区")).toEqual([{ chatId: 7, chatType: "group" }]);
    expect(second.feedback.recent()).toMatchObject([
      { chatId: 7, userId: 70, question: "招了多少教师", itemRef: "r_1_2", vote: "up" },
    ]);
  });
});

describe("deliveries", () => {
  function withNotice(store: Store): number {
    return store.notices.insert({
      reportId: "r",
      kind: "new",
      contentKey: "r:1",
      district: "青浦区",
      payload: { html: "hi", keyboard: [] },
    })!;
  }

  it("claims once, and a second claim of the same row fails", () => {
    const store = reopen();
    const notice = withNotice(store);
    store.deliveries.createForNotice(notice, [{ chatId: 1, chatType: "private" }]);
    const [delivery] = store.deliveries.due(Date.now(), 10);
    expect(store.deliveries.claim(delivery!.id, "run-a")).toBe(true);
    expect(store.deliveries.claim(delivery!.id, "run-b")).toBe(false);
    expect(store.deliveries.due(Date.now(), 10)).toEqual([]);
  });

  it("keeps one delivery per notice and chat", () => {
    const store = reopen();
    const notice = withNotice(store);
    const recipients = [
      { chatId: 1, chatType: "private" as const },
      { chatId: 2, chatType: "private" as const },
    ];
    expect(store.deliveries.createForNotice(notice, recipients)).toBe(2);
    expect(store.deliveries.createForNotice(notice, recipients)).toBe(0);
    expect(store.deliveries.forNotice(notice)).toHaveLength(2);
  });

  it("settles an earlier run's claims by policy, leaving its own alone", () => {
    const store = reopen();
    const notice = withNotice(store);
    store.deliveries.createForNotice(notice, [
      { chatId: 1, chatType: "private" },
      { chatId: 2, chatType: "private" },
      { chatId: 3, chatType: "private" },
    ]);
    const [a, b, c] = store.deliveries.forNotice(notice);
    store.deliveries.claim(a!.id, "crashed");
    store.deliveries.claim(b!.id, "crashed");
    store.deliveries.claim(c!.id, "current");
    expect(store.deliveries.resolveInterrupted("current", "assume-sent")).toBe(2);
    expect(store.deliveries.get(a!.id)).toMatchObject({ state: "sent", uncertain: true });
    expect(store.deliveries.get(c!.id)).toMatchObject({ state: "sending" });

    store.deliveries.claim(store.deliveries.due(Date.now(), 1)[0]?.id ?? -1, "x"); // nothing pending
    store.db
      .prepare("UPDATE deliveries SET state = 'sending', claimed_by = 'crashed' WHERE id = ?")
      .run(a!.id);
    expect(store.deliveries.resolveInterrupted("current", "resend")).toBe(1);
    expect(store.deliveries.get(a!.id)).toMatchObject({ state: "pending", uncertain: true });
  });
});

describe("answers and sessions across a restart", () => {
  it("keeps an answer's pages and votes, and a chat's session, for the next process", () => {
    const dir = mkdtempSync(join(tmpdir(), "answers-"));
    try {
      const first = openStore({ dataDir: dir });
      const answer = {
        query: "q",
        found: true,
        answer: { text: "t", result: 0 },
        reasons: [],
        results: [],
        understanding: { districts: [], years: [], intent: "topic" as const, terms: ["t"] },
      };
      const id = first.answers.put({ question: "青浦教师培训", answer, pages: [[0], [1]] });
      expect(first.answers.vote(id, "7:0", "up")).toBe("new");
      first.sessions.write("42", { lastQuestion: "青浦2020年招录新教师多少名" });
      first.close();

      const second = openStore({ dataDir: dir });
      expect(second.answers.get(id)).toEqual({ question: "青浦教师培训", answer, pages: [[0], [1]] });
      expect(second.answers.vote(id, "7:0", "up")).toBe("same");
      expect(second.answers.vote(id, "7:0", "down")).toBe("changed");
      expect(second.answers.vote("missing", "7:0", "up")).toBe("expired");
      expect(second.sessions.read("42")).toEqual({ lastQuestion: "青浦2020年招录新教师多少名" });
      second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
