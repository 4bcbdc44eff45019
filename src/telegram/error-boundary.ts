import type { BotError } from "grammy";
import { BOT } from "../render/strings.js";
import type { BotContext } from "./context.js";

export const ERROR_REPLY = BOT.error;

/** Logs a failed update and tells the user, without letting one bad update stop the bot. */
export async function handleUpdateError(error: BotError<BotContext>): Promise<void> {
  const ctx = error.ctx;
  const logger = ctx.services?.logger;
  logger?.error({ err: error.error, update_id: ctx.update.update_id }, "update failed");
  try {
    if (ctx.inlineQuery) {
      await ctx.answerInlineQuery([], { cache_time: 0 });
      return;
    }
    // A button press is told with a toast, unless the query was already answered before the failure.
    if (ctx.callbackQuery) {
      const toasted = await ctx.answerCallbackQuery({ text: ERROR_REPLY }).then(
        () => true,
        () => false,
      );
      if (toasted) return;
    }
    if (ctx.chat) await ctx.reply(ERROR_REPLY);
  } catch (replyError) {
    // Telling the user failed too (network, bot blocked): the log is all that is left.
    logger?.warn(
      { err: replyError, update_id: ctx.update.update_id },
      "could not report the error to the user",
    );
  }
}
