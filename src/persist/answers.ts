import { randomBytes } from "node:crypto";
import type { Database } from "better-sqlite3";
import {
  type AnswerStore,
  type StoredAnswer,
  type Vote,
  type VoteOutcome,
  voteOutcome,
} from "../telegram/answer-cache.js";

/** How long an answer's buttons keep working. */
const ANSWER_TTL_MS = 7 * 24 * 3600_000;

/**
 * Answers kept for their buttons (「上一条」/「下一条」, 「查看原文」, 👍/👎) in the bot's SQLite file, so that the buttons
 * of a message sent before a restart or a deploy still work. Older than a week they expire.
 */
export class AnswerRepository implements AnswerStore {
  private puts = 0;

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  put(entry: StoredAnswer): string {
    const id = randomBytes(6).toString("base64url");
    this.db
      .prepare("INSERT INTO answers (id, question, answer, pages, created_at) VALUES (?, ?, ?, ?, ?)")
      .run(id, entry.question, JSON.stringify(entry.answer), JSON.stringify(entry.pages), this.now());
    // Expire old answers now and then, not on every question.
    if (++this.puts % 500 === 1)
      this.db.prepare("DELETE FROM answers WHERE created_at < ?").run(this.now() - ANSWER_TTL_MS);
    return id;
  }

  get(id: string): StoredAnswer | undefined {
    const row = this.db
      .prepare("SELECT question, answer, pages FROM answers WHERE id = ? AND created_at >= ?")
      .get(id, this.now() - ANSWER_TTL_MS) as { question: string; answer: string; pages: string } | undefined;
    if (!row) return undefined;
    return { question: row.question, answer: JSON.parse(row.answer), pages: JSON.parse(row.pages) };
  }

  vote(id: string, voter: string, vote: Vote): VoteOutcome {
    return this.db.transaction((): VoteOutcome => {
      if (!this.db.prepare("SELECT 1 FROM answers WHERE id = ?").get(id)) return "expired";
      const previous = this.db
        .prepare("SELECT vote FROM answer_votes WHERE answer_id = ? AND voter = ?")
        .get(id, voter) as { vote: Vote } | undefined;
      this.db
        .prepare(
          `INSERT INTO answer_votes (answer_id, voter, vote) VALUES (?, ?, ?)
           ON CONFLICT (answer_id, voter) DO UPDATE SET vote = excluded.vote`,
        )
        .run(id, voter, vote);
      return voteOutcome(previous?.vote, vote);
    })();
  }
}
