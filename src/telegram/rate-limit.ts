import { limit } from "@grammyjs/ratelimiter";
import type { MiddlewareFn } from "grammy";
import { BOT, TOAST } from "../render/strings.js";
import type { BotContext } from "./context.js";

export interface RateLimitOptions {
  /** Window length in milliseconds. */
  timeFrameMs: number;
  /** Updates a user may send per window. */
  limit: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { timeFrameMs: 5000, limit: 8 };

/**
 * Per-user rate limiting. Over the limit, the user is told once per window (not once per message: answering
 * every flood message would itself be the flood); button presses get a toast, inline queries are dropped quietly.
 */
export function rateLimit(options: RateLimitOptions = DEFAULT_RATE_LIMIT): MiddlewareFn<BotContext> {
  const warned = new Map<number, number>();
  return limit<BotContext, never>({
    timeFrame: options.timeFrameMs,
    limit: options.limit,
    keyGenerator: (ctx) => ctx.from?.id.toString(),
    onLimitExceeded: async (ctx) => {
      if (ctx.callbackQuery) {
        await ctx.answerCallbackQuery({ text: TOAST.tooFast }).catch(() => {});
        return;
      }
      const userId = ctx.from?.id;
      if (!ctx.chat || userId === undefined) return;
      const now = Date.now();
      if ((warned.get(userId) ?? 0) > now - options.timeFrameMs) return;
      warned.set(userId, now);
      if (warned.size > 10_000) warned.clear();
      await ctx.reply(BOT.tooFrequent).catch(() => {});
    },
  });
}
