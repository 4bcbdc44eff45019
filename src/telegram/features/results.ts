import { Composer, GrammyError } from "grammy";
import { BUTTON, TOAST } from "../../render/strings.js";
import { answerPage } from "../answering.js";
import { callbackPatterns } from "../callback-data.js";
import type { BotContext } from "../context.js";

/** 「上一条」/「下一条」 (the same message edited in place) and 👍/👎 on a shown answer. */
export const resultsFeature = new Composer<BotContext>();

const EXPIRED = TOAST.expired;

const QUIET_EDIT_FAILURES = /message is not modified|message to edit not found|message can't be edited/i;

resultsFeature.callbackQuery(callbackPatterns.page, async (ctx) => {
  const qid = ctx.match[1]!;
  const page = Number(ctx.match[2]);
  const cached = await ctx.services.answers.get(qid);
  if (!cached || page >= cached.pages.length) {
    await ctx.answerCallbackQuery({ text: EXPIRED });
    return;
  }
  const view = answerPage(cached, qid, page);
  await ctx.answerCallbackQuery();
  try {
    await ctx.editMessageText(view.html, {
      parse_mode: "HTML",
      reply_markup: view.keyboard,
      link_preview_options: { is_disabled: true },
    });
  } catch (error) {
    // A double tap asks for the page already shown; Telegram refuses the identical edit, and that is fine.
    // The message may also have been deleted (or be too old to edit) meanwhile: nothing to page, and
    // nothing to apologise for.
    if (!(error instanceof GrammyError && QUIET_EDIT_FAILURES.test(error.description))) throw error;
    ctx.services.logger.debug({ description: error.description }, "page edit skipped");
  }
});

resultsFeature.callbackQuery(callbackPatterns.vote, async (ctx) => {
  const [, qid, pageText, voteCode] = ctx.match;
  const cached = await ctx.services.answers.get(qid!);
  const page = Number(pageText);
  const shown = cached?.pages[page];
  if (!cached || !shown) {
    await ctx.answerCallbackQuery({ text: EXPIRED });
    return;
  }
  const voter = `${ctx.from.id}:${page}`;
  const vote = voteCode === "u" ? "up" : "down";
  const outcome = await ctx.services.answers.vote(qid!, voter, vote);
  if (outcome === "expired") {
    await ctx.answerCallbackQuery({ text: EXPIRED });
    return;
  }
  if (outcome === "same") {
    await ctx.answerCallbackQuery({ text: TOAST.votedAlready });
    return;
  }
  for (const index of shown) {
    await ctx.services.feedback.record({
      chatId: ctx.chat?.id ?? ctx.from.id,
      userId: ctx.from.id,
      question: cached.question,
      itemRef: cached.answer.results[index]!.ref,
      vote,
      at: Date.now(),
    });
  }
  await ctx.answerCallbackQuery({
    text:
      outcome === "changed"
        ? TOAST.voteChanged(vote === "up" ? BUTTON.voteUp : BUTTON.voteDown)
        : vote === "up"
          ? TOAST.thanksUp
          : TOAST.thanksDown,
  });
  // In a private chat the buttons are the user's own: they show the vote given.
  if (ctx.chat?.type === "private") {
    await ctx
      .editMessageReplyMarkup({ reply_markup: answerPage(cached, qid!, page, vote).keyboard })
      .catch(() => undefined);
  }
});
