import type { MiddlewareFn } from "grammy";
import { BOT, TOAST } from "../render/strings.js";
import type { BotContext } from "./context.js";

export interface ChatQueueOptions {
  /** Updates of one private chat that may wait (or run) at once; more are dropped with a notice. */
  privateChat: number;
  /** The same for a group, where several members may ask at once. */
  groupChat: number;
}

export const DEFAULT_CHAT_QUEUE: ChatQueueOptions = { privateChat: 5, groupChat: 20 };

/** How long a chat is not told again that its messages are being dropped. */
const NOTICE_EVERY_MS = 10_000;

/**
 * Bounds how many updates of one chat wait in `sequentialize`'s queue. Each chat's updates run one at a
 * time and each answer waits for Telegram's per-chat send rate, so a chat that sends faster than it can be
 * answered would queue without end (and its queue would hold runner slots every other chat needs). Past the
 * bound an update is dropped at once, and the chat is told, once in a while, to wait for its answers.
 * Mounted before `sequentialize`, so it sees every update the moment it arrives.
 */
export function boundChatQueues(options: ChatQueueOptions = DEFAULT_CHAT_QUEUE): MiddlewareFn<BotContext> {
  const pending = new Map<number, number>();
  const told = new Map<number, number>();
  return async (ctx, next) => {
    const chat = ctx.chat;
    if (!chat) return next();
    const bound = chat.type === "private" ? options.privateChat : options.groupChat;
    const waiting = pending.get(chat.id) ?? 0;
    if (waiting >= bound) {
      if (ctx.callbackQuery) {
        await ctx.answerCallbackQuery({ text: TOAST.busy }).catch(() => {});
        return;
      }
      const now = Date.now();
      if ((told.get(chat.id) ?? 0) > now - NOTICE_EVERY_MS) return;
      told.set(chat.id, now);
      if (told.size > 10_000) told.clear();
      // Sent directly (not queued behind the chat's own backlog).
      await ctx.api.sendMessage(chat.id, BOT.queueFull).catch(() => {});
      return;
    }
    pending.set(chat.id, waiting + 1);
    try {
      await next();
    } finally {
      const left = (pending.get(chat.id) ?? 1) - 1;
      if (left <= 0) pending.delete(chat.id);
      else pending.set(chat.id, left);
    }
  };
}
