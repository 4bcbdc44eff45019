import { Composer } from "grammy";
import { escapeHtml } from "../../render/escape.js";
import { BOT, TOAST } from "../../render/strings.js";
import type { BotContext } from "../context.js";
import { sendHtml } from "../send.js";

/**
 * A command nobody handled gets a short help instead of silence. In groups only when it is addressed to this bot
 * (`/cmd@this_bot`): a bare `/cmd` there may belong to another bot.
 */
export const unknownCommandFeature = new Composer<BotContext>();

unknownCommandFeature.on("message:entities:bot_command", async (ctx, next) => {
  const entity = ctx.message.entities.find((e) => e.type === "bot_command" && e.offset === 0);
  const text = ctx.message.text ?? "";
  if (!entity) return next();
  const [command, target] = text.slice(1, entity.length).split("@");
  const addressedHere = target?.toLowerCase() === ctx.me.username.toLowerCase();
  if (ctx.chat.type !== "private" && !addressedHere) return next();
  if (target && !addressedHere) return next();
  await sendHtml(ctx, escapeHtml(BOT.unknownCommand(command ?? "", ctx.chat.type === "private")));
});

/**
 * A button press nobody handled (an old keyboard from an earlier version, forged data) is still answered:
 * an unanswered callback query keeps the client's spinner turning for everyone who taps it.
 */
export const unknownCallbackFeature = new Composer<BotContext>();

unknownCallbackFeature.on("callback_query", async (ctx) => {
  await ctx.answerCallbackQuery({ text: TOAST.buttonExpired }).catch(() => {});
});
