import type { Database } from "better-sqlite3";
import type { ChatType, Recipient } from "./subscriptions.js";

export type DeliveryState = "pending" | "sending" | "sent" | "failed" | "blocked";

export interface Delivery {
  id: number;
  noticeId: number;
  chatId: number;
  chatType: ChatType;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: number;
  messageId: number | null;
  lastError: string | null;
  uncertain: boolean;
}

interface DeliveryRow {
  id: number;
  notice_id: number;
  chat_id: number;
  chat_type: ChatType;
  state: DeliveryState;
  attempts: number;
  next_attempt_at: number;
  message_id: number | null;
  last_error: string | null;
  uncertain: number;
}

function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    noticeId: row.notice_id,
    chatId: row.chat_id,
    chatType: row.chat_type,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    messageId: row.message_id,
    lastError: row.last_error,
    uncertain: row.uncertain === 1,
  };
}

/**
 * What to do with a delivery found claimed ('sending') by a process that is gone: its request may or may
 * not have reached Telegram, and the Bot API offers no way to ask. See docs in broadcaster.ts.
 */
export type InterruptedPolicy = "assume-sent" | "resend";

export class DeliveryRepository {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** One pending delivery per recipient; a recipient that already has one for this notice is skipped. */
  createForNotice(noticeId: number, recipients: readonly Recipient[]): number {
    const insert = this.db.prepare(
      `INSERT INTO deliveries (notice_id, chat_id, chat_type, state, next_attempt_at, created_at)
       VALUES (?, ?, ?, 'pending', ?, ?) ON CONFLICT (notice_id, chat_id) DO NOTHING`,
    );
    const at = this.now();
    let created = 0;
    for (const recipient of recipients) {
      created += insert.run(noticeId, recipient.chatId, recipient.chatType, at, at).changes;
    }
    return created;
  }

  /** Pending deliveries whose time has come, oldest first. */
  due(now: number, limit: number): Delivery[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM deliveries WHERE state = 'pending' AND next_attempt_at <= ?
         ORDER BY next_attempt_at, id LIMIT ?`,
      )
      .all(now, limit) as DeliveryRow[];
    return rows.map(toDelivery);
  }

  /** When the earliest pending delivery becomes due (undefined: nothing pending). */
  nextDueAt(): number | undefined {
    const row = this.db
      .prepare("SELECT MIN(next_attempt_at) AS at FROM deliveries WHERE state = 'pending'")
      .get() as { at: number | null };
    return row.at ?? undefined;
  }

  /**
   * Takes a pending delivery for sending, committed before the request leaves: after a crash, a claimed
   * row is the only kind whose outcome is unknown. False when someone else took it or it is no longer pending.
   */
  claim(id: number, runId: string): boolean {
    return (
      this.db
        .prepare(
          `UPDATE deliveries SET state = 'sending', claimed_by = ?, claimed_at = ?, attempts = attempts + 1
           WHERE id = ? AND state = 'pending'`,
        )
        .run(runId, this.now(), id).changes === 1
    );
  }

  markSent(id: number, messageId: number | undefined): void {
    this.db
      .prepare(
        `UPDATE deliveries SET state = 'sent', message_id = ?, sent_at = ?, claimed_by = NULL, last_error = NULL
         WHERE id = ?`,
      )
      .run(messageId ?? null, this.now(), id);
  }

  /**
   * Not sent (Telegram said so): back to pending, due at `nextAttemptAt`. `countsAsAttempt` false undoes the
   * claim's count (a flood wait is Telegram's pacing, not a failure of this delivery).
   */
  release(id: number, nextAttemptAt: number, error: string, countsAsAttempt: boolean): void {
    this.db
      .prepare(
        `UPDATE deliveries SET state = 'pending', next_attempt_at = ?, last_error = ?, claimed_by = NULL,
           attempts = attempts - ? WHERE id = ?`,
      )
      .run(nextAttemptAt, error, countsAsAttempt ? 0 : 1, id);
  }

  markFailed(id: number, error: string): void {
    this.db
      .prepare("UPDATE deliveries SET state = 'failed', last_error = ?, claimed_by = NULL WHERE id = ?")
      .run(error, id);
  }

  /** The chat blocked the bot: this delivery and every other unsent one to that chat will never go out. */
  markChatBlocked(chatId: number, error: string): number {
    return this.db
      .prepare(
        `UPDATE deliveries SET state = 'blocked', last_error = ?, claimed_by = NULL
         WHERE chat_id = ? AND state IN ('pending', 'sending')`,
      )
      .run(error, chatId).changes;
  }

  /** Moves unsent deliveries to a group's new supergroup id (skipping ones the new id already has). */
  moveChat(fromChatId: number, toChatId: number): void {
    this.db
      .prepare(
        `UPDATE OR IGNORE deliveries SET chat_id = ?, chat_type = 'supergroup'
         WHERE chat_id = ? AND state IN ('pending', 'sending')`,
      )
      .run(toChatId, fromChatId);
  }

  /** Settles claims left by an earlier run (crashed or killed); returns how many. */
  resolveInterrupted(currentRunId: string, policy: InterruptedPolicy): number {
    const sql =
      policy === "assume-sent"
        ? `UPDATE deliveries SET state = 'sent', uncertain = 1, claimed_by = NULL
           WHERE state = 'sending' AND (claimed_by IS NULL OR claimed_by <> ?)`
        : `UPDATE deliveries SET state = 'pending', uncertain = 1, claimed_by = NULL
           WHERE state = 'sending' AND (claimed_by IS NULL OR claimed_by <> ?)`;
    return this.db.prepare(sql).run(currentRunId).changes;
  }

  get(id: number): Delivery | undefined {
    const row = this.db.prepare("SELECT * FROM deliveries WHERE id = ?").get(id) as DeliveryRow | undefined;
    return row && toDelivery(row);
  }

  forNotice(noticeId: number): Delivery[] {
    const rows = this.db
      .prepare("SELECT * FROM deliveries WHERE notice_id = ? ORDER BY id")
      .all(noticeId) as DeliveryRow[];
    return rows.map(toDelivery);
  }

  countByState(noticeId?: number): Record<DeliveryState, number> {
    const rows = (
      noticeId === undefined
        ? this.db.prepare("SELECT state, COUNT(*) AS n FROM deliveries GROUP BY state").all()
        : this.db
            .prepare("SELECT state, COUNT(*) AS n FROM deliveries WHERE notice_id = ? GROUP BY state")
            .all(noticeId)
    ) as Array<{ state: DeliveryState; n: number }>;
    const counts: Record<DeliveryState, number> = { pending: 0, sending: 0, sent: 0, failed: 0, blocked: 0 };
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }
}
