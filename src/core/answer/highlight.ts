import type { Highlight } from "../domain/answer.js";
import type { ParsedQuestion } from "../query/understand.js";
import { foldForMatching } from "../zh/normalize.js";
import { figuresIn } from "../zh/numerals.js";

/** Marks the question's words and the figures in an excerpt, without overlaps, in reading order. */
export function highlight(
  excerpt: string,
  question: ParsedQuestion,
  /** The excerpt in matching form, when the caller has it (an item's folded text, same offsets). */
  folded: string = foldForMatching(excerpt),
): Highlight[] {
  const marks: Highlight[] = figuresIn(excerpt).map((figure) => ({
    start: figure.start,
    end: figure.end,
    kind: "number" as const,
  }));
  const terms = [
    ...new Set(question.concepts.flatMap((concept) => concept.alternatives.map((alt) => alt.term))),
  ]
    .filter((term) => term.length >= 2)
    .sort((a, b) => b.length - a.length);
  for (const term of terms) {
    let from = 0;
    while (true) {
      const at = folded.indexOf(term, from);
      if (at < 0) break;
      marks.push({ start: at, end: at + term.length, kind: "term" });
      from = at + term.length;
    }
  }
  marks.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const merged: Highlight[] = [];
  for (const mark of marks) {
    const last = merged.at(-1);
    if (last && mark.start < last.end) continue;
    merged.push(mark);
  }
  return merged;
}
