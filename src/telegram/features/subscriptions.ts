import { Composer, InlineKeyboard } from "grammy";
import type { SubscriptionStore } from "../../persist/backend.js";
import { ALL_DISTRICTS, type ChatType } from "../../persist/subscriptions.js";
import { escapeHtml } from "../../render/escape.js";
import { BUTTON, COMMAND_TEXT, SUBSCRIBE, TOAST } from "../../render/strings.js";
import { answerQuestion } from "../answering.js";
import { callbackData, callbackPatterns, fitsCallbackData } from "../callback-data.js";
import type { MenuCommand } from "../commands.js";
import type { BotContext } from "../context.js";
import { FIRST_QUESTION_PATTERN, firstQuestionFor } from "../notify/compose-notice.js";
import { type DistrictLookup, resolveDistrict } from "../notify/resolve-district.js";
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
/** Covered districts named after a name that was not understood; past this, only their number. */
const MAX_LISTED_DISTRICTS = 8;

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
      await reply(ctx, added ? SUBSCRIBE.allAdded : SUBSCRIBE.allAlready);
      return;
    }
    const covered = coveredDistricts(ctx);
    const added: string[] = [];
    const already: string[] = [];
    const problems: string[] = [];
    const choices: string[] = [];
    for (const name of names) {
      const resolution = resolveDistrict(name, covered, options.lookup);
      if (resolution.kind === "ok") {
        const district = resolution.district;
        ((await subscriptions.subscribe(ctx.chat.id, chatType, district)) ? added : already).push(district);
      } else if (resolution.kind === "ambiguous") {
        problems.push(escapeHtml(SUBSCRIBE.ambiguous(name, resolution.options.join("、"))));
        choices.push(...resolution.options);
      } else {
        problems.push(escapeHtml(SUBSCRIBE.unknown(name)));
      }
    }
    const lines: string[] = [];
    if (added.length) lines.push(escapeHtml(SUBSCRIBE.added(added.join("、"))));
    if (already.length) lines.push(escapeHtml(SUBSCRIBE.already(already.join("、"))));
    if (problems.length) {
      lines.push(...problems.map(SUBSCRIBE.problem));
      // A few districts are named; many only counted (the list pages in /reports).
      if (covered.length > MAX_LISTED_DISTRICTS) lines.push(SUBSCRIBE.coveredCount(covered.length));
      else if (covered.length) lines.push(escapeHtml(SUBSCRIBE.coveredList(covered.join("、"))));
    }
    if (
      (await subscriptions.activeFor(ctx.chat.id)).some((s) => s.district === ALL_DISTRICTS) &&
      added.length
    ) {
      lines.push(SUBSCRIBE.alsoAll);
    }
    // Which of several districts of one name: a button each (the choice subscribes, as the 🔔 button does).
    const buttons = choices
      .map((option) => ({ option, data: callbackData.subscribe(option) }))
      .filter(({ data }) => fitsCallbackData(data))
      .map(({ option, data }) => [InlineKeyboard.text(BUTTON.chooseDistrict(option), data)]);
    await sendHtml(ctx, lines.join("\n"), {
      replyTo: replyTarget(ctx),
      ...(buttons.length ? { keyboard: InlineKeyboard.from(buttons) } : {}),
    });
  });

  feature.command("unsubscribe", async (ctx) => {
    const permission = await mayManage(ctx);
    if (!permission.allowed) return void (await reply(ctx, permission.why));
    const names = parseDistricts(ctx.match);
    if (names.length === 0) {
      const removed = await subscriptions.unsubscribe(ctx.chat.id);
      await reply(ctx, removed > 0 ? SUBSCRIBE.allRemoved : SUBSCRIBE.noneYet);
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
    if (removed.length) lines.push(escapeHtml(SUBSCRIBE.removed(removed.join("、"))));
    if (missing.length) lines.push(escapeHtml(SUBSCRIBE.notSubscribed(missing.join("、"))));
    if (active.includes(ALL_DISTRICTS)) {
      lines.push(SUBSCRIBE.stillAll);
    }
    await reply(ctx, lines.join("\n"));
  });

  feature.command("subscriptions", async (ctx) => {
    const active = await subscriptions.activeFor(ctx.chat.id);
    if (active.length === 0) {
      await reply(ctx, SUBSCRIBE.noneHelp);
      return;
    }
    const names = active.map((s) => (s.district === ALL_DISTRICTS ? SUBSCRIBE.allReports : s.district));
    await reply(ctx, escapeHtml(SUBSCRIBE.list(names.join("、"))));
  });

  feature.callbackQuery(FIRST_QUESTION_PATTERN, async (ctx) => {
    const report = ctx.services.engine.report(ctx.match[1]!);
    if (!report) {
      await ctx.answerCallbackQuery({ text: TOAST.reportGone });
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
    await ctx.answerCallbackQuery({
      text: added ? TOAST.subscribed(district) : TOAST.subscribedAlready(district),
    });
    if (added) await reply(ctx, escapeHtml(SUBSCRIBE.addedOne(district)));
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
  if (chat.type === "channel") return { allowed: false, why: SUBSCRIBE.noChannels };
  if (ctx.senderChat?.id === chat.id) return { allowed: true };
  if (!ctx.from) return { allowed: false, why: SUBSCRIBE.whoAreYou };
  try {
    const member = await ctx.getChatMember(ctx.from.id);
    if (member.status === "creator" || member.status === "administrator") return { allowed: true };
    return { allowed: false, why: SUBSCRIBE.adminsOnly };
  } catch (error) {
    ctx.services.logger.warn({ err: error, chat: chat.id }, "getChatMember failed");
    return { allowed: false, why: SUBSCRIBE.adminUnknown };
  }
}
