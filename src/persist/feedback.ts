import type { Database } from "better-sqlite3";
import type { FeedbackEntry, Vote } from "../telegram/feedback.js";

export type { FeedbackEntry, Vote };

export interface StoredFeedback extends Required<Omit<FeedbackEntry, "userId">> {
  id: number;
  userId: number | null;
}

interface FeedbackRow {
  id: number;
  chat_id: number;
  user_id: number | null;
  question: string;
  item_ref: string;
  vote: Vote;
  created_at: number;
}

/** Shaped as the bot's FeedbackSink: `record(entry)`. */
export class FeedbackRecorder {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  record(entry: FeedbackEntry): void {
    this.db
      .prepare(
        `INSERT INTO feedback (chat_id, user_id, question, item_ref, vote, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(
        entry.chatId,
        entry.userId ?? null,
        entry.question,
        entry.itemRef,
        entry.vote,
        entry.at ?? this.now(),
      );
  }

  recent(limit = 100): StoredFeedback[] {
    const rows = this.db
      .prepare("SELECT * FROM feedback ORDER BY id DESC LIMIT ?")
      .all(limit) as FeedbackRow[];
    return rows.map((row) => ({
      id: row.id,
      chatId: row.chat_id,
      userId: row.user_id,
      question: row.question,
      itemRef: row.item_ref,
      vote: row.vote,
      at: row.created_at,
    }));
  }
}
