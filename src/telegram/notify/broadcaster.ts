/**
 * Sends the outbox's pending deliveries within Telegram's limits, and resumes after a crash.
 *
 * Exactly-once, and where it cannot be had. Each delivery goes pending → sending → sent (or failed/blocked).
 * `sending` is a claim committed to SQLite synchronously, immediately before the request is handed to the
 * network, and `sent` is committed as soon as Telegram answers. The rate limiter decides *whether* a message
 * may leave now instead of queueing it, so a claim is never taken for a message that then waits in a queue.
 * After a crash, then:
 *   - pending rows were certainly not sent → sent by the next run;
 *   - sent rows were certainly sent → never again;
 *   - sending rows (at most `maxInFlight`, one per chat) are the only uncertain ones: the request may or may
 *     not have reached Telegram, and the Bot API has no idempotency key nor a way to read a chat back.
 * The window before the bytes leave is a synchronous DB write plus a write to an open socket (well under a
 * millisecond); the window after is a network round trip (tens to hundreds of ms). A claim interrupted by a
 * crash is therefore almost always a delivered message, so the default policy `assume-sent` settles it as
 * sent (flagged `uncertain`), trading a duplicate that is likely for a miss that is unlikely. `resend`
 * picks the opposite (at-least-once). Either way at most `maxInFlight` subscribers per crash are affected.
 */
import { randomUUID } from "node:crypto";
import type { InlineKeyboardButton } from "grammy/types";
import type { Delivery, InterruptedPolicy } from "../../persist/deliveries.js";
import type { NoticePayload } from "../../persist/notices.js";
import type { Store } from "../../persist/store.js";
import { type RateLimits, type SendPermit, TELEGRAM_LIMITS, TelegramRateLimiter } from "./rate-limiter.js";
import { classifySendError, type SendFailure } from "./send-outcome.js";
import { settleWithin } from "./settle-within.js";

/** Sends one notice; throws grammY's GrammyError / HttpError (or the same shapes) on failure. */
export type SendNotice = (
  chatId: number,
  html: string,
  keyboard: InlineKeyboardButton[][],
) => Promise<{ messageId?: number | undefined }>;

export interface BroadcastLogger {
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
  error(details: object, message?: string): void;
}

const silentLogger: BroadcastLogger = { info() {}, warn() {}, error() {} };

export interface BroadcasterOptions {
  store: Pick<Store, "db" | "notices" | "deliveries" | "subscriptions">;
  send: SendNotice;
  /** Distinguishes this process's claims from a crashed one's. */
  runId?: string;
  limits?: RateLimits;
  /** Requests in flight at once; also the most deliveries a crash can leave uncertain. */
  maxInFlight?: number;
  /** Tries for 5xx / network failures before a delivery is marked failed. */
  maxAttempts?: number;
  /** Delay before retry number `attempt` (1-based) after a transient failure. */
  backoffMs?: (attempt: number) => number;
  interruptedPolicy?: InterruptedPolicy;
  /** How long `stop()` waits for requests in flight before leaving them to the next run's policy. */
  stopTimeoutMs?: number;
  /** Checks the outbox this often even without `wake()` (deliveries written by another process). */
  idlePollMs?: number;
  now?: () => number;
  log?: BroadcastLogger;
}

export interface BroadcastStats {
  sent: number;
  floodWaits: number;
  retries: number;
  failed: number;
  blocked: number;
  /** Claims of an earlier run settled at start. */
  interruptedResolved: number;
}

const BATCH = 200;

export function exponentialBackoff(attempt: number): number {
  return Math.min(60_000, 1000 * 2 ** (attempt - 1));
}

export class Broadcaster {
  readonly runId: string;
  readonly stats: BroadcastStats = {
    sent: 0,
    floodWaits: 0,
    retries: 0,
    failed: 0,
    blocked: 0,
    interruptedResolved: 0,
  };
  private readonly limiter: TelegramRateLimiter;
  private readonly maxInFlight: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: (attempt: number) => number;
  private readonly now: () => number;
  private readonly log: BroadcastLogger;
  private readonly payloads = new Map<number, NoticePayload>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly busyChats = new Set<number>();
  private pausedUntil = 0;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(private readonly options: BroadcasterOptions) {
    this.runId = options.runId ?? randomUUID();
    this.limiter = new TelegramRateLimiter(options.limits ?? TELEGRAM_LIMITS);
    this.maxInFlight = options.maxInFlight ?? 8;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoffMs = options.backoffMs ?? exponentialBackoff;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? silentLogger;
  }

  /** Settles an earlier run's interrupted claims, then sends until stopped. */
  start(): this {
    if (this.loop) return this;
    const policy = this.options.interruptedPolicy ?? "assume-sent";
    this.stats.interruptedResolved = this.options.store.deliveries.resolveInterrupted(this.runId, policy);
    if (this.stats.interruptedResolved > 0) {
      this.log.warn(
        { count: this.stats.interruptedResolved, policy },
        "deliveries interrupted by an earlier stop settled without knowing their outcome",
      );
    }
    this.loop = this.run().catch((error: unknown) => {
      this.log.error({ err: error }, "broadcaster stopped by an error");
    });
    return this;
  }

  /** New deliveries were written: look now instead of at the next poll. */
  wake(): void {
    const wake = this.wakeUp;
    this.wakeUp = undefined;
    wake?.();
  }

