import { Composer } from "grammy";
import { escapeHtml } from "../../render/escape.js";
import { coverageHtml } from "../../render/html.js";
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
  const name = ctx.from?.first_name ? `，${escapeHtml(ctx.from.first_name)}` : "";
  const html = [
    `👋 你好${name}！我能回答关于区县教育工作总结的问题，给出原文中回答问题的那句话，并注明出处（报告、部分、条目）。`,
    coverageHtml(ctx.services.engine.coverage(), ctx.services.loading()),
    // The examples are buttons below: promise them only when there are some.
    ctx.chat.type === "private"
      ? `直接发送问题即可，最好写明区和年份。${examples.length ? "也可以点下面的示例试试：" : ""}`
      : `在群里请用 /ask 加问题，或 @我 提问。${examples.length ? "示例：" : ""}`,
  ].join("\n\n");
  await sendHtml(ctx, html, examples.length ? { keyboard: exampleKeyboard(examples) } : {});
});

startFeature.command("help", (ctx) => showHelp(ctx));

async function showHelp(ctx: BotContext): Promise<void> {
  const examples = ctx.services.examples();
  const place = ctx.chat?.type === "private" ? "private" : "group";
  const commands = commandsFor(place)
    .map((c) => `/${c.command} — ${escapeHtml(c.description)}`)
    .join("\n");
  const html = [
    "<b>怎么提问</b>",
    "私聊：直接发送问题。群聊：/ask 问题，或 @我 提问，或回复我的消息。",
    examples[0] ? `写明区和年份更准确，例如「${escapeHtml(examples[0])}」。` : "写明区和年份更准确。",
    "任意聊天中输入 @我 加问题，可把答案直接发到当前对话。",
    "<b>命令</b>",
    commands,
  ].join("\n");
  await sendHtml(ctx, html, examples.length ? { keyboard: exampleKeyboard(examples) } : {});
}

startFeature.command("about", async (ctx) => {
  const reports = ctx.services.engine.reports();
  const items = reports.reduce((sum, r) => sum + r.sections.reduce((n, s) => n + s.items.length, 0), 0);
  const html = [
    "<b>教育工作总结问答</b>",
    `从各区县教育局公开的年度工作总结中查找答案，只引用原文，不做推测。目前收录 ${reports.length} 份报告、${items} 个条目。`,
    "每个答案都注明出处：《报告》 · 第几部分 · 第几条，可点「查看原文」核对。",
    "👍/👎 反馈会用于改进答案质量。",
  ].join("\n\n");
  await sendHtml(ctx, html);
});

startFeature.callbackQuery(callbackPatterns.example, async (ctx) => {
  const question = ctx.services.examples()[Number(ctx.match[1])];
  await ctx.answerCallbackQuery(question ? {} : { text: "这个示例已失效，请直接提问" });
  if (question) await answerQuestion(ctx, question);
});
