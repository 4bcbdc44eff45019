import type { ParsedQuestion } from "./understand.js";

/**
 * Reading a chat's next message against its last question. 「那嘉定呢」, 「2019年呢」, 「还有青浦的呢」 name only
 * a district or a year (or hardly anything besides): they ask the last question again with that changed. A
 * message that says what it asks about stands on its own and is never mixed with the old one.
 */

/** Words that mark a message as elliptical: 那…呢, 还有…呢, 同样, 也是. */
const ELLIPSIS = /^(那|那么|还有|另外|再看看?|换成)|呢[？?]?$|同样|也是/;

export interface FollowUp {
  /** The question to answer: the last one with the new district and/or year put in. */
  question: string;
  /** What changed, for the reply (「按“嘉定区 2017年 招录新教师”理解」). */
  district?: string;
  year?: number;
}

function blankSpans(text: string, spans: readonly { start: number; end: number }[]): string {
  let out = text;
  for (const { start, end } of spans)
    out = `${out.slice(0, start)}${" ".repeat(end - start)}${out.slice(end)}`;
  return out;
}

/**
 * The follow-up reading of `current` (parsed) against the previous question (parsed), or undefined when
 * `current` stands on its own.
 */
export function readFollowUp(
  current: ParsedQuestion,
  previous: ParsedQuestion,
  covers: (district: string, year: number) => boolean,
): FollowUp | undefined {
  if (previous.concepts.length === 0) return undefined;
  const newPlace = current.places[0];
  const newYear = current.reportYears[0];
  if (!newPlace && newYear === undefined) return undefined;
  const elliptical = ELLIPSIS.test(current.normalized.trim());
  // Content of its own (beyond one word) means the message is a question of its own.
  if (current.concepts.length > (elliptical ? 1 : 0)) return undefined;

  const oldPlace = previous.places[0];
  const district = newPlace?.names[0] ?? oldPlace?.names[0];
  // Another district keeps the year asked before only where that district has a report for it.
  const oldYear = previous.reportYears[0];
  const year =
    newYear ??
    (oldYear !== undefined && (!newPlace || (district && covers(district, oldYear))) ? oldYear : undefined);
  const rest = blankSpans(previous.normalized, [
    ...previous.places,
    ...previous.years.filter((mention) => !mention.inContent),
  ])
    .replace(/\s+/g, " ")
    .trim();
  const place = newPlace?.written ?? oldPlace?.written ?? "";
  return {
    question: `${place}${year !== undefined ? `${year}年` : ""}${rest}`,
    ...(district ? { district } : {}),
    ...(year !== undefined ? { year } : {}),
  };
}
