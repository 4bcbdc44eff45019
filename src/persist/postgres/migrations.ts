import type pg from "pg";
import { LOCKS } from "./locks.js";

export interface PgMigration {
  version: number;
  description: string;
  sql: string;
}

/**
 * PostgreSQL schema, append-only like the SQLite one (src/persist/migrations.ts): a released migration is never
 * edited. Times are epoch milliseconds (bigint), as in SQLite, so both backends read the same way.
 */
export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    description: "subscriptions, notices, deliveries, feedback; shared broadcast budget",
    sql: `
      CREATE TABLE subscriptions (
        id          bigserial PRIMARY KEY,
        chat_id     bigint  NOT NULL,
        chat_type   text    NOT NULL,
        district    text    NOT NULL,
        active      boolean NOT NULL DEFAULT true,
        created_at  bigint  NOT NULL,
        updated_at  bigint  NOT NULL,
        UNIQUE (chat_id, district)
      );
      CREATE INDEX subscriptions_active_district ON subscriptions (active, district);

      CREATE TABLE notices (
        id          bigserial PRIMARY KEY,
        report_id   text   NOT NULL,
        kind        text   NOT NULL CHECK (kind IN ('new', 'update')),
        content_key text   NOT NULL UNIQUE,
        district    text   NOT NULL,
        payload     jsonb  NOT NULL,
        created_at  bigint NOT NULL
      );

      CREATE TABLE deliveries (
        id              bigserial PRIMARY KEY,
        notice_id       bigint  NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
        chat_id         bigint  NOT NULL,
        chat_type       text    NOT NULL,
        state           text    NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'blocked')),
        attempts        integer NOT NULL DEFAULT 0,
        next_attempt_at bigint  NOT NULL,
        claimed_by      text,
        claimed_at      bigint,
        message_id      bigint,
        last_error      text,
        uncertain       boolean NOT NULL DEFAULT false,
        created_at      bigint  NOT NULL,
        sent_at         bigint,
        UNIQUE (notice_id, chat_id)
      );
      CREATE INDEX deliveries_due ON deliveries (next_attempt_at, id) WHERE state = 'pending';
      CREATE INDEX deliveries_sending ON deliveries (claimed_by) WHERE state = 'sending';
      CREATE INDEX deliveries_chat_claims ON deliveries (chat_id, claimed_at);

      CREATE TABLE feedback (
        id         bigserial PRIMARY KEY,
        chat_id    bigint NOT NULL,
        user_id    bigint,
        question   text   NOT NULL,
        item_ref   text   NOT NULL,
        vote       text   NOT NULL CHECK (vote IN ('up', 'down')),
        created_at bigint NOT NULL
      );

      -- One broadcast budget for every instance: the next moment any instance may send a notice.
      CREATE TABLE broadcast_clock (
        id           integer PRIMARY KEY CHECK (id = 1),
        next_slot_at bigint  NOT NULL
      );
      INSERT INTO broadcast_clock (id, next_slot_at) VALUES (1, 0);
      -- Per chat: the next moment any instance may send to it (Telegram: about one message a second).
      CREATE TABLE chat_send_clock (
        chat_id bigint PRIMARY KEY,
        next_at bigint NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: "reports in the database: original bytes, hash, parse outcome",
    sql: `
      CREATE TABLE report_files (
        seq         bigserial PRIMARY KEY,
        hash        text   NOT NULL UNIQUE,
        name        text   NOT NULL,
        bytes       bytea  NOT NULL,
        status      text   NOT NULL CHECK (status IN ('indexed', 'superseded', 'rejected')),
        format      text,
        report_id   text,
        identity    text,
        title       text,
        replaces    text,
        reason      text,
        detail      text,
        created_at  bigint NOT NULL
      );
      CREATE UNIQUE INDEX report_files_current ON report_files (identity) WHERE status = 'indexed';
      CREATE UNIQUE INDEX report_files_current_name ON report_files (name) WHERE status = 'indexed';
    `,
  },
  {
    version: 3,
    description: "answers and votes shared by instances; the webhook registration",
    sql: `
      CREATE TABLE answers (
        id         text   PRIMARY KEY,
        question   text   NOT NULL,
        answer     jsonb  NOT NULL,
        pages      jsonb  NOT NULL,
        created_at bigint NOT NULL
      );
      CREATE INDEX answers_created ON answers (created_at);
      CREATE TABLE answer_votes (
        answer_id text NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
        voter     text NOT NULL,
        PRIMARY KEY (answer_id, voter)
      );
      CREATE TABLE webhook_registration (
        id            integer PRIMARY KEY CHECK (id = 1),
        url           text   NOT NULL,
        secret_sha256 text   NOT NULL,
        set_at        bigint NOT NULL,
        set_by        text   NOT NULL
      );
    `,
  },
  {
    version: 4,
    description: "sessions: each chat's conversation state, shared by instances (grammY session storage)",
    sql: `
      CREATE TABLE sessions (
        key        text   PRIMARY KEY,
        value      jsonb  NOT NULL,
        updated_at bigint NOT NULL
      );
    `,
  },
  {
    version: 5,
    description: "answer_votes.vote: a vote can be changed, and the keyboard shows it",
    sql: `ALTER TABLE answer_votes ADD COLUMN vote text CHECK (vote IN ('up', 'down'));`,
  },
];

/**
 * Brings the database to the newest version under an advisory lock, so two instances starting at once do not
 * both run a migration: the second waits, then finds nothing to do. Returns the versions applied.
 */
export async function migratePostgres(
  pool: pg.Pool,
  migrations: readonly PgMigration[] = PG_MIGRATIONS,
): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1, $2)", LOCKS.migrations);
    try {
      await client.query("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)");
      const { rows } = await client.query<{ version: number | null }>(
        "SELECT MAX(version) AS version FROM schema_version",
      );
      const current = rows[0]?.version ?? 0;
      const newest = migrations.at(-1)?.version ?? 0;
      if (current > newest) {
        throw new Error(`database schema version ${current} is newer than this program knows (${newest})`);
      }
      const applied: number[] = [];
      for (const migration of migrations) {
        if (migration.version <= current) continue;
        await client.query("BEGIN");
        try {
          await client.query(migration.sql);
          await client.query("INSERT INTO schema_version (version) VALUES ($1)", [migration.version]);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          throw error;
        }
        applied.push(migration.version);
      }
      return applied;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1, $2)", LOCKS.migrations);
    }
  } finally {
    client.release();
  }
}
