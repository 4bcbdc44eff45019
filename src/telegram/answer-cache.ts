import { randomBytes } from "node:crypto";
import type { Answer } from "../core/domain/answer.js";

/**
 * Recent answers, so that 「上一条」/「下一条」 and 👍/👎 (whose callback data holds only a short id) can find the question and
 * its results again. Bounded: the oldest entries go first; an expired id gets a polite "please ask again".
 */
export interface CachedAnswer {
  question: string;
  answer: Answer;
  /** Result indexes per page (see `paginate`). */
  pages: number[][];
  /** Each `userId:page` voter's vote, so a double tap is not counted twice and a vote can be changed. */
  votes: Map<string, Vote>;
}

export type Vote = "up" | "down";
export type VoteOutcome = "new" | "changed" | "same" | "expired";

/** What a vote did, given the voter's earlier one. */
export function voteOutcome(previous: Vote | undefined, vote: Vote): VoteOutcome {
  return previous === undefined ? "new" : previous === vote ? "same" : "changed";
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
  /** Records `voter`'s vote on this answer: a first vote, a changed one, the same again, or the answer is gone. */
  vote(id: string, voter: string, vote: Vote): VoteOutcome | Promise<VoteOutcome>;
}

export class AnswerCache implements AnswerStore {
  private readonly entries = new Map<string, CachedAnswer>();

  constructor(private readonly capacity = 2000) {}

  put(entry: Omit<CachedAnswer, "votes">): string {
    const id = randomBytes(6).toString("base64url");
    this.entries.set(id, { ...entry, votes: new Map() });
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

  vote(id: string, voter: string, vote: Vote): VoteOutcome {
    const entry = this.entries.get(id);
    if (!entry) return "expired";
    const outcome = voteOutcome(entry.votes.get(voter), vote);
    entry.votes.set(voter, vote);
    return outcome;
  }

  get size(): number {
    return this.entries.size;
  }
}
