import { randomBytes } from "node:crypto";
import type { StorageAdapter } from "grammy";
import pg from "pg";
import {
  type AnswerStore,
  type StoredAnswer,
  type Vote,
  type VoteOutcome,
  voteOutcome,
} from "../../telegram/answer-cache.js";
import type { FeedbackEntry, FeedbackSink } from "../../telegram/feedback.js";
import type { SubscriptionStore } from "../backend.js";
import type { DeliveryState, InterruptedPolicy } from "../deliveries.js";
import type { NewNotice, NoticePayload } from "../notices.js";
import { ALL_DISTRICTS, type ChatType, type Recipient, type Subscription } from "../subscriptions.js";
import { connectPostgres } from "./connect.js";
import { CHAT_LOCK_SPACE, chatLockKey, INSTANCE_LOCK_SPACE } from "./locks.js";

type Queryable = Pick<pg.Pool, "query"> | pg.PoolClient;
type Now = () => number;

export class PgSubscriptions implements SubscriptionStore {
  constructor(
    private readonly db: Queryable,
    private readonly now: Now = Date.now,
  ) {}

  async subscribe(chatId: number, chatType: ChatType, district: string = ALL_DISTRICTS): Promise<boolean> {
    const at = this.now();
    // Inserted, or re-activated from inactive: a row comes back; already active: none.
    const { rowCount } = await this.db.query(
      `INSERT INTO subscriptions (chat_id, chat_type, district, active, created_at, updated_at)
       VALUES ($1, $2, $3, true, $4, $4)
       ON CONFLICT (chat_id, district) DO UPDATE SET active = true, chat_type = EXCLUDED.chat_type,
         updated_at = EXCLUDED.updated_at
       WHERE NOT subscriptions.active`,
      [chatId, chatType, district, at],
    );
    return rowCount === 1;
  }

  async unsubscribe(chatId: number, district?: string): Promise<number> {
    const { rowCount } =
      district === undefined
        ? await this.db.query(
            "UPDATE subscriptions SET active = false, updated_at = $1 WHERE chat_id = $2 AND active",
            [this.now(), chatId],
          )
        : await this.db.query(
            "UPDATE subscriptions SET active = false, updated_at = $1 WHERE chat_id = $2 AND district = $3 AND active",
            [this.now(), chatId, district],
          );
    return rowCount ?? 0;
  }

  async activeFor(chatId: number): Promise<Subscription[]> {
    const { rows } = await this.db.query<{
      chat_id: number;
      chat_type: ChatType;
      district: string;
      created_at: number;
    }>(
      `SELECT chat_id, chat_type, district, created_at FROM subscriptions WHERE chat_id = $1 AND active
       ORDER BY district = '*' DESC, id`,
      [chatId],
    );
    return rows.map((row) => ({
      chatId: row.chat_id,
      chatType: row.chat_type,
      district: row.district,
      active: true,
      createdAt: row.created_at,
    }));
  }

  /** As the SQLite store's: the chats subscribed to all reports or to any name of this district. */
  async recipientsFor(district: string | readonly string[]): Promise<Recipient[]> {
    const names = typeof district === "string" ? [district] : [...district];
    const { rows } = await this.db.query<{ chat_id: number; chat_type: ChatType }>(
      `SELECT chat_id, MAX(chat_type) AS chat_type FROM subscriptions
       WHERE active AND (district = $1 OR district = ANY($2::text[])) GROUP BY chat_id ORDER BY MIN(id)`,
      [ALL_DISTRICTS, names],
    );
    return rows.map((row) => ({ chatId: row.chat_id, chatType: row.chat_type }));
  }
}

export class PgFeedback implements FeedbackSink {
  constructor(
    private readonly db: Queryable,
    private readonly now: Now = Date.now,
  ) {}

  async record(entry: FeedbackEntry): Promise<void> {
    await this.db.query(
      `INSERT INTO feedback (chat_id, user_id, question, item_ref, vote, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [entry.chatId, entry.userId ?? null, entry.question, entry.itemRef, entry.vote, entry.at ?? this.now()],
    );
  }

  async count(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>("SELECT COUNT(*)::int AS n FROM feedback");
    return rows[0]!.n;
  }
}

/** grammY session storage shared by every instance: a follow-up may reach another instance than its question. */
export class PgSessions<T> implements StorageAdapter<T> {
  constructor(
    private readonly db: Queryable,
    private readonly now: Now = Date.now,
  ) {}

  async read(key: string): Promise<T | undefined> {
    const { rows } = await this.db.query<{ value: T }>("SELECT value FROM sessions WHERE key = $1", [key]);
    return rows[0]?.value;
  }

  async write(key: string, value: T): Promise<void> {
    await this.db.query(
      `INSERT INTO sessions (key, value, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [key, JSON.stringify(value), this.now()],
    );
  }

  async delete(key: string): Promise<void> {
    await this.db.query("DELETE FROM sessions WHERE key = $1", [key]);
  }
}

/** Answers kept for their buttons, shared by every instance; older than `ttlMs` they expire. */
export class PgAnswers implements AnswerStore {
  private puts = 0;

