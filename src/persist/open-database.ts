import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { MIGRATIONS, type Migration, migrate } from "./migrations.js";

export const DATABASE_FILE = "bot.sqlite";

export function databasePath(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}

/** Opens (creating if needed) and migrates the bot's database file. */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Database.Database {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // WAL: readers never block the writer, and a commit survives a killed process (it is in the OS cache).
  db.pragma("journal_mode = WAL");
  // NORMAL is durable against process crashes in WAL mode; only a power cut may lose the last commits.
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  // Another process (the CLI, a test's checker) may hold the write lock briefly.
  db.pragma("busy_timeout = 5000");
  migrate(db, migrations);
  return db;
}
