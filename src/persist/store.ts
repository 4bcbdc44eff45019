import type Database from "better-sqlite3";
import { AnswerRepository } from "./answers.js";
import { DeliveryRepository } from "./deliveries.js";
import { FeedbackRecorder } from "./feedback.js";
import { NoticeRepository } from "./notices.js";
import { databasePath, openDatabase } from "./open-database.js";
import { SessionRepository } from "./sessions.js";
import { SubscriptionRepository } from "./subscriptions.js";

/** The bot's durable state: one SQLite file, one repository per table. */
export interface Store {
  readonly db: Database.Database;
  readonly subscriptions: SubscriptionRepository;
  readonly notices: NoticeRepository;
  readonly deliveries: DeliveryRepository;
  readonly feedback: FeedbackRecorder;
  /** Answers kept for their buttons, across restarts. */
  readonly answers: AnswerRepository;
  /** grammY session storage (each chat's conversation state). */
  readonly sessions: SessionRepository<unknown>;
  close(): void;
}

export interface StoreOptions {
  /** Folder holding bot.sqlite (DATA_DIR, default `data/`). Ignored when `file` is given. */
  dataDir?: string;
  /** Explicit database file (tests). */
  file?: string;
  now?: () => number;
}

export function openStore(options: StoreOptions = {}): Store {
  const file = options.file ?? databasePath(options.dataDir ?? "data");
  const db = openDatabase(file);
  const now = options.now ?? Date.now;
  return {
    db,
    subscriptions: new SubscriptionRepository(db, now),
    notices: new NoticeRepository(db, now),
    deliveries: new DeliveryRepository(db, now),
    feedback: new FeedbackRecorder(db, now),
    sessions: new SessionRepository(db, now),
    answers: new AnswerRepository(db, now),
    close: () => {
      if (db.open) db.close();
    },
  };
}
