import type { Database } from "better-sqlite3";

/** Stored in place of a district for "every report". */
export const ALL_DISTRICTS = "*";

export type ChatType = "private" | "group" | "supergroup" | "channel";

export interface Subscription {
  chatId: number;
  chatType: ChatType;
  /** A full district name, or ALL_DISTRICTS. */
  district: string;
  active: boolean;
  createdAt: number;
}

interface SubscriptionRow {
  chat_id: number;
  chat_type: ChatType;
  district: string;
  active: number;
  created_at: number;
}

/** A chat that should hear about a report. */
export interface Recipient {
  chatId: number;
  chatType: ChatType;
}

function toSubscription(row: SubscriptionRow): Subscription {
  return {
    chatId: row.chat_id,
    chatType: row.chat_type,
    district: row.district,
    active: row.active === 1,
    createdAt: row.created_at,
  };
}

export class SubscriptionRepository {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** Subscribes (or re-activates). Returns false when that exact subscription was already active. */
  subscribe(chatId: number, chatType: ChatType, district: string = ALL_DISTRICTS): boolean {
    const at = this.now();
    const existing = this.db
      .prepare("SELECT active FROM subscriptions WHERE chat_id = ? AND district = ?")
      .get(chatId, district) as { active: number } | undefined;
    if (existing?.active === 1) return false;
    this.db
      .prepare(
        `INSERT INTO subscriptions (chat_id, chat_type, district, active, created_at, updated_at)
         VALUES (?, ?, ?, 1, ?, ?)
         ON CONFLICT (chat_id, district) DO UPDATE SET active = 1, chat_type = excluded.chat_type,
           updated_at = excluded.updated_at`,
      )
      .run(chatId, chatType, district, at, at);
    return true;
  }

  /** Deactivates one district (or the "all" subscription); without a district, everything. Returns how many. */
  unsubscribe(chatId: number, district?: string): number {
    const at = this.now();
    if (district === undefined) {
      return this.db
        .prepare("UPDATE subscriptions SET active = 0, updated_at = ? WHERE chat_id = ? AND active = 1")
        .run(at, chatId).changes;
    }
    return this.db
      .prepare(
        "UPDATE subscriptions SET active = 0, updated_at = ? WHERE chat_id = ? AND district = ? AND active = 1",
      )
      .run(at, chatId, district).changes;
  }

  /** A chat that blocked the bot or removed it: stop sending there until it subscribes again. */
  deactivateChat(chatId: number): number {
    return this.unsubscribe(chatId);
  }

  /** Telegram moved a group to a supergroup with a new id. */
  moveChat(fromChatId: number, toChatId: number): void {
    this.db
      .prepare("UPDATE OR IGNORE subscriptions SET chat_id = ?, chat_type = 'supergroup' WHERE chat_id = ?")
      .run(toChatId, fromChatId);
  }

  activeFor(chatId: number): Subscription[] {
    const rows = this.db
      .prepare(
        "SELECT * FROM subscriptions WHERE chat_id = ? AND active = 1 ORDER BY district = '*' DESC, id",
      )
      .all(chatId) as SubscriptionRow[];
    return rows.map(toSubscription);
  }

  /**
   * Every chat with an active subscription to all reports or to this district, each once. A district may go
   * by several names (鼓楼区, and 南京市鼓楼区 for that one of them): any of them.
   */
  recipientsFor(district: string | readonly string[]): Recipient[] {
    const names = typeof district === "string" ? [district] : [...district];
    const rows = this.db
      .prepare(
        `SELECT chat_id, MAX(chat_type) AS chat_type FROM subscriptions
         WHERE active = 1 AND district IN (${["?", ...names.map(() => "?")].join(", ")})
         GROUP BY chat_id ORDER BY MIN(id)`,
      )
      .all(ALL_DISTRICTS, ...names) as Array<{ chat_id: number; chat_type: ChatType }>;
    return rows.map((row) => ({ chatId: row.chat_id, chatType: row.chat_type }));
  }
}
