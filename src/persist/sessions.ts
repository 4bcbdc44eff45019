import type { Database } from "better-sqlite3";
import type { StorageAdapter } from "grammy";

/**
 * grammY session storage in the bot's SQLite file: a chat's conversation state (its last question, for
 * follow-ups) survives restarts and deploys. Values are JSON.
 */
export class SessionRepository<T> implements StorageAdapter<T> {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  read(key: string): T | undefined {
    const row = this.db.prepare("SELECT value FROM sessions WHERE key = ?").get(key) as
      | { value: string }
      | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  write(key: string, value: T): void {
    this.db
      .prepare(
        `INSERT INTO sessions (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(key, JSON.stringify(value), this.now());
  }

  delete(key: string): void {
    this.db.prepare("DELETE FROM sessions WHERE key = ?").run(key);
  }
}
