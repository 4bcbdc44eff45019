import type { Database } from "better-sqlite3";

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/**
 * Append-only: a released migration is never edited, a change is a new entry. Each runs in its own
 * transaction together with the version bump, so a crash mid-migration leaves the previous version intact.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "subscriptions, notices, deliveries, feedback",
    sql: `
      CREATE TABLE subscriptions (
        id          INTEGER PRIMARY KEY,
        chat_id     INTEGER NOT NULL,
        chat_type   TEXT    NOT NULL,
        -- '*' stands for "all reports": a real value keeps UNIQUE working (NULLs never collide in SQLite).
        district    TEXT    NOT NULL,
        active      INTEGER NOT NULL DEFAULT 1,
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL,
        UNIQUE (chat_id, district)
      );
      CREATE INDEX subscriptions_active_district ON subscriptions (active, district);

      CREATE TABLE notices (
        id          INTEGER PRIMARY KEY,
        report_id   TEXT    NOT NULL,
        kind        TEXT    NOT NULL CHECK (kind IN ('new', 'update')),
        -- Same report content announced twice (a watcher rescan, a re-upload) must not notify twice.
        content_key TEXT    NOT NULL UNIQUE,
        district    TEXT    NOT NULL,
        payload     TEXT    NOT NULL,
        created_at  INTEGER NOT NULL
      );

      CREATE TABLE deliveries (
        id              INTEGER PRIMARY KEY,
        notice_id       INTEGER NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
        chat_id         INTEGER NOT NULL,
        chat_type       TEXT    NOT NULL,
        state           TEXT    NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'blocked')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        claimed_by      TEXT,
        claimed_at      INTEGER,
        message_id      INTEGER,
        last_error      TEXT,
        created_at      INTEGER NOT NULL,
        sent_at         INTEGER,
        UNIQUE (notice_id, chat_id)
      );
      CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at, id);

      CREATE TABLE feedback (
        id         INTEGER PRIMARY KEY,
        chat_id    INTEGER NOT NULL,
        user_id    INTEGER,
        question   TEXT    NOT NULL,
        item_ref   TEXT    NOT NULL,
        vote       TEXT    NOT NULL CHECK (vote IN ('up', 'down')),
        created_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: "deliveries.uncertain: claims interrupted by a crash, resolved without knowing the outcome",
    sql: `ALTER TABLE deliveries ADD COLUMN uncertain INTEGER NOT NULL DEFAULT 0;`,
  },
  {
    version: 3,
    description: "sessions: each chat's conversation state (grammY session storage)",
    sql: `
      CREATE TABLE sessions (
        key        TEXT    PRIMARY KEY,
        value      TEXT    NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 4,
    description: "answers and votes: the buttons of an answer work after a restart or a deploy",
    sql: `
      CREATE TABLE answers (
        id         TEXT    PRIMARY KEY,
        question   TEXT    NOT NULL,
        answer     TEXT    NOT NULL,
        pages      TEXT    NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX answers_created ON answers (created_at);
      CREATE TABLE answer_votes (
        answer_id TEXT NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
        voter     TEXT NOT NULL,
        vote      TEXT NOT NULL CHECK (vote IN ('up', 'down')),
        PRIMARY KEY (answer_id, voter)
      );
    `,
  },
];

export function schemaVersion(db: Database): number {
  db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  const row = db.prepare("SELECT MAX(version) AS version FROM schema_version").get() as {
    version: number | null;
  };
  return row.version ?? 0;
}

/** Brings the database to the newest version; running it again is a no-op. Returns the versions applied. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const applied: number[] = [];
  const current = schemaVersion(db);
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new Error(`database schema version ${current} is newer than this program knows (${newest})`);
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare("INSERT INTO schema_version (version) VALUES (?)").run(migration.version);
    }).immediate();
    applied.push(migration.version);
  }
  return applied;
}