  constructor(
    private readonly db: Queryable,
    private readonly now: Now = Date.now,
    private readonly ttlMs = 7 * 24 * 3600_000,
  ) {}

  async put(entry: StoredAnswer): Promise<string> {
    const id = randomBytes(6).toString("base64url");
    await this.db.query(
      "INSERT INTO answers (id, question, answer, pages, created_at) VALUES ($1, $2, $3, $4, $5)",
      [id, entry.question, JSON.stringify(entry.answer), JSON.stringify(entry.pages), this.now()],
    );
    // Expire old answers now and then, not on every question.
    if (++this.puts % 500 === 1) {
      await this.db.query("DELETE FROM answers WHERE created_at < $1", [this.now() - this.ttlMs]);
    }
    return id;
  }

  async get(id: string): Promise<StoredAnswer | undefined> {
    const { rows } = await this.db.query<Pick<StoredAnswer, "question" | "answer" | "pages">>(
      "SELECT question, answer, pages FROM answers WHERE id = $1 AND created_at >= $2",
      [id, this.now() - this.ttlMs],
    );
    return rows[0];
  }

  async vote(id: string, voter: string, vote: Vote): Promise<VoteOutcome> {
    // One statement: the voter's earlier vote (as it was before it) and the upsert, for an answer that exists.
    const { rows } = await this.db.query<{ previous: Vote | null; written: number }>(
      `WITH previous AS (SELECT vote FROM answer_votes WHERE answer_id = $1 AND voter = $2),
            written AS (
              INSERT INTO answer_votes (answer_id, voter, vote) SELECT id, $2, $3 FROM answers WHERE id = $1
              ON CONFLICT (answer_id, voter) DO UPDATE SET vote = excluded.vote RETURNING 1
            )
       SELECT (SELECT vote FROM previous) AS previous, (SELECT COUNT(*)::int FROM written) AS written`,
      [id, voter, vote],
    );
    const row = rows[0]!;
    return row.written === 0 ? "expired" : voteOutcome(row.previous ?? undefined, vote);
  }
}

/** Within a transaction: the notice and one pending delivery per recipient (see src/telegram/notify/outbox.ts). */
export async function insertNoticeWithDeliveries(
  client: pg.PoolClient,
  notice: NewNotice,
  at: number,
  /** The names a subscription to the report's district may carry (see subscriptionNames). */
  districtNames: readonly string[] = [notice.district],
): Promise<{ noticeId: number | undefined; deliveries: number }> {
  const inserted = await client.query<{ id: number }>(
    `INSERT INTO notices (report_id, kind, content_key, district, payload, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (content_key) DO NOTHING RETURNING id`,
    [notice.reportId, notice.kind, notice.contentKey, notice.district, JSON.stringify(notice.payload), at],
  );
  const noticeId = inserted.rows[0]?.id;
  if (noticeId === undefined) return { noticeId, deliveries: 0 };
  const created = await client.query(
    `INSERT INTO deliveries (notice_id, chat_id, chat_type, state, next_attempt_at, created_at)
     SELECT $1, chat_id, MAX(chat_type), 'pending', $2, $2 FROM subscriptions
     WHERE active AND (district = $3 OR district = ANY($4::text[])) GROUP BY chat_id ORDER BY MIN(id)
     ON CONFLICT (notice_id, chat_id) DO NOTHING`,
    [noticeId, at, ALL_DISTRICTS, [...districtNames]],
  );
  // Every instance's broadcaster wakes at once instead of at its next poll.
  await client.query("SELECT pg_notify('outbox', $1)", [String(noticeId)]);
  return { noticeId, deliveries: created.rowCount ?? 0 };
}

export interface ClaimedDelivery {
  id: number;
  noticeId: number;
  chatId: number;
  chatType: ChatType;
  attempts: number;
  payload: NoticePayload;
}

export type ClaimResult =
  | { kind: "claimed"; delivery: ClaimedDelivery }
  /** Nothing may leave before `at` (the shared budget, a chat's pace, or the next due delivery). */
  | { kind: "wait"; at: number }
  | { kind: "idle" };

export interface SharedLimits {
  /** Smallest gap between two notices from all instances together, ms (35 ms: at most 29 a second). */
  globalGapMs: number;
  /** Smallest gap between two notices to one chat, ms. */
  perChatGapMs: number;
  /** Notices per minute to one group. */
  groupPerMinute: number;
}

export const SHARED_LIMITS: SharedLimits = { globalGapMs: 35, perChatGapMs: 1000, groupPerMinute: 20 };

/**
 * The outbox as several instances share it. A claim is one transaction: the oldest due delivery no other
 * instance holds (FOR UPDATE SKIP LOCKED) whose chat may hear from us now, a slot of that chat's clock, and a
 * slot of the one broadcast clock; committed before the request leaves, exactly as in SQLite (see
 * src/telegram/notify/broadcaster.ts for why a claim is the only uncertain state).
 */
export class PgDeliveries {
  constructor(
    private readonly pool: pg.Pool,
    private readonly now: Now = Date.now,
    private readonly limits: SharedLimits = SHARED_LIMITS,
  ) {}

