import { GrammyError, InlineKeyboard } from "grammy";
import type { Answer } from "../core/domain/answer.js";
import { itemLabel } from "../render/citation.js";
import { escapeHtml } from "../render/escape.js";
import { answerPageHtml, notFoundHtml } from "../render/html.js";
import { paginate } from "../render/pages.js";
import { splitHtml } from "../render/split.js";
import { BOT, BUTTON } from "../render/strings.js";
import type { StoredAnswer, Vote } from "./answer-cache.js";
import { callbackData, fitsCallbackData, openItemData } from "./callback-data.js";
import type { BotContext } from "./context.js";
import { exampleKeyboard } from "./keyboards.js";
import { checkQuestion, MAX_QUESTION_CHARS } from "./question.js";
import { replyTarget, type SendOptions, sendHtml } from "./send.js";

/** How many results the engine returns for paging through 「上一条」/「下一条」. */
const RESULTS_PER_QUESTION = 5;

/** Answers a question in the current chat: the first page of results, or an honest "not found". */
export async function answerQuestion(ctx: BotContext, raw: string): Promise<void> {
  const { engine, answers, logger } = ctx.services;
  const replyTo = replyTarget(ctx);
  const check = checkQuestion(raw);
  if (!check.ok) {
    const example = ctx.services.examples()[0] ?? BOT.fallbackExample;
    await deliver(ctx, rejectionText(check.reason, check.length, ctx.chat?.type !== "private", example), {
      replyTo,
    });
    return;
  }
  const started = performance.now();
  // A follow-up (那嘉定呢, 2019年呢) is read against the chat's last question; the reply says how.
  // (A session exists only where there is a chat: grammY throws on reading it otherwise.)
  const previous = ctx.chat ? ctx.session.lastQuestion : undefined;
  const answer = engine.ask(check.question, {
    top: RESULTS_PER_QUESTION,
    ...(previous ? { previous } : {}),
  });
  rememberQuestion(ctx, check.question, answer);
  logger.debug(
    { found: answer.found, results: answer.results.length, ms: +(performance.now() - started).toFixed(2) },
    "answered",
  );
  const pages = paginate(answer);
  const loading = ctx.services.loading();
  if (pages.length === 0 && loading) {
    await holdUntilLoaded(ctx, check.question, loading, replyTo);
    return;
  }
  if (pages.length === 0) {
    const examples = ctx.services.examples();
    const html = notFoundHtml(check.question, answer, engine.coverage(), {
      examples: examples.length > 0,
    });
    const keyboard = notFoundKeyboard(ctx, check.question, answer, examples);
    await deliver(ctx, html, { replyTo, ...(keyboard ? { keyboard } : {}) });
    return;
  }
  const cached = { question: check.question, answer, pages };
  const qid = await answers.put(cached);
  const view = answerPage(cached, qid, 0);
  await deliver(ctx, view.html, { replyTo, keyboard: view.keyboard });
}

/** Questions per chat whose reply is remembered for editing: an edit comes soon after the question. */
const MAX_REMEMBERED_REPLIES = 20;

/**
 * Sends the reply to a question, or — when the question is an edited message the bot answered before — edits
 * that earlier reply in place, as a person would correct what they said. When the earlier reply cannot be
 * edited (deleted, too old, the new one needs several messages), a new reply is sent. A reply of one
 * message is remembered in the chat's session under the question's message id.
 */
