import { Composer } from "grammy";
import type { InlineQueryResult } from "grammy/types";
import type { Answer } from "../../core/domain/answer.js";
import { citationText } from "../../render/citation.js";
import { answerPageHtml } from "../../render/html.js";
import { BUTTON } from "../../render/strings.js";
import type { BotContext } from "../context.js";
import { checkQuestion } from "../question.js";

/**
 * Inline mode: `@bot 问题` in any chat offers up to 10 answers, each sendable with its citation; an empty query
 * offers the example questions, each sending its own answer.
 */
export const inlineFeature = new Composer<BotContext>();

/** Results per inline page, and in all: Telegram pages further through `next_offset`. */
const PAGE_SIZE = 10;
const MAX_RESULTS = 50;

inlineFeature.on("inline_query", async (ctx) => {
  const { engine } = ctx.services;
  const check = checkQuestion(ctx.inlineQuery.query);
  const username = ctx.me.username;
  let results: InlineQueryResult[];
  let nextOffset: string | undefined;
  if (!check.ok && check.reason === "empty") {
    results = ctx.services.examples().flatMap((question, index) => {
      const answer = engine.ask(question, { top: 1 });
      const first = answer.results[answer.answer?.result ?? 0];
      if (!answer.found || !first) return [];
      return [
        article(
          `ex${index}`,
          `💬 ${question}`,
          citationText(first),
          answer,
          [answer.answer?.result ?? 0],
          username,
        ),
      ];
    });
  } else if (!check.ok) {
    results = [];
  } else {
    // The answer is recomputed for each page (it is deterministic and costs a millisecond), so no state
    // is kept between pages.
    const offset = Math.max(0, Number.parseInt(ctx.inlineQuery.offset, 10) || 0);
    const answer = engine.ask(check.question, { top: MAX_RESULTS });
    const page = answer.found ? answer.results.slice(offset, offset + PAGE_SIZE) : [];
    results = page.map((result, index) =>
      article(`r${offset + index}`, result.excerpt, citationText(result), answer, [offset + index], username),
    );
    if (answer.found && offset + PAGE_SIZE < answer.results.length) nextOffset = String(offset + PAGE_SIZE);
  }
  await ctx.answerInlineQuery(results, {
    cache_time: 60,
    ...(nextOffset ? { next_offset: nextOffset } : {}),
    ...(results.length === 0
      ? {
          button: {
            text: check.ok ? BUTTON.inlineNotFound : BUTTON.inlineUsage,
            start_parameter: "help",
          },
        }
      : {}),
  });
});

function article(
  id: string,
  title: string,
  description: string,
  answer: Answer,
  shown: number[],
  username: string,
): InlineQueryResult {
  const ref = answer.results[shown[0]!]!.ref;
  const deepLink = `item_${ref}`;
  return {
    type: "article",
    id,
    title: clip(title, 120),
    description: clip(description, 200),
    input_message_content: {
      message_text: answerPageHtml({
        answer: { ...answer, note: undefined },
        results: shown,
        page: 0,
        pages: 1,
      }),
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    },
    ...(deepLink.length <= 64
      ? {
          reply_markup: {
            inline_keyboard: [[{ text: BUTTON.openItem, url: `https://t.me/${username}?start=${deepLink}` }]],
          },
        }
      : {}),
  };
}

function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
