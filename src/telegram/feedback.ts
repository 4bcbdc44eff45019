/**
 * Where 👍/👎 go. The bot only knows this interface; the SQLite store (src/persist) implements the same shape and is
 * wired in by main, so the bot stays testable without a database.
 */

export type Vote = "up" | "down";

export interface FeedbackEntry {
  chatId: number;
  userId?: number | undefined;
  /** The question as the user asked it. */
  question: string;
  /** The item shown (see `itemRef`). */
  itemRef: string;
  vote: Vote;
  /** Epoch milliseconds. */
  at?: number | undefined;
}

export interface FeedbackSink {
  /** SQLite records synchronously, PostgreSQL asynchronously: callers await either. */
  record(entry: FeedbackEntry): void | Promise<void>;
}

/** Keeps feedback in memory: the default when no store is wired, and what tests inspect. */
export class MemoryFeedbackSink implements FeedbackSink {
  readonly entries: FeedbackEntry[] = [];

  record(entry: FeedbackEntry): void {
    this.entries.push({ ...entry, at: entry.at ?? Date.now() });
  }
}
