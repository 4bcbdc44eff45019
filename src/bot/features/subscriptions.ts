import { Composer } from "grammy";
import { FIRST_QUESTION_PATTERN, firstQuestionFor } from "../../notify/compose-notice.js";
import { type DistrictLookup, resolveDistrict } from "../../notify/resolve-district.js";
import { escapeHtml } from "../../render/escape.js";
import { COMMAND_TEXT } from "../../render/strings.js";
import type { SubscriptionStore } from "../../store/backend.js";
import { ALL_DISTRICTS, type ChatType } from "../../store/subscriptions.js";
import { answerQuestion } from "../answering.js";
import { callbackPatterns } from "../callback-data.js";
import type { MenuCommand } from "../commands.js";
import type { BotContext } from "../context.js";
import { replyTarget, sendHtml } from "../send.js";

/** In a group only its admins may change the subscriptions, so only they see those commands in the menu. */
export const SUBSCRIPTION_COMMANDS: readonly MenuCommand[] = [
  { command: "subscribe", description: COMMAND_TEXT.subscribe, where: ["private", "group-admin"] },
  { command: "unsubscribe", description: COMMAND_TEXT.unsubscribe, where: ["private", "group-admin"] },
  { command: "subscriptions", description: COMMAND_TEXT.subscriptions, where: ["private", "group"] },
];

export interface SubscriptionsFeatureOptions {
  subscriptions: SubscriptionStore;
  /** Typed name → full district names; the gazetteer by default. */
  lookup?: DistrictLookup;
}

/** More than this many districts in one command is surely a paste accident. */
const MAX_DISTRICTS_PER_COMMAND = 20;

type Manage = { allowed: true } | { allowed: false; why: string };

/**
 * /subscribe, /unsubscribe, /subscriptions in private chats and groups (where only a chat admin may change
 * the group's subscriptions), and the 「问一个问题」 button of notices.
 */
