/** Telegram's broadcast limits (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this). */
export interface RateLimits {
  /** Messages per second across all chats (Telegram: about 30). */
  globalPerSecond: number;
  /** Minimum gap between two messages to the same chat, ms (Telegram: about 1 s). */
  perChatIntervalMs: number;
  /** Messages per minute to one group (Telegram: 20). */
  groupPerMinute: number;
}

export const TELEGRAM_LIMITS: RateLimits = {
  globalPerSecond: 30,
  perChatIntervalMs: 1000,
  groupPerMinute: 20,
};

/** Timestamps of the last `limit` events; the next is allowed once the oldest leaves the window. */
class SlidingWindow {
  private readonly times: number[] = [];
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  readyAt(now: number): number {
    this.forget(now);
    return this.times.length < this.limit ? now : this.times[0]! + this.windowMs;
  }

  record(at: number): void {
    this.forget(at);
    this.times.push(at);
  }

  isEmpty(now: number): boolean {
    this.forget(now);
    return this.times.length === 0;
  }

  private forget(now: number): void {
    while (this.times.length > 0 && this.times[0]! + this.windowMs <= now) this.times.shift();
  }
}

/** A message counted against the global limit until a second after its answer came back. */
export interface SendPermit {
  answeredAt: number;
}

/**
 * Decides when a message may leave, without queueing it. The broadcaster claims a delivery only when this
 * says "now", so a claimed delivery is one whose request is actually on its way (see broadcaster.ts).
 *
 * Telegram counts a message when it *arrives*, which we never see: it lies somewhere between our send and
 * its answer. So a message stays in the global window until one second after its answer (in flight: for
 * good). Whatever second Telegram looks at, every message that arrived in it is still counted here — at
 * the price of a window one round trip longer than Telegram's. Sends are also spaced evenly: bursts at the
 * window's edge were what overflowed it (measured before: 18 msg/s and 120 429s per 1 000 messages).
 */
export class TelegramRateLimiter {
  private readonly permits = new Set<SendPermit>();
  private readonly globalGapMs: number;
  /** When the next message may leave under even spacing (a schedule, so timer lateness is not lost). */
  private nextGlobalSlot = Number.NEGATIVE_INFINITY;
  private readonly lastByChat = new Map<number, number>();
  private readonly groups = new Map<number, SlidingWindow>();
  private recordsSincePrune = 0;

  constructor(private readonly limits: RateLimits = TELEGRAM_LIMITS) {
    this.globalGapMs = 1000 / limits.globalPerSecond;
  }

  /** The earliest time a message to this chat may be sent (≤ now: at once). */
  readyAt(chatId: number, isGroup: boolean, now: number): number {
    let at = Math.max(this.globalReadyAt(now), this.nextGlobalSlot);
    const last = this.lastByChat.get(chatId);
    if (last !== undefined) at = Math.max(at, last + this.limits.perChatIntervalMs);
    if (isGroup) {
      const group = this.groups.get(chatId);
      if (group) at = Math.max(at, group.readyAt(now));
    }
    return at;
  }

  /** Counts a message that leaves now; call `answered` with the permit when its answer arrives. */
  record(chatId: number, isGroup: boolean, at: number): SendPermit {
    const permit: SendPermit = { answeredAt: Number.POSITIVE_INFINITY };
    this.permits.add(permit);
    // A send a little late (timer lateness) takes its scheduled slot, so lateness does not accumulate;
    // after an idle spell the schedule restarts at `at`.
    const slot = at - this.nextGlobalSlot < this.globalGapMs ? this.nextGlobalSlot : at;
    this.nextGlobalSlot = slot + this.globalGapMs;
    this.lastByChat.set(chatId, at);
    if (isGroup) {
      let group = this.groups.get(chatId);
      if (!group) {
        group = new SlidingWindow(this.limits.groupPerMinute, 60_000);
        this.groups.set(chatId, group);
      }
      group.record(at);
    }
    if (++this.recordsSincePrune >= 1000) this.prune(at);
    return permit;
  }

  answered(permit: SendPermit, at: number): void {
    permit.answeredAt = at;
  }

  private globalReadyAt(now: number): number {
    let counted = 0;
    let earliestExpiry = Number.POSITIVE_INFINITY;
    for (const permit of this.permits) {
      const expiry = permit.answeredAt + 1000;
      if (expiry <= now) {
        this.permits.delete(permit);
        continue;
      }
      counted++;
      earliestExpiry = Math.min(earliestExpiry, expiry);
    }
    // All counted ones in flight (no expiry known): wait for an answer, which wakes the broadcaster.
    return counted < this.limits.globalPerSecond ? now : earliestExpiry;
  }

  /** Forgets chats whose limits no longer apply, so memory stays bounded on long runs. */
  private prune(now: number): void {
    this.recordsSincePrune = 0;
    for (const [chatId, last] of this.lastByChat) {
      if (last + this.limits.perChatIntervalMs <= now) this.lastByChat.delete(chatId);
    }
    for (const [chatId, window] of this.groups) if (window.isEmpty(now)) this.groups.delete(chatId);
  }
}
