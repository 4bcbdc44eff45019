/**
 * Re-draws the figures inside a passage so that no synthetic report repeats a real one's facts, while keeping
 * the shape a reader (and the answer ranking) relies on: the unit, the 余/近 qualifier, decimals, thousands
 * separators. Years move with the report's year; labels (“12345”热线, 《…2.0行动计划》, 1+8) stay as written.
 */
import type { Rng } from "./prng.js";

export interface FigureContext {
  /** Report year minus source year: every year in the text moves by this much. */
  yearShift: number;
}

const NUMBER = /\d+(?:,\d{3})*(?:\.\d+)?/g;
/** Quoted names and document titles: figures inside them are labels, not counts. */
const LABEL_SPAN = /“[^”]*”|《[^》]*》|"[^"]*"/g;
const FIVE_YEAR_PLANS = ["十一五", "十二五", "十三五", "十四五", "十五五"];

function labelSpans(text: string): [number, number][] {
  return [...text.matchAll(LABEL_SPAN)].map((match) => [match.index, match.index + match[0].length]);
}

function isYear(value: string, before: string, after: string): boolean {
  if (!/^(19[89]\d|20[0-3]\d)$/.test(value)) return false;
  return /^(年|-|—|－|~|～|\)|）|学年)/.test(after) || /[-—－(（~～]$/.test(before);
}

/** A different value of about the same size, so counts stay plausible (a handful stays a handful). */
export function redrawInteger(value: number, rng: Rng): number {
  if (value <= 10) {
    let next = rng.int(1, Math.max(4, value * 2 + 2));
    if (next === value) next = value + 1;
    return next;
  }
  for (let attempt = 0; attempt < 4; attempt++) {
    const next = Math.round(value * (0.45 + rng.next() * 1.3));
    if (next !== value && next > 0) return next;
  }
  return value + 1;
}

function redrawPercentage(value: number, decimals: number, rng: Rng): number {
  const scale = 10 ** decimals;
  const low = value >= 90 ? 85 : Math.max(1, value * 0.75);
  const high = value >= 95 ? 99.9 : Math.min(99.9, value * 1.15);
  for (let attempt = 0; attempt < 4; attempt++) {
    const next = Math.round((low + rng.next() * (high - low)) * scale) / scale;
    if (next !== value) return next;
  }
  return value === 1 ? 2 : value - 1;
}

function formatLike(original: string, value: number): string {
  const decimals = original.includes(".") ? original.split(".")[1]!.length : 0;
  const fixed = value.toFixed(decimals);
  if (!original.includes(",")) return fixed;
  const [whole, fraction] = fixed.split(".");
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

function redrawFigure(original: string, after: string, rng: Rng): string {
  const value = Number(original.replace(/,/g, ""));
  const decimals = original.includes(".") ? original.split(".")[1]!.length : 0;
  if (/^[%％]/.test(after)) return formatLike(original, redrawPercentage(value, decimals, rng));
  if (decimals > 0) {
    const scale = 10 ** decimals;
    let next = Math.round(value * (0.45 + rng.next() * 1.3) * scale) / scale;
    if (next === value || next <= 0) next = value + 1;
    return formatLike(original, next);
  }
  return formatLike(original, redrawInteger(value, rng));
}

function shiftPlan(plan: string, yearShift: number): string {
  const index = FIVE_YEAR_PLANS.indexOf(plan);
  // A plan spans five years: moving the report by one five-year period moves the plan named in it.
  const moved = index + Math.round(yearShift / 5);
  return FIVE_YEAR_PLANS[Math.max(0, Math.min(FIVE_YEAR_PLANS.length - 1, moved))]!;
}

export function mutateFigures(text: string, rng: Rng, context: FigureContext): string {
  const labels = labelSpans(text);
  const insideLabel = (index: number) => labels.some(([start, end]) => index > start && index < end);
  const withFigures = text.replace(NUMBER, (match, offset: number) => {
    const before = text.slice(Math.max(0, offset - 1), offset);
    const after = text.slice(offset + match.length, offset + match.length + 2);
    if (isYear(match, before, after)) return String(Number(match) + context.yearShift);
    if (insideLabel(offset)) return match;
    // 第35届 / 第36个教师节: editions count up with the years.
    if (before === "第" && /^(届|个)/.test(after))
      return String(Math.max(1, Number(match) + context.yearShift));
    // 1+8 机制, 4·30 行动, 0-3 岁, 2.0 版: parts of a name or a range, not a quantity.
    if (/[+＋·.\-－~～]/.test(before) || /^[+＋·\-－~～]/.test(after) || /^\.\D/.test(after)) return match;
    if (/[A-Za-z]/.test(before) || /^[A-Za-z]/.test(after)) return match;
    return redrawFigure(match, after, rng);
  });
  return withFigures.replace(/十[一二三四五]五/g, (plan) => shiftPlan(plan, context.yearShift));
}