  /** Stops claiming; waits (bounded) for requests in flight so their outcome is recorded. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    await settleWithin(this.inFlight, this.options.stopTimeoutMs ?? 10_000);
  }

  /** Resolves once nothing is pending or in flight (tests, benchmarks); false if `timeoutMs` passed first. */
  async drained(timeoutMs: number): Promise<boolean> {
    const deadline = this.now() + timeoutMs;
    while (this.now() < deadline) {
      const counts = this.options.store.deliveries.countByState();
      if (counts.pending === 0 && counts.sending === 0 && this.inFlight.size === 0) return true;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return false;
  }

  private async run(): Promise<void> {
    const { deliveries } = this.options.store;
    while (!this.stopping) {
      const now = this.now();
      if (this.pausedUntil > now) {
        await this.idle(this.pausedUntil - now);
        continue;
      }
      if (this.inFlight.size >= this.maxInFlight) {
        await this.idle(this.options.idlePollMs ?? 5000);
        continue;
      }
      const due = deliveries.due(now, BATCH);
      let next: Delivery | undefined;
      let readyAt = Number.POSITIVE_INFINITY;
      for (const delivery of due) {
        if (this.busyChats.has(delivery.chatId)) continue; // one request per chat at a time
        const at = this.limiter.readyAt(delivery.chatId, isGroup(delivery), now);
        if (at <= now) {
          next = delivery;
          break;
        }
        readyAt = Math.min(readyAt, at);
      }
      if (!next) {
        const later = due.length > 0 ? readyAt : (deliveries.nextDueAt() ?? Number.POSITIVE_INFINITY);
        await this.idle(Math.max(1, Math.min(later - now, this.options.idlePollMs ?? 5000)));
        continue;
      }
      // Claim and hand to the network in the same synchronous turn: nothing runs in between.
      if (!deliveries.claim(next.id, this.runId)) continue;
      this.launch(next, this.limiter.record(next.chatId, isGroup(next), now));
    }
  }

  private launch(delivery: Delivery, permit: SendPermit): void {
    const payload = this.payloadFor(delivery.noticeId);
    this.busyChats.add(delivery.chatId);
    const request = this.options
      .send(delivery.chatId, payload.html, payload.keyboard)
      .then(
        (result) => {
          this.options.store.deliveries.markSent(delivery.id, result.messageId);
          this.stats.sent++;
        },
        (error: unknown) => this.settleFailure(delivery, classifySendError(error)),
      )
      .catch((error: unknown) => this.log.error({ err: error, delivery: delivery.id }, "recording failed"))
      .finally(() => {
        this.limiter.answered(permit, this.now());
        this.inFlight.delete(request);
        this.busyChats.delete(delivery.chatId);
        this.wake();
      });
    this.inFlight.add(request);
  }

  private settleFailure(delivery: Delivery, failure: SendFailure): void {
    const { store } = this.options;
    const now = this.now();
    const attempts = delivery.attempts + 1;
    switch (failure.kind) {
      case "flood-wait":
        // Telegram's flood limit is per bot: pause everything, and this try does not count as an attempt.
        this.stats.floodWaits++;
        this.pausedUntil = Math.max(this.pausedUntil, now + failure.retryAfterMs);
        store.deliveries.release(delivery.id, now + failure.retryAfterMs, failure.reason, false);
        this.log.warn({ retryAfterMs: failure.retryAfterMs }, "flood wait from Telegram");
        return;
      case "blocked":
        this.stats.blocked++;
        store.db.transaction(() => {
          store.deliveries.markChatBlocked(delivery.chatId, failure.reason);
          store.subscriptions.deactivateChat(delivery.chatId);
        })();
        this.log.info(
          { chatId: delivery.chatId, reason: failure.reason },
          "subscriber unreachable, deactivated",
        );
        return;
      case "migrated":
        store.db.transaction(() => {
          store.subscriptions.moveChat(delivery.chatId, failure.toChatId);
          store.deliveries.moveChat(delivery.chatId, failure.toChatId);
          const moved = store.deliveries.get(delivery.id);
          if (moved?.chatId === failure.toChatId)
            store.deliveries.release(delivery.id, now, failure.reason, false);
          else store.deliveries.markFailed(delivery.id, failure.reason);
        })();
        return;
      case "transient":
        if (attempts >= this.maxAttempts) {
          this.stats.failed++;
          store.deliveries.markFailed(delivery.id, failure.reason);
          this.log.warn({ delivery: delivery.id, reason: failure.reason }, "delivery failed after retries");
        } else {
          this.stats.retries++;
          store.deliveries.release(delivery.id, now + this.backoffMs(attempts), failure.reason, true);
        }
        return;
      case "permanent":
        this.stats.failed++;
        store.deliveries.markFailed(delivery.id, failure.reason);
        this.log.error({ delivery: delivery.id, reason: failure.reason }, "delivery refused by Telegram");
        return;
    }
  }

  private payloadFor(noticeId: number): NoticePayload {
    let payload = this.payloads.get(noticeId);
    if (!payload) {
      const notice = this.options.store.notices.get(noticeId);
      if (!notice) throw new Error(`notice ${noticeId} is missing`);
      payload = notice.payload;
      this.payloads.set(noticeId, payload);
    }
    return payload;
  }

  /** Sleeps until `ms` pass, `wake()` is called, or a request settles. */
  private idle(ms: number): Promise<void> {
    // Only the loop idles, so one waiter at a time.
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wakeUp === done) this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}

function isGroup(delivery: Delivery): boolean {
  return delivery.chatType === "group" || delivery.chatType === "supergroup";
}