async function deliver(ctx: BotContext, html: string, options: SendOptions): Promise<void> {
  const question = ctx.editedMessage ?? ctx.message;
  const chat = ctx.chat;
  const remembered = chat && question ? (ctx.session.replies ?? []) : [];
  const earlier = ctx.editedMessage
    ? remembered.find(([asked]) => asked === question?.message_id)?.[1]
    : undefined;
  if (chat && earlier !== undefined && splitHtml(html).length === 1) {
    try {
      await ctx.api.editMessageText(chat.id, earlier, html, {
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
        // An edit that carries no markup removes the old buttons, which belonged to the old answer.
        reply_markup: options.keyboard ?? { inline_keyboard: [] },
      });
      return;
    } catch (error) {
      // The same answer again (the edit changed nothing that matters): the reply already says it.
      if (error instanceof GrammyError && /message is not modified/i.test(error.description)) return;
      ctx.services.logger.debug(
        { err: error, chat: chat.id },
        "edit of an earlier reply failed; replying anew",
      );
    }
  }
  const sent = await sendHtml(ctx, html, options);
  if (!chat || !question) return;
  const kept = remembered.filter(([asked]) => asked !== question.message_id);
  if (sent.length === 1) kept.push([question.message_id, sent[0]!.message_id]);
  ctx.session.replies = kept.slice(-MAX_REMEMBERED_REPLIES);
}

/** Suggested questions per not-found reply: few enough to read on a phone. */
const MAX_SUGGESTIONS = 4;

/**
 * What a not-found reply offers instead of a dead end: the nearest items to open, the same question in the
 * years the district does have, a subscription to a district not covered yet, and otherwise the examples.
 */
function notFoundKeyboard(
  ctx: BotContext,
  question: string,
  answer: Answer,
  examples: readonly string[],
): InlineKeyboard | undefined {
  const rows: ReturnType<typeof InlineKeyboard.text>[][] = [];
  for (const result of answer.results.slice(0, 3)) {
    const data = callbackData.item(result.ref);
    const where = `${result.report.district}${result.report.year}年 ${itemLabel(result)}`;
    if (fitsCallbackData(data)) rows.push([InlineKeyboard.text(BUTTON.related(where), data)]);
  }
  const suggestions: string[] = [];
  const labels: string[] = [];
  for (const reason of answer.reasons) {
    // 鼓楼区 of several cities in the corpus: the same question of each, with the city named, as buttons.
    if (reason.kind === "ambiguous-district" && reason.divisions) {
      for (const option of reason.options) {
        suggestions.push(naming(question, reason.written, option));
        labels.push(BUTTON.chooseDistrict(option));
      }
    }
    if (reason.kind === "year-not-covered" && reason.district) {
      for (const year of reason.years.slice(-MAX_SUGGESTIONS)) {
        const reread = ctx.services.engine.ask(`${year}年`, { previous: question, top: 1 });
        const asked = reread.reasons.find((r) => r.kind === "read-as-follow-up");
        if (asked && asked.kind === "read-as-follow-up") {
          suggestions.push(asked.question);
          labels.push(BUTTON.suggestion(asked.question));
        }
      }
    }
    if (reason.kind === "district-not-covered") {
      const data = callbackData.subscribe(reason.district);
      if (fitsCallbackData(data)) rows.push([InlineKeyboard.text(BUTTON.subscribeTo(reason.district), data)]);
    }
  }
  if (suggestions.length > 0 && ctx.chat) {
    ctx.session.suggestions = suggestions;
    suggestions.forEach((_, index) => {
      rows.push([InlineKeyboard.text(labels[index]!, callbackData.suggestion(index))]);
    });
  }
  if (rows.length === 0 && examples.length > 0) return exampleKeyboard(examples);
  return rows.length > 0 ? InlineKeyboard.from(rows) : undefined;
}

/** The question with the place it wrote (鼓楼区, as read) named another way (南京市鼓楼区). */
function naming(question: string, written: string, name: string): string {
  return question.includes(written) ? question.replace(written, name) : `${name} ${question}`;
}

/** Keeps the question as it was read (a follow-up, in full) for the chat's next message; not one that asked nothing. */
function rememberQuestion(ctx: BotContext, question: string, answer: Answer): void {
  if (!ctx.chat || answer.understanding.terms.length === 0) return;
  const followUp = answer.reasons.find((reason) => reason.kind === "read-as-follow-up");
  ctx.session.lastQuestion = followUp ? followUp.question : question;
}

/**
 * A question that finds nothing while the corpus loads may be answered by a report not loaded yet: a
 * placeholder says so at once, and when the load ends the question is asked again and the placeholder is
 * edited into the answer (or into the usual "not found"). The wait runs outside the update, so the chat's
 * next messages are not held up behind it.
 */