export function subscriptionsFeature(options: SubscriptionsFeatureOptions): Composer<BotContext> {
  const { subscriptions } = options;
  const feature = new Composer<BotContext>();
  const reply = (ctx: BotContext, html: string) => sendHtml(ctx, html, { replyTo: replyTarget(ctx) });

  feature.command("subscribe", async (ctx) => {
    const permission = await mayManage(ctx);
    if (!permission.allowed) return void (await reply(ctx, permission.why));
    const chatType = ctx.chat.type as ChatType;
    const names = parseDistricts(ctx.match);
    if (names.length === 0) {
      const added = await subscriptions.subscribe(ctx.chat.id, chatType, ALL_DISTRICTS);
      await reply(
        ctx,
        added
          ? "✅ 已订阅<b>全部报告</b>。有新报告或报告更新时，我会在这里通知。\n只想关注某个区？用 /subscribe 区名，例如 /subscribe 青浦。"
          : "你已订阅全部报告，无需重复订阅。查看订阅：/subscriptions",
      );
      return;
    }
    const covered = coveredDistricts(ctx);
    const added: string[] = [];
    const already: string[] = [];
    const problems: string[] = [];
    for (const name of names) {
      const resolution = resolveDistrict(name, covered, options.lookup);
      if (resolution.kind === "ok") {
        const district = resolution.district;
        ((await subscriptions.subscribe(ctx.chat.id, chatType, district)) ? added : already).push(district);
      } else if (resolution.kind === "ambiguous") {
        problems.push(
          `「${escapeHtml(name)}」可能指 ${resolution.options.map(escapeHtml).join("、")}，请写全称`,
        );
      } else {
        problems.push(`没有找到名为「${escapeHtml(name)}」的区县`);
      }
    }
    const lines: string[] = [];
    if (added.length)
      lines.push(`✅ 已订阅：${added.map(escapeHtml).join("、")}。这些区有新报告时我会通知。`);
    if (already.length) lines.push(`已在订阅中：${already.map(escapeHtml).join("、")}。`);
    if (problems.length) {
      lines.push(...problems.map((problem) => `⚠️ ${problem}。`));
      if (covered.length) lines.push(`目前收录的区县：${covered.map(escapeHtml).join("、")}`);
    }
    if (
      (await subscriptions.activeFor(ctx.chat.id)).some((s) => s.district === ALL_DISTRICTS) &&
      added.length
    ) {
      lines.push("（你也订阅了全部报告，所有新报告都会通知。）");
    }
    await reply(ctx, lines.join("\n"));
  });

  feature.command("unsubscribe", async (ctx) => {
    const permission = await mayManage(ctx);
    if (!permission.allowed) return void (await reply(ctx, permission.why));
    const names = parseDistricts(ctx.match);
    if (names.length === 0) {
      const removed = await subscriptions.unsubscribe(ctx.chat.id);
      await reply(
        ctx,
        removed > 0
          ? "已取消本聊天的全部订阅，不会再收到新报告通知。想重新订阅：/subscribe"
          : "本聊天还没有订阅。订阅新报告通知：/subscribe",
      );
      return;
    }
    const active = (await subscriptions.activeFor(ctx.chat.id)).map((s) => s.district);
    const covered = coveredDistricts(ctx);
    const removed: string[] = [];
    const missing: string[] = [];
    for (const name of names) {
      const resolution = resolveDistrict(name, [...active, ...covered], options.lookup);
      const district = resolution.kind === "ok" ? resolution.district : name;
      ((await subscriptions.unsubscribe(ctx.chat.id, district)) > 0 ? removed : missing).push(district);
    }
    const lines: string[] = [];
    if (removed.length) lines.push(`已取消订阅：${removed.map(escapeHtml).join("、")}。`);
    if (missing.length) lines.push(`本来就没有订阅：${missing.map(escapeHtml).join("、")}。`);
    if (active.includes(ALL_DISTRICTS)) {
      lines.push("注意：你仍订阅着全部报告，这些区的新报告依然会通知。全部取消：/unsubscribe");
    }
    await reply(ctx, lines.join("\n"));
  });

  feature.command("subscriptions", async (ctx) => {
    const active = await subscriptions.activeFor(ctx.chat.id);
    if (active.length === 0) {
      await reply(ctx, "本聊天还没有订阅。\n订阅全部新报告：/subscribe\n只订阅某个区：/subscribe 青浦");
      return;
    }
    const names = active.map((s) => (s.district === ALL_DISTRICTS ? "全部报告" : escapeHtml(s.district)));
    await reply(ctx, `📬 本聊天订阅了：${names.join("、")}\n取消订阅：/unsubscribe 或 /unsubscribe 区名`);
  });

  feature.callbackQuery(FIRST_QUESTION_PATTERN, async (ctx) => {
    const report = ctx.services.engine.report(ctx.match[1]!);
    if (!report) {
      await ctx.answerCallbackQuery({ text: "这份报告已不在库中" });
      return;
    }
    await ctx.answerCallbackQuery();
    await answerQuestion(ctx, firstQuestionFor(report));
  });

  // 「🔔 某区有报告时通知我」 under a reply about a district not covered yet.
  feature.callbackQuery(callbackPatterns.subscribe, async (ctx) => {
    const district = ctx.match[1]!;
    if (!ctx.chat) return void (await ctx.answerCallbackQuery());
    const permission = await mayManage(ctx);
    if (!permission.allowed) return void (await ctx.answerCallbackQuery({ text: permission.why }));
    const added = await subscriptions.subscribe(ctx.chat.id, ctx.chat.type as ChatType, district);
    await ctx.answerCallbackQuery({ text: added ? `已订阅${district}` : `已在订阅${district}` });
    if (added)
      await reply(
        ctx,
        `✅ 已订阅：${escapeHtml(district)}。收录${escapeHtml(district)}的报告时我会在这里通知。`,
      );
  });

  return feature;
}

/** 青浦 嘉定，松江、徐汇 → four names, each once. */
export function parseDistricts(text: string): string[] {
  const names = text
    .split(/[\s,，、;；]+/)
    .map((name) => name.trim())
    .filter(Boolean);
  return [...new Set(names)].slice(0, MAX_DISTRICTS_PER_COMMAND);
}

function coveredDistricts(ctx: BotContext): string[] {
  return [...new Set(ctx.services.engine.coverage().map((c) => c.district))];
}

/** Anyone in a private chat; in a group, its admins (including anonymous ones, who post as the group). */
async function mayManage(ctx: BotContext): Promise<Manage> {
  const chat = ctx.chat!;
  if (chat.type === "private") return { allowed: true };
  if (chat.type === "channel") return { allowed: false, why: "频道暂不支持订阅。" };
  if (ctx.senderChat?.id === chat.id) return { allowed: true };
  if (!ctx.from) return { allowed: false, why: "无法确认你的身份。" };
  try {
    const member = await ctx.getChatMember(ctx.from.id);
    if (member.status === "creator" || member.status === "administrator") return { allowed: true };
    return { allowed: false, why: "只有群管理员可以为本群订阅或取消订阅。" };
  } catch (error) {
    ctx.services.logger.warn({ err: error, chat: chat.id }, "getChatMember failed");
    return { allowed: false, why: "暂时无法确认你是否为群管理员，请稍后再试。" };
  }
}
