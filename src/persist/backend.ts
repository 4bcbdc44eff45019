/**
 * What the bot and the notifier need from durable state, whichever database holds it. The SQLite
 * repositories (embedded, synchronous) and the PostgreSQL ones (shared by several instances, asynchronous)
 * both fit these shapes: every caller awaits, and awaiting a plain value costs nothing.
 */
import type { ChatType, Subscription } from "./subscriptions.js";

export type Awaitable<T> = T | Promise<T>;

export interface SubscriptionStore {
  /** Subscribes (or re-activates). False when that exact subscription was already active. */
  subscribe(chatId: number, chatType: ChatType, district?: string): Awaitable<boolean>;
  /** Deactivates one district (or the "all" subscription); without a district, everything. Returns how many. */
  unsubscribe(chatId: number, district?: string): Awaitable<number>;
  activeFor(chatId: number): Awaitable<Subscription[]>;
}