async function holdUntilLoaded(
  ctx: BotContext,
  question: string,
  loading: string,
  replyTo: number | undefined,
): Promise<void> {
  const [placeholder] = await sendHtml(ctx, escapeHtml(BOT.waitingForLoad(loading, question.slice(0, 80))), {
    replyTo,
  });
  if (!placeholder) return;
  const { engine, answers, logger } = ctx.services;
  const chatId = placeholder.chat.id;
  void ctx.services.loaded
    .then(async () => {
      const answer = engine.ask(question, { top: RESULTS_PER_QUESTION });
      const pages = paginate(answer);
      const examples = ctx.services.examples();
      const stored = { question, answer, pages };
      const view =
        pages.length > 0
          ? answerPage(stored, await answers.put(stored), 0)
          : {
              html: notFoundHtml(question, answer, engine.coverage(), { examples: examples.length > 0 }),
              ...(examples.length ? { keyboard: exampleKeyboard(examples) } : {}),
            };
      try {
        await ctx.api.editMessageText(chatId, placeholder.message_id, view.html, {
          parse_mode: "HTML",
          link_preview_options: { is_disabled: true },
          ...(view.keyboard ? { reply_markup: view.keyboard } : {}),
        });
      } catch {
        // Too long for one message, or the placeholder was deleted: the answer comes as new messages.
        await sendHtml(ctx, view.html, { replyTo, ...(view.keyboard ? { keyboard: view.keyboard } : {}) });
      }
    })
    .catch((error: unknown) => logger.error({ err: error, chatId }, "could not answer a held question"));
}

/** The text and buttons of one page: 查看原文 for what is shown, paging, and 👍/👎. */
export function answerPage(
  cached: Pick<StoredAnswer, "answer" | "pages">,
  qid: string,
  page: number,
  /** The vote this chat gave (private chats), shown on its button. */
  voted?: Vote,
): { html: string; keyboard: InlineKeyboard } {
  const results = cached.pages[page] ?? [];
  const html = answerPageHtml({ answer: cached.answer, results, page, pages: cached.pages.length });
  const open = results.map((index) => {
    const result = cached.answer.results[index]!;
    const label =
      results.length > 1
        ? BUTTON.openItemOf(`${result.report.district}${result.report.year}`)
        : BUTTON.openItem;
    return InlineKeyboard.text(label, openItemData(result.ref, qid, index));
  });
  const paging = [
    ...(page > 0 ? [InlineKeyboard.text(BUTTON.previousResult, callbackData.page(qid, page - 1))] : []),
    ...(page + 1 < cached.pages.length
      ? [InlineKeyboard.text(BUTTON.nextResult, callbackData.page(qid, page + 1))]
      : []),
  ];
  const votes = [
    InlineKeyboard.text(
      voted === "up" ? BUTTON.voted(BUTTON.voteUp) : BUTTON.voteUp,
      callbackData.vote(qid, page, "up"),
    ),
    InlineKeyboard.text(
      voted === "down" ? BUTTON.voted(BUTTON.voteDown) : BUTTON.voteDown,
      callbackData.vote(qid, page, "down"),
    ),
    // Shares through inline mode: the chat picked gets the same answer with its citation.
    InlineKeyboard.switchInline(BUTTON.share, cached.answer.query.slice(0, 200)),
  ];
  const keyboard = InlineKeyboard.from([open, paging, votes].filter((row) => row.length > 0));
  return { html, keyboard };
}

function rejectionText(
  reason: "empty" | "too_long" | "no_words",
  length: number,
  inGroup: boolean,
  example: string,
): string {
  switch (reason) {
    case "empty":
      return escapeHtml(BOT.askEmpty(example));
    case "too_long":
      return BOT.askTooLong(length, MAX_QUESTION_CHARS);
    case "no_words":
      return escapeHtml(BOT.askNoWords(inGroup, example));
  }
}
