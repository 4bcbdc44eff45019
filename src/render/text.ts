import type { Answer, Highlight } from "../core/domain/answer.js";
import { citationText } from "./citation.js";
import { describeReasons } from "./reasons.js";
import { WORDS } from "./strings.js";

export interface TextStyle {
  /** Wraps a marked span (ANSI bold on a terminal, 【】 in plain text). */
  mark: (text: string, kind: Highlight["kind"]) => string;
}

export const PLAIN: TextStyle = { mark: (text) => `【${text}】` };
export const TERMINAL: TextStyle = {
  mark: (text, kind) => (kind === "number" ? `\u001b[1;33m${text}\u001b[0m` : `\u001b[1m${text}\u001b[0m`),
};

export function markExcerpt(excerpt: string, highlights: readonly Highlight[], style: TextStyle): string {
  let out = "";
  let at = 0;
  for (const mark of highlights) {
    out += excerpt.slice(at, mark.start) + style.mark(excerpt.slice(mark.start, mark.end), mark.kind);
    at = mark.end;
  }
  return out + excerpt.slice(at);
}

/** A readable answer for the command line: the answering sentence, its citation, then other results. */
export function renderAnswerText(answer: Answer, style: TextStyle = PLAIN): string {
  const lines: string[] = [`${WORDS.question}：${answer.query}`];
  const why = describeReasons(answer.reasons, answer.note);
  if (!answer.found) {
    lines.push(`${WORDS.notFoundPlain}${why ?? ""}`);
    // Nothing is thrown away: the nearest items follow as related reading.
    answer.results.forEach((result, index) => {
      lines.push(
        "",
        `${WORDS.relatedNumbered(index + 1)}：${markExcerpt(result.excerpt, result.highlights, style)}`,
      );
      lines.push(`   ${WORDS.source}：${citationText(result)}`);
    });
    return lines.join("\n");
  }
  answer.results.forEach((result, index) => {
    lines.push("");
    lines.push(
      `${index === 0 ? WORDS.answer : WORDS.alsoRelevant(index)}：${markExcerpt(result.excerpt, result.highlights, style)}`,
    );
    lines.push(`   ${WORDS.source}：${citationText(result)}`);
  });
  if (why) lines.push("", `${WORDS.note}：${why}`);
  return lines.join("\n");
}
