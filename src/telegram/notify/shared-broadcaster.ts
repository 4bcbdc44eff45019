/**
 * The broadcaster for several instances on one PostgreSQL database. Same promises as the SQLite one
 * (broadcaster.ts) — a delivery is claimed, committed, then sent; only claims cut off by a crash are
 * uncertain, settled under the same policy — but the pacing lives in the database: one broadcast clock and
 * one clock per chat shared by every instance (see PgDeliveries.claimNext), so two instances together stay
 * within Telegram's limits and never send to one chat twice in a second. A crashed instance's claims are
 * found by the others as soon as its liveness lock is gone.
 */
import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { InterruptedPolicy } from "../../persist/deliveries.js";
import {
  type ClaimedDelivery,
  InstanceLiveness,
  type PgDeliveries,
} from "../../persist/postgres/pg-store.js";
import { type BroadcastLogger, exponentialBackoff, type SendNotice } from "./broadcaster.js";
import { classifySendError, type SendFailure } from "./send-outcome.js";
import { settleWithin } from "./settle-within.js";

export interface SharedBroadcasterOptions {
  pool: pg.Pool;
  deliveries: PgDeliveries;
  send: SendNotice;
  runId?: string;
  /** Requests in flight at once from this instance (also the most a crash of it can leave uncertain). */
  maxInFlight?: number;
  maxAttempts?: number;
  backoffMs?: (attempt: number) => number;
  interruptedPolicy?: InterruptedPolicy;
  /** How often abandoned claims of other instances are looked for (ms). */
  recoveryEveryMs?: number;
  /** Longest sleep without a notification (ms): a safety net if a NOTIFY was missed. */
  idlePollMs?: number;
  stopTimeoutMs?: number;
  now?: () => number;
  log?: BroadcastLogger;
}

const silent: BroadcastLogger = { info() {}, warn() {}, error() {} };

export class SharedBroadcaster {
  readonly runId: string;
  readonly stats = { sent: 0, floodWaits: 0, retries: 0, failed: 0, blocked: 0, recovered: 0 };
  private readonly inFlight = new Set<Promise<void>>();
  private readonly now: () => number;
  private readonly log: BroadcastLogger;
  private liveness: InstanceLiveness | undefined;
  private listener: pg.PoolClient | undefined;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private recovery: NodeJS.Timeout | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(private readonly options: SharedBroadcasterOptions) {
    this.runId = options.runId ?? randomUUID();
    this.now = options.now ?? Date.now;
    this.log = options.log ?? silent;
  }

  async start(): Promise<this> {
    if (this.loop) return this;
    this.liveness = await InstanceLiveness.hold(this.options.pool, this.runId);
    // Woken by any instance's new notice (pg_notify('outbox') in the enqueueing transaction).
    this.listener = await this.options.pool.connect();
    this.listener.on("notification", () => this.wake());
    this.listener.on("error", (error) => this.log.warn({ err: error }, "outbox listener lost"));
    await this.listener.query("LISTEN outbox");
    await this.recover();
    this.recovery = setInterval(() => void this.recover(), this.options.recoveryEveryMs ?? 2000);
    this.recovery.unref();
    this.loop = this.run().catch((error: unknown) =>
      this.log.error({ err: error }, "broadcaster stopped by an error"),
    );
    return this;
  }