  async claimNext(runId: string): Promise<ClaimResult> {
    const client = await this.pool.connect();
    try {
      const now = this.now();
      // A cheap look first: while the shared budget is spent, nobody needs to scan the outbox.
      const clock = await client.query<{ next_slot_at: number }>(
        "SELECT next_slot_at FROM broadcast_clock WHERE id = 1",
      );
      const nextSlot = clock.rows[0]!.next_slot_at;
      if (nextSlot > now) return { kind: "wait", at: nextSlot };
      await client.query("BEGIN");
      const candidate = await client.query<{
        id: number;
        notice_id: number;
        chat_id: number;
        chat_type: ChatType;
        attempts: number;
        payload: NoticePayload;
      }>(
        `SELECT d.id, d.notice_id, d.chat_id, d.chat_type, d.attempts, n.payload
         FROM deliveries d JOIN notices n ON n.id = d.notice_id
         WHERE d.state = 'pending' AND d.next_attempt_at <= $1
           AND NOT EXISTS (SELECT 1 FROM chat_send_clock c WHERE c.chat_id = d.chat_id AND c.next_at > $1)
           AND (d.chat_type NOT IN ('group', 'supergroup')
                OR (SELECT COUNT(*) FROM deliveries g WHERE g.chat_id = d.chat_id AND g.claimed_at > $1 - 60000) < $2)
         ORDER BY d.next_attempt_at, d.id
         LIMIT 1
         FOR UPDATE OF d SKIP LOCKED`,
        [now, this.limits.groupPerMinute],
      );
      const row = candidate.rows[0];
      if (!row) {
        await client.query("ROLLBACK");
        const next = await client.query<{ at: number | null }>(
          "SELECT MIN(next_attempt_at) AS at FROM deliveries WHERE state = 'pending'",
        );
        const at = next.rows[0]?.at;
        // Due now but every such chat is paced or held by another instance: look again shortly.
        return at === null || at === undefined
          ? { kind: "idle" }
          : { kind: "wait", at: Math.max(at, now + 20) };
      }
      // The chat's clock: a concurrent claim for the same chat (another notice, another instance) waits on
      // this row and then finds it taken.
      const chatSlot = await client.query(
        `INSERT INTO chat_send_clock (chat_id, next_at) VALUES ($1, $2)
         ON CONFLICT (chat_id) DO UPDATE SET next_at = EXCLUDED.next_at WHERE chat_send_clock.next_at <= $3`,
        [row.chat_id, now + this.limits.perChatGapMs, now],
      );
      const globalSlot = await client.query(
        "UPDATE broadcast_clock SET next_slot_at = $1 WHERE id = 1 AND next_slot_at <= $2",
        [now + this.limits.globalGapMs, now],
      );
      if (chatSlot.rowCount !== 1 || globalSlot.rowCount !== 1) {
        await client.query("ROLLBACK");
        return { kind: "wait", at: now + 1 };
      }
      await client.query(
        `UPDATE deliveries SET state = 'sending', claimed_by = $1, claimed_at = $2, attempts = attempts + 1
         WHERE id = $3`,
        [runId, now, row.id],
      );
      await client.query("COMMIT");
      return {
        kind: "claimed",
        delivery: {
          id: row.id,
          noticeId: row.notice_id,
          chatId: row.chat_id,
          chatType: row.chat_type,
          attempts: row.attempts,
          payload: row.payload,
        },
      };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async markSent(id: number, messageId: number | undefined): Promise<void> {
    await this.pool.query(
      // claimed_by stays: which instance sent it (unlike SQLite, where one process sends everything).
      `UPDATE deliveries SET state = 'sent', message_id = $1, sent_at = $2, last_error = NULL
       WHERE id = $3 AND state = 'sending'`,
      [messageId ?? null, this.now(), id],
    );
  }

  async release(id: number, nextAttemptAt: number, error: string, countsAsAttempt: boolean): Promise<void> {
    await this.pool.query(
      `UPDATE deliveries SET state = 'pending', next_attempt_at = $1, last_error = $2, claimed_by = NULL,
         attempts = attempts - $3 WHERE id = $4`,
      [nextAttemptAt, error, countsAsAttempt ? 0 : 1, id],
    );
  }

  /** Telegram's flood wait is for the whole bot: every instance pauses until `until`. */
  async pauseAll(until: number): Promise<void> {
    await this.pool.query(
      "UPDATE broadcast_clock SET next_slot_at = GREATEST(next_slot_at, $1) WHERE id = 1",
      [until],
    );
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.pool.query(
      "UPDATE deliveries SET state = 'failed', last_error = $1, claimed_by = NULL WHERE id = $2",
      [error, id],
    );
  }

  /** The chat blocked the bot: its unsent deliveries never go out, and its subscriptions end. */
  async chatBlocked(chatId: number, error: string): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(
        `UPDATE deliveries SET state = 'blocked', last_error = $1, claimed_by = NULL
         WHERE chat_id = $2 AND state IN ('pending', 'sending')`,
        [error, chatId],
      );
      await client.query("UPDATE subscriptions SET active = false, updated_at = $1 WHERE chat_id = $2", [
        this.now(),
        chatId,
      ]);
      await client.query("COMMIT");
    } catch (failure) {
      await client.query("ROLLBACK").catch(() => {});
      throw failure;
    } finally {
      client.release();
    }
  }

