import type { Answer, Highlight, Result } from "../core/domain/answer.js";
import type { Coverage, LocatedItem } from "../core/domain/engine.js";
import { itemFullText, type Report, reportMeta } from "../core/domain/report.js";
import { citationText, compactCitationText } from "./citation.js";
import { escapeHtml } from "./escape.js";
import { chineseDate, itemHeading, sectionHeading } from "./labels.js";
import { coverageUnnamed, describeReasons } from "./reasons.js";
import { COVERAGE, NOT_FOUND, REPORTS, WORDS } from "./strings.js";

/**
 * Telegram HTML for everything the bot shows. Every string that comes from a user or a report goes through
 * `escapeHtml`; only the tags written here are markup.
 */

/** The excerpt with its matched terms and numbers in bold; bad or overlapping spans are merged, never trusted. */
export function highlightedExcerpt(excerpt: string, highlights: readonly Highlight[]): string {
  const spans = mergeSpans(highlights, excerpt.length);
  let html = "";
  let at = 0;
  for (const { start, end } of spans) {
    html += `${escapeHtml(excerpt.slice(at, start))}<b>${escapeHtml(excerpt.slice(start, end))}</b>`;
    at = end;
  }
  return html + escapeHtml(excerpt.slice(at));
}

function mergeSpans(highlights: readonly Highlight[], length: number): { start: number; end: number }[] {
  const spans = highlights
    .map((h) => ({
      start: Math.max(0, Math.min(h.start, length)),
      end: Math.max(0, Math.min(h.end, length)),
    }))
    .filter((span) => span.end > span.start)
    .sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/** The short citation under an answer; the full one is in the item's view (查看原文). */
export function citationHtml(result: Result): string {
  return `📄 ${escapeHtml(compactCitationText(result))}`;
}

/** One result as a message body: the answering sentence, then where it comes from. */
export function resultHtml(result: Result): string {
  return `${highlightedExcerpt(result.excerpt, result.highlights)}\n\n${citationHtml(result)}`;
}

export interface AnswerPageView {
  answer: Answer;
  /** Indexes into `answer.results` shown on this page. */
  results: readonly number[];
  page: number;
  pages: number;
}

/** A page of an answer: one result, or several side by side when the question spans reports. */
export function answerPageHtml({ answer, results, page, pages }: AnswerPageView): string {
  const bodies = results
    .map((index) => answer.results[index])
    .filter((result): result is Result => !!result)
    .map((result) =>
      results.length > 1
        ? `<b>${escapeHtml(`${result.report.district} ${result.report.year}年`)}</b>\n${resultHtml(result)}`
        : resultHtml(result),
    );
  const lines = [bodies.join("\n\n")];
  const why = describeReasons(answer.reasons, answer.note);
  if (why) lines.push(`ℹ️ ${escapeHtml(why)}`);
  if (pages > 1) lines.push(`<i>${WORDS.resultOf(page + 1, pages)}</i>`);
  return lines.join("\n\n");
}

/**
 * Nothing relevant: say so, echo the question literally, say what the corpus covers. No guessing. While
 * the corpus loads (`loading`: how far it got) the answer's note says so and the partial coverage is not
 * listed.
 */
export function notFoundHtml(
  question: string,
  answer: Answer,
  coverage: readonly Coverage[],
  options: { loading?: string; examples?: boolean } = {},
): string {
  // A district several cities have: which one, and nothing else (the choices are buttons).
  const ambiguous = answer.reasons.find((r) => r.kind === "ambiguous-district" && r.divisions);
  if (ambiguous) return `${escapeHtml(describeReasons([ambiguous])!)}\n\n${NOT_FOUND.chooseDistrict}`;
  const lines = [escapeHtml(NOT_FOUND.heading(clip(question, 80)))];
  const why = describeReasons(answer.reasons, answer.note);
  if (why) lines.push(escapeHtml(why));
  // Nothing is thrown away: the nearest items, marked as such.
  const related = answer.results.slice(0, 3).map((result) => resultHtml(result));
  if (related.length > 0) lines.push(`<b>${WORDS.related}</b>\n${related.join("\n\n")}`);
  else if (!options.loading) {
    // What there is instead: said once. A short coverage line in the reason names the districts; past a few,
    // the reply summarises them by province and names the latest reports.
    const named = answer.reasons.some((r) => r.kind === "district-not-covered" && !coverageUnnamed(r));
    if (!named) lines.push(coverageHtml(coverage));
  }
  lines.push(options.examples === false ? NOT_FOUND.tryAgain : NOT_FOUND.tryAgainOrExample);
  return lines.join("\n\n");
}

/** What the corpus covers; while it loads, how far it got (never "no reports" then). */
export function coverageHtml(coverage: readonly Coverage[], loading?: string): string {
  if (loading) {
    return coverage.length === 0
      ? escapeHtml(COVERAGE.loadingWait(loading))
      : `${escapeHtml(COVERAGE.loadingSoFar(loading))}\n${coverageRows(coverage)}`;
  }
  if (coverage.length === 0) return COVERAGE.none;
  if (coverage.length > LISTED_REPORTS) return coverageSummaryHtml(coverage);
  return `${COVERAGE.listed}\n${coverageRows(coverage)}`;
}

/** Reports listed one by one in a reply; past this, a summary and a pointer to /reports (which pages). */
const LISTED_REPORTS = 8;
/** Provinces (or cities) named in a summary, and the latest reports shown under it. */
const SUMMARY_PLACES = 8;
const LATEST_REPORTS = 3;

function coverageRows(coverage: readonly Coverage[]): string {
  const rows = coverage
    .slice(0, LISTED_REPORTS)
    .map((c) => escapeHtml(COVERAGE.row(c.district, c.year, c.title)));
  if (coverage.length <= LISTED_REPORTS) return rows.join("\n");
  return `${rows.join("\n")}\n……${COVERAGE.seeAll}`;
}

/**
 * Many reports in a few lines, whatever their number: the totals, the reports counted by province (by city
 * when they all lie in one province), and the latest few. The full list pages through /reports.
 */
export function coverageSummaryHtml(coverage: readonly Coverage[]): string {
  const years = coverage.map((c) => c.year);
  const districts = new Set(coverage.map((c) => c.code ?? c.district)).size;
  const provinces = countBy(coverage, (c) => c.province);
  const kind = provinces.size === 1 && !provinces.has(undefined) ? "city" : "province";
  const places = kind === "city" ? countBy(coverage, (c) => c.city) : provinces;
  const ranked = [...places]
    .sort(([a, x], [b, y]) => (a === undefined ? 1 : b === undefined ? -1 : 0) || y - x || compareZh(a, b))
    .map(([place, count]) => COVERAGE.placeCount(place ?? COVERAGE.otherPlaces, count));
  const shown = ranked.slice(0, SUMMARY_PLACES).join("、");
  const more = ranked.length > SUMMARY_PLACES ? COVERAGE.morePlaces(ranked.length, kind) : "";
  const latest = [...coverage]
    .sort((a, b) => b.year - a.year || compareZh(a.district, b.district))
    .slice(0, LATEST_REPORTS)
    .map((c) => escapeHtml(COVERAGE.row(c.district, c.year, c.title)));
  return [
    escapeHtml(COVERAGE.total(coverage.length, districts, Math.min(...years), Math.max(...years))),
    escapeHtml(`${COVERAGE.byPlace(kind)}${shown}${more}。`),
    `${COVERAGE.latest}\n${latest.join("\n")}`,
    COVERAGE.seeAll,
  ].join("\n");
}

function countBy<T>(
  list: readonly T[],
  key: (entry: T) => string | undefined,
): Map<string | undefined, number> {
  const counts = new Map<string | undefined, number>();
  for (const entry of list) counts.set(key(entry), (counts.get(key(entry)) ?? 0) + 1);
  return counts;
}

function compareZh(a: string | undefined, b: string | undefined): number {
  return (a ?? "").localeCompare(b ?? "", "zh");
}

/** The whole item: heading, where it sits, then its text as printed. May exceed 4096: split before sending. */
export function itemHtml({ report, section, item }: LocatedItem): string {
  const heading = `<b>${escapeHtml(itemHeading(item))}</b>`;
  // The full citation a reader can check: report · part · section · item · publisher, 文号 and date.
  const citation = citationText({
    report: reportMeta(report),
    section: { no: section.no, title: section.title, ...(section.part ? { part: section.part } : {}) },
    item: { no: item.no, title: item.title },
  });
  return `${heading}\n${escapeHtml(REPORTS.source(citation))}\n\n${escapeHtml(itemFullText(item))}`;
}

/** The list of reports the bot answers from (while loading, the ones loaded so far). */
/** Reports per page of /reports: a page and its buttons stay well inside Telegram's limits. */
export const REPORTS_PER_PAGE = 10;

export function reportListHtml(
  reports: readonly Report[],
  loading?: string,
  page = 0,
  perPage = REPORTS_PER_PAGE,
): string {
  if (reports.length === 0) return loading ? escapeHtml(REPORTS.loading(loading)) : COVERAGE.none;
  const pages = Math.ceil(reports.length / perPage);
  const first = page * perPage;
  const rows = reports.slice(first, first + perPage).map((report, offset) => {
    const index = first + offset;
    const items = report.sections.reduce((sum, section) => sum + section.items.length, 0);
    return [
      `${index + 1}. <b>${escapeHtml(`${report.district} · ${report.year}年`)}</b>`,
      `《${escapeHtml(report.title)}》`,
      `${REPORTS.rowStats(report.sections.length, items)} · ${REPORTS.idLabel} <code>${escapeHtml(report.id)}</code>`,
    ].join("\n");
  });
  const status = loading ? `${escapeHtml(REPORTS.loadedSoFar(loading))}\n\n` : "";
  const paging = pages > 1 ? `（${WORDS.pageOf(page + 1, pages)}）` : "";
  return `${status}${REPORTS.heading(reports.length, paging)}\n\n${rows.join("\n\n")}\n\n${REPORTS.footer}`;
}

/**
 * A report's outline: sections and item titles. `itemLink` turns an item reference into a URL (a deep link to
 * the bot); without one the titles are plain text.
 */
export function outlineHtml(
  report: Report,
  refOf: (sectionNo: number, itemNo: string | null) => string,
  itemLink?: (ref: string) => string | undefined,
): string {
  const meta = [
    `${report.district} · ${report.year}年`,
    report.publisher,
    report.date ? chineseDate(report.date) : undefined,
    report.docNo,
  ].filter(Boolean);
  const items = report.sections.reduce((sum, section) => sum + section.items.length, 0);
  const head = [
    `📖 <b>《${escapeHtml(report.title)}》</b>`,
    escapeHtml(meta.join(" · ")),
    REPORTS.outlineStats(report.sections.length, items, itemLink !== undefined),
  ].join("\n");
  const sections = report.sections.map((section) => {
    const rows = section.items.map((item) => {
      const label = escapeHtml(itemHeading(item));
      const url = itemLink?.(refOf(section.no, item.no));
      return url ? `• <a href="${escapeHtml(url)}">${label}</a>` : `• ${label}`;
    });
    return [`<b>${escapeHtml(sectionHeading(section))}</b>`, ...rows].join("\n");
  });
  return [head, ...sections].join("\n\n");
}

function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max).join("")}…`;
}
