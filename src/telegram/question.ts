/** Limits on what a question may be before it reaches the engine, each with its polite answer. */

export const MAX_QUESTION_CHARS = 300;

export type QuestionCheck =
  | { ok: true; question: string }
  | { ok: false; reason: "empty" | "too_long" | "no_words"; length: number };

export function checkQuestion(raw: string): QuestionCheck {
  const question = raw.replace(/\s+/g, " ").trim();
  const length = Array.from(question).length;
  if (!question) return { ok: false, reason: "empty", length };
  if (length > MAX_QUESTION_CHARS) return { ok: false, reason: "too_long", length };
  // Emoji, punctuation or symbols alone carry no question.
  if (!/[\p{L}\p{N}]/u.test(question)) return { ok: false, reason: "no_words", length };
  return { ok: true, question };
}
