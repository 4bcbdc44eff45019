import { Composer } from "grammy";
import { TOAST } from "../../render/strings.js";
import { answerQuestion } from "../answering.js";
import { callbackPatterns } from "../callback-data.js";
import type { BotContext } from "../context.js";

/**
 * Questions: /ask anywhere; in a private chat any text; in groups only a mention of the bot or a reply to it,
 * so the bot stays quiet in ordinary group chatter.
 */
export const askFeature = new Composer<BotContext>();

askFeature.command("ask", (ctx) => answerQuestion(ctx, ctx.match));

// A question a not-found reply suggested (the same question in a year the district has).
askFeature.callbackQuery(callbackPatterns.suggestion, async (ctx) => {
  const suggestion = ctx.chat ? ctx.session.suggestions?.[Number(ctx.match[1])] : undefined;
  await ctx.answerCallbackQuery(suggestion ? {} : { text: TOAST.suggestionExpired });
  if (suggestion) await answerQuestion(ctx, suggestion);
});

// An edited question gets a new answer, in place of the old one: the user fixed a typo or changed the year.
askFeature.chatType("private").on("edited_message:text", async (ctx, next) => {
  if (startsWithCommand(ctx.editedMessage.entities)) return next();
  await answerQuestion(ctx, ctx.editedMessage.text);
});

// In a group, only an edit of a question the bot answered (other edits are none of its business).
askFeature.chatType(["group", "supergroup"]).on("edited_message:text", async (ctx, next) => {
  const { message_id: id, text } = ctx.editedMessage;
  if (!ctx.session.replies?.some(([asked]) => asked === id)) return next();
  const command = /^\/ask(@\w+)?\s*/i.exec(text);
  const question = command ? text.slice(command[0].length) : removeMention(text, ctx.me.username);
  await answerQuestion(ctx, question);
});

const privateChats = askFeature.chatType("private");
privateChats.on("message:text", async (ctx, next) => {
  if (startsWithCommand(ctx.message.entities)) return next();
  await answerQuestion(ctx, ctx.message.text);
});

const groups = askFeature.chatType(["group", "supergroup"]);
groups.on("message:text", async (ctx, next) => {
  const { text, entities, reply_to_message: repliedTo } = ctx.message;
  if (startsWithCommand(entities)) return next();
  const mention = `@${ctx.me.username}`.toLowerCase();
  const mentioned = (entities ?? []).some(
    (e) => e.type === "mention" && text.slice(e.offset, e.offset + e.length).toLowerCase() === mention,
  );
  const repliesToBot = repliedTo?.from?.id === ctx.me.id;
  if (!mentioned && !repliesToBot) return next();
  await answerQuestion(ctx, mentioned ? removeMention(text, ctx.me.username) : text);
});

function startsWithCommand(entities: { type: string; offset: number }[] | undefined): boolean {
  return (entities ?? []).some((e) => e.type === "bot_command" && e.offset === 0);
}

function removeMention(text: string, username: string): string {
  return text.replace(new RegExp(`@${username}\\b`, "gi"), " ");
}
