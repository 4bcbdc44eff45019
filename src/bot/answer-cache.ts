import { randomBytes } from "node:crypto";
import type { Answer } from "../answer/types.js";

/**
 * Recent answers, so that 「更多结果」 and 👍/👎 (whose callback data holds only a short id) can find the question and
 * its results again. Bounded: the oldest entries go first; an expired id gets a polite "please ask again".
 */
export interface CachedAnswer {
  question: string;
  answer: Answer;
  /** Result indexes per page (see `paginate`). */
  pages: number[][];
  /** `userId:page` pairs that already voted, so a double tap is not counted twice. */
  votes: Set<string>;
}

/** A cached answer as the features read it back (votes are asked through `vote`). */
export type StoredAnswer = Omit<CachedAnswer, "votes">;

/**
 * Where answers wait for their buttons: in memory for one process (AnswerCache), in PostgreSQL when several
 * instances share one bot (a button pressed on instance A's message may reach instance B).
 */
export interface AnswerStore {
  put(entry: StoredAnswer): string | Promise<string>;
  get(id: string): StoredAnswer | undefined | Promise<StoredAnswer | undefined>;
  /** Records that `voter` voted on this answer; false when they already had (or the answer is gone). */
  vote(id: string, voter: string): boolean | Promise<boolean>;
}

export class AnswerCache implements AnswerStore {
  private readonly entries = new Map<string, CachedAnswer>();

  constructor(private readonly capacity = 2000) {}

  put(entry: Omit<CachedAnswer, "votes">): string {
    const id = randomBytes(6).toString("base64url");
    this.entries.set(id, { ...entry, votes: new Set() });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return id;
  }

  get(id: string): CachedAnswer | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    // Refresh its place: an answer someone is paging through is the last one to evict.
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry;
  }

  vote(id: string, voter: string): boolean {
    const entry = this.entries.get(id);
    if (!entry || entry.votes.has(voter)) return false;
    entry.votes.add(voter);
    return true;
  }

  get size(): number {
    return this.entries.size;
  }
}