  wake(): void {
    const wake = this.wakeUp;
    this.wakeUp = undefined;
    wake?.();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.recovery);
    this.wake();
    await this.loop;
    await settleWithin(this.inFlight, this.options.stopTimeoutMs ?? 10_000);
    if (this.listener) {
      await this.listener.query("UNLISTEN outbox").catch(() => {});
      this.listener.release();
      this.listener = undefined;
    }
    await this.liveness?.release();
  }

  private async recover(): Promise<void> {
    try {
      const policy = this.options.interruptedPolicy ?? "assume-sent";
      const count = await this.options.deliveries.recoverAbandoned(policy, this.runId);
      if (count > 0) {
        this.stats.recovered += count;
        this.log.warn(
          { count, policy },
          "deliveries of a stopped instance settled without knowing their outcome",
        );
        this.wake();
      }
    } catch (error) {
      this.log.warn({ err: error }, "could not look for abandoned deliveries");
    }
  }

  private async run(): Promise<void> {
    const maxInFlight = this.options.maxInFlight ?? 8;
    const idleMs = this.options.idlePollMs ?? 5000;
    while (!this.stopping) {
      if (this.inFlight.size >= maxInFlight) {
        await this.idle(idleMs);
        continue;
      }
      let claim: Awaited<ReturnType<PgDeliveries["claimNext"]>>;
      try {
        claim = await this.options.deliveries.claimNext(this.runId);
      } catch (error) {
        this.log.warn({ err: error }, "could not claim a delivery");
        await this.idle(1000);
        continue;
      }
      if (claim.kind === "claimed") {
        if (this.stopping) {
          // Claimed as the stop came: give it back untouched rather than leave it uncertain.
          await this.options.deliveries.release(claim.delivery.id, this.now(), "instance stopping", false);
          break;
        }
        this.launch(claim.delivery);
        continue;
      }
      const wait = claim.kind === "wait" ? Math.max(1, claim.at - this.now()) : idleMs;
      await this.idle(Math.min(wait, idleMs));
    }
  }

  private launch(delivery: ClaimedDelivery): void {
    const { deliveries } = this.options;
    const request = this.options
      .send(delivery.chatId, delivery.payload.html, delivery.payload.keyboard)
      .then(
        async (result) => {
          await deliveries.markSent(delivery.id, result.messageId);
          this.stats.sent++;
        },
        (error: unknown) => this.settleFailure(delivery, classifySendError(error)),
      )
      .catch((error: unknown) => this.log.error({ err: error, delivery: delivery.id }, "recording failed"))
      .finally(() => {
        this.inFlight.delete(request);
        this.wake();
      });
    this.inFlight.add(request);
  }

  private async settleFailure(delivery: ClaimedDelivery, failure: SendFailure): Promise<void> {
    const { deliveries } = this.options;
    const now = this.now();
    const attempts = delivery.attempts + 1;
    switch (failure.kind) {
      case "flood-wait":
        this.stats.floodWaits++;
        await deliveries.pauseAll(now + failure.retryAfterMs);
        await deliveries.release(delivery.id, now + failure.retryAfterMs, failure.reason, false);
        this.log.warn(
          { retryAfterMs: failure.retryAfterMs },
          "flood wait from Telegram (all instances pause)",
        );
        return;
      case "blocked":
        this.stats.blocked++;
        await deliveries.chatBlocked(delivery.chatId, failure.reason);
        this.log.info(
          { chatId: delivery.chatId, reason: failure.reason },
          "subscriber unreachable, deactivated",
        );
        return;
      case "migrated":
        await deliveries.chatMigrated(delivery.id, delivery.chatId, failure.toChatId, failure.reason);
        return;
      case "transient":
        if (attempts >= (this.options.maxAttempts ?? 5)) {
          this.stats.failed++;
          await deliveries.markFailed(delivery.id, failure.reason);
          this.log.warn({ delivery: delivery.id, reason: failure.reason }, "delivery failed after retries");
        } else {
          this.stats.retries++;
          const backoff = this.options.backoffMs ?? exponentialBackoff;
          await deliveries.release(delivery.id, now + backoff(attempts), failure.reason, true);
        }
        return;
      case "permanent":
        this.stats.failed++;
        await deliveries.markFailed(delivery.id, failure.reason);
        this.log.error({ delivery: delivery.id, reason: failure.reason }, "delivery refused by Telegram");
        return;
    }
  }

  private idle(ms: number): Promise<void> {
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
