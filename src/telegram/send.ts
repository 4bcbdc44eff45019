import type { InlineKeyboard } from "grammy";
import type { Message } from "grammy/types";
import { splitHtml } from "../render/split.js";
import type { BotContext } from "./context.js";

export interface SendOptions {
  keyboard?: InlineKeyboard;
  /** In groups the answer replies to the question, so it is clear whom it answers. */
  replyTo?: number;
}

/**
 * Sends HTML, split politely when longer than Telegram allows. The keyboard goes on the last part, under the
 * text it acts on. Link previews are off: outlines hold many deep links and a preview of t.me helps no one.
 */
export async function sendHtml(ctx: BotContext, html: string, options: SendOptions = {}): Promise<Message[]> {
  const parts = splitHtml(html);
  const sent: Message[] = [];
  for (const [index, part] of parts.entries()) {
    const last = index === parts.length - 1;
    sent.push(
      await ctx.reply(part, {
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
        ...(last && options.keyboard ? { reply_markup: options.keyboard } : {}),
        ...(index === 0 && options.replyTo !== undefined
          ? { reply_parameters: { message_id: options.replyTo, allow_sending_without_reply: true } }
          : {}),
      }),
    );
  }
  return sent;
}

/** Replies in a group thread-style (to the message), in a private chat plainly. */
export function replyTarget(ctx: BotContext): number | undefined {
  return ctx.chat?.type === "private" ? undefined : ctx.msg?.message_id;
}