  /** A group became a supergroup: subscriptions and unsent deliveries follow it; this one is retried there. */
  async chatMigrated(
    deliveryId: number,
    fromChatId: number,
    toChatId: number,
    reason: string,
  ): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(
        `UPDATE subscriptions s SET chat_id = $1, chat_type = 'supergroup' WHERE chat_id = $2
         AND NOT EXISTS (SELECT 1 FROM subscriptions t WHERE t.chat_id = $1 AND t.district = s.district)`,
        [toChatId, fromChatId],
      );
      await client.query(
        `UPDATE deliveries d SET chat_id = $1, chat_type = 'supergroup', state = 'pending', claimed_by = NULL,
           last_error = CASE WHEN d.id = $3 THEN $4 ELSE d.last_error END
         WHERE chat_id = $2 AND state IN ('pending', 'sending')
           AND NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.chat_id = $1 AND e.notice_id = d.notice_id)`,
        [toChatId, fromChatId, deliveryId, reason],
      );
      await client.query(
        "UPDATE deliveries SET state = 'failed', last_error = $1, claimed_by = NULL WHERE id = $2 AND chat_id = $3",
        [reason, deliveryId, fromChatId],
      );
      await client.query("COMMIT");
    } catch (failure) {
      await client.query("ROLLBACK").catch(() => {});
      throw failure;
    } finally {
      client.release();
    }
  }

  /**
   * Claims held by instances that are gone, settled under `policy` (flagged uncertain). An instance is alive
   * while it holds its liveness lock (see InstanceLiveness): a killed process's connection closes and its
   * lock goes with it, so no clock or lease decides that another instance is dead.
   */
  async recoverAbandoned(policy: InterruptedPolicy, ownRunId: string): Promise<number> {
    const owners = await this.pool.query<{ claimed_by: string | null }>(
      "SELECT DISTINCT claimed_by FROM deliveries WHERE state = 'sending' AND claimed_by IS DISTINCT FROM $1",
      [ownRunId],
    );
    let settled = 0;
    for (const { claimed_by: owner } of owners.rows) {
      const client = await this.pool.connect();
      try {
        // Holding the dead owner's lock while settling also keeps two recovering instances from racing.
        const lock = owner === null ? undefined : await tryInstanceLock(client, owner);
        if (owner !== null && !lock) continue; // alive
        const result = await client.query(
          `UPDATE deliveries SET state = $1, uncertain = true,
             claimed_by = CASE WHEN $1 = 'pending' THEN NULL ELSE claimed_by END
           WHERE state = 'sending' AND claimed_by IS NOT DISTINCT FROM $2`,
          [policy === "assume-sent" ? "sent" : "pending", owner],
        );
        settled += result.rowCount ?? 0;
        if (lock)
          await client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [INSTANCE_LOCK_SPACE, owner]);
      } finally {
        client.release();
      }
    }
    return settled;
  }

  async countByState(): Promise<Record<DeliveryState, number>> {
    const { rows } = await this.pool.query<{ state: DeliveryState; n: number }>(
      "SELECT state, COUNT(*)::int AS n FROM deliveries GROUP BY state",
    );
    const counts: Record<DeliveryState, number> = { pending: 0, sending: 0, sent: 0, failed: 0, blocked: 0 };
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }
}

