import type { InlineKeyboardButton } from "grammy/types";
import { itemCount, type Report } from "../../core/domain/report.js";
import type { NoticeKind, NoticePayload } from "../../persist/notices.js";
import { BUTTON, NOTICE } from "../../render/strings.js";
import { callbackData, fitsCallbackData } from "../callback-data.js";
import { pickHighlights } from "./highlights.js";
import { escapeHtml, truncate } from "./html.js";

export interface ComposeOptions {
  /** How many highlights (2–3 reads well). */
  highlights?: number;
}

/** Callback data of 「问一个问题」: the subscriptions feature answers a first question about the report. */
export function firstQuestionCallbackData(reportId: string): string {
  return `nq:${reportId}`;
}

export const FIRST_QUESTION_PATTERN = /^nq:([A-Za-z0-9-]+)$/;

function buttons(report: Report): InlineKeyboardButton[][] {
  // Callback buttons rather than deep links: they work the same in private chats and groups, and the
  // outline one is the bot's own 「查看目录」 (`rp:ID`, handled by its reports feature).
  const outline = callbackData.report(report.id);
  const ask = firstQuestionCallbackData(report.id);
  const row: InlineKeyboardButton[] = [];
  if (fitsCallbackData(ask)) row.push({ text: BUTTON.askOne, callback_data: ask });
  if (fitsCallbackData(outline)) row.push({ text: BUTTON.outline, callback_data: outline });
  return row.length ? [row] : [];
}

/** Report → the message every subscriber gets. Pure: same report, same message. */
export function composeNotice(report: Report, kind: NoticeKind, options: ComposeOptions = {}): NoticePayload {
  const lines = [
    `${NOTICE.heading(kind)}：《${escapeHtml(truncate(report.title, 120))}》`,
    escapeHtml(NOTICE.where(report.district, report.year)),
    NOTICE.size(report.sections.length, itemCount(report)),
  ];
  if (kind === "update") lines.push(NOTICE.replaced);

  const highlights = pickHighlights(report, options.highlights ?? 3);
  if (highlights.length > 0) {
    lines.push("", NOTICE.highlights);
    for (const { section, sentence } of highlights) {
      lines.push(`• ${escapeHtml(truncate(sentence, 90))}（${escapeHtml(truncate(section.title, 20))}）`);
    }
  }
  lines.push("", escapeHtml(NOTICE.outline(report.id)));
  return { html: lines.join("\n"), keyboard: buttons(report) };
}

/** The question 「问一个问题」 asks: the report's richest item, with place and year so it finds that report. */
export function firstQuestionFor(report: Report): string {
  const [top] = pickHighlights(report, 1);
  const topic = top?.item.title || report.sections[0]?.items[0]?.title || NOTICE.defaultTopic;
  return `${report.district}${report.year}年${truncate(topic, 40)}`;
}
