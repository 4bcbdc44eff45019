import { Composer } from "grammy";
import { escapeHtml } from "../../render/escape.js";
import { coverageHtml } from "../../render/html.js";
import { BOT, TOAST } from "../../render/strings.js";
import { answerQuestion } from "../answering.js";
import { callbackPatterns } from "../callback-data.js";
import { commandsFor } from "../commands.js";
import type { BotContext } from "../context.js";
import { exampleKeyboard } from "../keyboards.js";
import { sendHtml } from "../send.js";
import { showItem } from "./reports.js";

/** /start (with deep links), /help, /about, and the example-question buttons. */
export const startFeature = new Composer<BotContext>();

startFeature.command("start", async (ctx) => {
  const payload = ctx.match.trim();
  const itemRef = /^item_(.+)$/.exec(payload)?.[1];
  if (itemRef) return showItem(ctx, itemRef);
  // The inline mode's 「查看用法」 button opens the bot with /start help.
  if (payload === "help") return showHelp(ctx);
  const examples = ctx.services.examples();
  const html = [
    escapeHtml(BOT.welcome(ctx.from?.first_name ?? "")),
    coverageHtml(ctx.services.engine.coverage(), ctx.services.loading()),
    // The examples are buttons below: promise them only when there are some.
    ctx.chat.type === "private" ? BOT.howPrivate(examples.length > 0) : BOT.howGroup(examples.length > 0),
  ].join("\n\n");
  await sendHtml(ctx, html, examples.length ? { keyboard: exampleKeyboard(examples) } : {});
});

startFeature.command("help", (ctx) => showHelp(ctx));

async function showHelp(ctx: BotContext): Promise<void> {
  const examples = ctx.services.examples();
  const place = ctx.chat?.type === "private" ? "private" : "group";
  const commands = commandsFor(place, ctx.services.commands)
    .map((c) => escapeHtml(BOT.helpCommand(c.command, c.description)))
    .join("\n");
  const html = [
    BOT.helpHeading,
    BOT.helpWhere,
    escapeHtml(BOT.helpExample(examples[0])),
    BOT.helpInline,
    BOT.helpCommands,
    commands,
  ].join("\n");
  await sendHtml(ctx, html, examples.length ? { keyboard: exampleKeyboard(examples) } : {});
}

startFeature.command("about", async (ctx) => {
  const reports = ctx.services.engine.reports();
  const items = reports.reduce((sum, r) => sum + r.sections.reduce((n, s) => n + s.items.length, 0), 0);
  const html = [
    BOT.aboutHeading,
    BOT.about(reports.length, items),
    BOT.aboutCitation,
    BOT.aboutFeedback,
  ].join("\n\n");
  await sendHtml(ctx, html);
});

startFeature.callbackQuery(callbackPatterns.example, async (ctx) => {
  const question = ctx.services.examples()[Number(ctx.match[1])];
  await ctx.answerCallbackQuery(question ? {} : { text: TOAST.exampleExpired });
  if (question) await answerQuestion(ctx, question);
});