async function tryInstanceLock(client: pg.PoolClient, runId: string): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>(
    "SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked",
    [INSTANCE_LOCK_SPACE, runId],
  );
  return rows[0]!.locked;
}

/**
 * "This instance is alive" as PostgreSQL sees it: a session advisory lock on a connection of its own, held
 * for the process's life. Released when the process stops, is killed, or loses the database.
 */
export class InstanceLiveness {
  private constructor(private readonly client: pg.Client) {}

  static async hold(pool: pg.Pool, runId: string): Promise<InstanceLiveness> {
    // A connection outside the pool: the pool may recycle idle connections, this one must live as long as we do.
    const client = new pg.Client(pool.options);
    client.on("error", () => {});
    await client.connect();
    const { rows } = await client.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked",
      [INSTANCE_LOCK_SPACE, runId],
    );
    if (!rows[0]!.locked) {
      await client.end();
      throw new Error(`instance id ${runId} is already in use`);
    }
    return new InstanceLiveness(client);
  }

  /** Closing the connection frees the lock, whatever state the session is in. */
  async release(): Promise<void> {
    await this.client.end().catch(() => {});
  }
}

/**
 * A session advisory lock on a connection of its own, held until `release()` or until the process dies;
 * undefined when another session holds it.
 */
export async function tryHoldLock(
  pool: pg.Pool,
  key: [number, number],
): Promise<{ release(): Promise<void> } | undefined> {
  const client = new pg.Client(pool.options);
  client.on("error", () => {});
  await client.connect();
  const { rows } = await client.query<{ locked: boolean }>(
    "SELECT pg_try_advisory_lock($1, $2) AS locked",
    key,
  );
  if (!rows[0]!.locked) {
    await client.end();
    return undefined;
  }
  return { release: () => client.end().catch(() => {}) };
}

/**
 * Serialises one chat's updates across instances: a transaction-scoped advisory lock, held while the update is
 * handled (grammY's sequentialize does the same inside one process). The locks hold connections of a pool of
 * their own: were they taken from the store's pool, updates holding locks could use up every connection while
 * their handlers wait for one to store an answer — a deadlock under load.
 */
export class PgChatLocks {
  private readonly pool: pg.Pool;

  constructor(store: pg.Pool, max = 10) {
    this.pool = new pg.Pool({ ...store.options, max });
    this.pool.on("error", () => {});
  }

  readonly run = async (chatId: number, handle: () => Promise<void>): Promise<void> => {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock($1, $2)", [CHAT_LOCK_SPACE, chatLockKey(chatId)]);
      try {
        await handle();
      } finally {
        await client.query("COMMIT").catch(() => {});
      }
    } finally {
      client.release();
    }
  };

  close(): Promise<void> {
    return this.pool.end();
  }
}

export interface PgStore {
  readonly kind: "postgres";
  readonly pool: pg.Pool;
  readonly subscriptions: PgSubscriptions;
  readonly feedback: PgFeedback;
  readonly answers: PgAnswers;
  readonly sessions: PgSessions<unknown>;
  readonly deliveries: PgDeliveries;
  close(): Promise<void>;
}

export interface PgStoreOptions {
  now?: Now;
  limits?: SharedLimits;
  maxConnections?: number;
}

export async function openPgStore(url: string, options: PgStoreOptions = {}): Promise<PgStore> {
  const pool = await connectPostgres(url, options.maxConnections ? { max: options.maxConnections } : {});
  const now = options.now ?? Date.now;
  let closed = false;
  return {
    kind: "postgres",
    pool,
    subscriptions: new PgSubscriptions(pool, now),
    feedback: new PgFeedback(pool, now),
    answers: new PgAnswers(pool, now),
    sessions: new PgSessions(pool, now),
    deliveries: new PgDeliveries(pool, now, options.limits),
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
