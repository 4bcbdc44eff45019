import type { Highlight } from "../domain/answer.js";
import type { ParsedQuestion } from "../query/understand.js";
import { foldForMatching } from "../zh/normalize.js";
import { type Figure, figuresIn } from "../zh/numerals.js";
import { unitFits } from "./rank.js";

/** Where one clause of a sentence ends: a figure answers the words of its own clause. */
const CLAUSE_END = /[，,；;。：:、]/;

/**
 * The figures of an excerpt that answer what was asked, so that only those are marked (a sentence holds many
 * figures; marking all would mark the unasked). Only a how-many question asks a figure. Of its figures: the
 * ones printed in the asked measure word (几所 → 5所, not 3000个 beside it); else, those of the measure
 * word's family (几位 → 196名; any unit when none was asked), a rate's percentage first; and of those, the
 * ones in a clause that holds a word of the question (图书馆15个 among 实验室19个、图书馆15个 for 多少个图书馆;
 * 投入经费1.2亿元 for 经费多少) when there are such.
 */
function askedFigures(
  figures: readonly Figure[],
  question: ParsedQuestion,
  folded: string,
  terms: readonly Highlight[],
): Figure[] {
  if (question.intent !== "number") return [];
  const { measure } = question;
  const exact = measure ? figures.filter((figure) => figure.unit.endsWith(measure)) : [];
  let fitting = exact.length > 0 ? exact : figures.filter((figure) => unitFits(figure, measure));
  if (!measure && /(率|比例|百分)/.test(question.normalized)) {
    const percentages = fitting.filter((figure) => /[%％]$/.test(figure.unit));
    if (percentages.length > 0) fitting = percentages;
  }
  const inAskedClause = fitting.filter((figure) => {
    const { start, end } = clauseAround(folded, figure.start);
    return terms.some((term) => term.start >= start && term.end <= end);
  });
  return inAskedClause.length > 0 ? inAskedClause : fitting;
}

function clauseAround(text: string, at: number): { start: number; end: number } {
  let start = at;
  while (start > 0 && !CLAUSE_END.test(text[start - 1]!)) start--;
  let end = at;
  while (end < text.length && !CLAUSE_END.test(text[end]!)) end++;
  return { start, end };
}

/**
 * Marks what the question asked in an excerpt, without overlaps, in reading order: its words (and their
 * synonyms), and the figures that answer it (see askedFigures).
 */
export function highlight(
  excerpt: string,
  question: ParsedQuestion,
  /** The excerpt in matching form, when the caller has it (an item's folded text, same offsets). */
  folded: string = foldForMatching(excerpt),
): Highlight[] {
  const terms = [
    ...new Set(question.concepts.flatMap((concept) => concept.alternatives.map((alt) => alt.term))),
  ]
    .filter((term) => term.length >= 2)
    .sort((a, b) => b.length - a.length);
  const termMarks: Highlight[] = [];
  for (const term of terms) {
    let from = 0;
    while (true) {
      const at = folded.indexOf(term, from);
      if (at < 0) break;
      termMarks.push({ start: at, end: at + term.length, kind: "term" });
      from = at + term.length;
    }
  }
  const marks: Highlight[] = [
    ...askedFigures(figuresIn(excerpt), question, folded, termMarks).map((figure) => ({
      start: figure.start,
      end: figure.end,
      kind: "number" as const,
    })),
    ...termMarks,
  ];
  marks.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const merged: Highlight[] = [];
  for (const mark of marks) {
    const last = merged.at(-1);
    if (last && mark.start < last.end) continue;
    merged.push(mark);
  }
  return merged;
}
