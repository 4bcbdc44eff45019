import { Composer, InlineKeyboard } from "grammy";
import { itemRef } from "../../core/domain/report.js";
import { escapeHtml } from "../../render/escape.js";
import { itemHtml, outlineHtml, REPORTS_PER_PAGE, reportListHtml } from "../../render/html.js";
import { BUTTON, REPORTS, TOAST } from "../../render/strings.js";
import { callbackData, callbackPatterns, fitsCallbackData } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { reportsKeyboard } from "../keyboards.js";
import { sendHtml } from "../send.js";

/** /reports, /report ID, /item ID, and the buttons that open outlines and items (「查看原文」). */
export const reportsFeature = new Composer<BotContext>();

reportsFeature.command("reports", (ctx) => showReportList(ctx, ctx.match.trim()));

reportsFeature.command("report", async (ctx) => {
  const id = ctx.match.trim();
  if (!id) return showReportList(ctx);
  await showOutline(ctx, id);
});

reportsFeature.command("item", async (ctx) => {
  const ref = ctx.match.trim();
  if (!ref) {
    await sendHtml(ctx, REPORTS.itemUsage);
    return;
  }
  await showItem(ctx, ref);
});

reportsFeature.callbackQuery(callbackPatterns.report, async (ctx) => {
  await ctx.answerCallbackQuery();
  await showOutline(ctx, ctx.match[1]!);
});

reportsFeature.callbackQuery(callbackPatterns.item, async (ctx) => {
  await ctx.answerCallbackQuery();
  await showItem(ctx, ctx.match[1]!);
});

reportsFeature.callbackQuery(callbackPatterns.source, async (ctx) => {
  const cached = await ctx.services.answers.get(ctx.match[1]!);
  const result = cached?.answer.results[Number(ctx.match[2])];
  if (!result) {
    await ctx.answerCallbackQuery({ text: TOAST.expired });
    return;
  }
  await ctx.answerCallbackQuery();
  await showItem(ctx, result.ref);
});

reportsFeature.callbackQuery(callbackPatterns.reportPage, async (ctx) => {
  await ctx.answerCallbackQuery();
  const reports = ctx.services.engine.reports();
  const page = Math.min(Number(ctx.match[1]), Math.max(0, Math.ceil(reports.length / REPORTS_PER_PAGE) - 1));
  // The list pages in place: one message, however many reports there are.
  await ctx
    .editMessageText(reportListHtml(reports, ctx.services.loading(), page), {
      parse_mode: "HTML",
      reply_markup: reportsKeyboard(reports, page, REPORTS_PER_PAGE),
    })
    .catch(() => undefined);
});

/**
 * /reports, or /reports 青浦 / /reports 2020: the reports of a district (any form of its name) or of a year.
 * A filtered list is short; the whole list pages (see the rl: buttons).
 */
async function showReportList(ctx: BotContext, filter = ""): Promise<void> {
  const all = ctx.services.engine.reports();
  const year = /^(19|20)\d{2}$/.test(filter) ? Number(filter) : undefined;
  const reports = !filter
    ? all
    : all.filter((report) =>
        year !== undefined
          ? report.year === year
          : report.district.startsWith(filter.replace(/(区|县|市)$/, "")),
      );
  if (filter && reports.length === 0) {
    await sendHtml(ctx, escapeHtml(REPORTS.notFoundFilter(clip(filter))));
    return;
  }
  // Only the whole list pages through buttons; a filtered one is sent whole (split if long).
  await sendHtml(
    ctx,
    reportListHtml(reports, ctx.services.loading(), 0, filter ? reports.length : undefined),
    {
      keyboard: filter ? reportsKeyboard(reports) : reportsKeyboard(reports, 0, REPORTS_PER_PAGE),
    },
  );
}

async function showOutline(ctx: BotContext, reportId: string): Promise<void> {
  const report = ctx.services.engine.report(reportId);
  if (!report) {
    await sendHtml(ctx, escapeHtml(REPORTS.notFoundReport(clip(reportId))));
    return;
  }
  const username = ctx.me.username;
  const html = outlineHtml(
    report,
    (sectionNo, itemNo) => itemRef(report.id, sectionNo, itemNo),
    // Deep-link payloads are limited to 64 characters; a longer one stays plain text rather than a broken link.
    (ref) => (`item_${ref}`.length <= 64 ? `https://t.me/${username}?start=item_${ref}` : undefined),
  );
  await sendHtml(ctx, html);
}

/** The whole item, split politely when long, with a button back to its report's outline. */
export async function showItem(ctx: BotContext, ref: string): Promise<void> {
  const located = ctx.services.engine.item(ref);
  if (!located) {
    await sendHtml(ctx, escapeHtml(REPORTS.notFoundItem(clip(ref))));
    return;
  }
  const data = callbackData.report(located.report.id);
  const keyboard = fitsCallbackData(data) ? new InlineKeyboard().text(BUTTON.outline, data) : undefined;
  await sendHtml(ctx, itemHtml(located), keyboard ? { keyboard } : {});
}

function clip(text: string): string {
  const chars = Array.from(text);
  return chars.length > 40 ? `${chars.slice(0, 40).join("")}…` : text;
}
