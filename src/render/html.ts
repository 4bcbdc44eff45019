import type { Answer, Highlight, Result } from "../core/domain/answer.js";
import type { Coverage, LocatedItem } from "../core/domain/engine.js";
import { itemFullText, type Report } from "../core/domain/report.js";
import { citationText } from "./citation.js";
import { escapeHtml } from "./escape.js";
import { chineseDate, itemHeading, publishedLabel, sectionHeading } from "./labels.js";
import { describeReasons } from "./reasons.js";

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

export function citationHtml(result: Result): string {
  return `📄 ${escapeHtml(citationText(result))}`;
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
  if (pages > 1) lines.push(`<i>结果 ${page + 1}/${pages}</i>`);
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
  const lines = [`🤔 没有在报告中找到「${escapeHtml(clip(question, 80))}」的答案。`];
  const why = describeReasons(answer.reasons, answer.note);
  if (why) lines.push(escapeHtml(why));
  // Nothing is thrown away: the nearest items, marked as such.
  const related = answer.results.slice(0, 3).map((result) => resultHtml(result));
  if (related.length > 0) lines.push(`<b>可能相关</b>\n${related.join("\n\n")}`);
  else if (!options.loading && !answer.reasons.some((reason) => reason.kind === "district-not-covered"))
    lines.push(coverageHtml(coverage));
  lines.push(
    options.examples === false
      ? "可以换个说法，写明区和年份。"
      : "可以换个说法，写明区和年份，或点下面的示例问题试试。",
  );
  return lines.join("\n\n");
}

/** What the corpus covers; while it loads, how far it got (never "no reports" then). */
export function coverageHtml(coverage: readonly Coverage[], loading?: string): string {
  if (loading) {
    return coverage.length === 0
      ? `${escapeHtml(loading)}，请稍候再提问。`
      : `${escapeHtml(loading)}，已经可以查询：\n${coverageRows(coverage)}`;
  }
  if (coverage.length === 0) return "目前还没有收录任何报告。";
  return `目前收录的报告：\n${coverageRows(coverage)}`;
}

/** Reports listed one by one in a reply; past this, a summary and a pointer to /reports (which pages). */
const LISTED_REPORTS = 8;

function coverageRows(coverage: readonly Coverage[]): string {
  const rows = coverage
    .slice(0, LISTED_REPORTS)
    .map((c) => `• ${escapeHtml(`${c.district} ${c.year}年`)}《${escapeHtml(c.title)}》`);
  if (coverage.length <= LISTED_REPORTS) return rows.join("\n");
  const districts = new Set(coverage.map((c) => c.district)).size;
  const years = coverage.map((c) => c.year);
  return `${rows.join("\n")}\n……共 ${coverage.length} 份，覆盖 ${districts} 个区县（${Math.min(...years)}–${Math.max(...years)}年），发送 /reports 查看全部。`;
}

/** The whole item: heading, where it sits, then its text as printed. May exceed 4096: split before sending. */
export function itemHtml({ report, section, item }: LocatedItem): string {
  const heading = `<b>${escapeHtml(itemHeading(item))}</b>`;
  const where = escapeHtml(`《${report.title}》 · ${sectionHeading(section)}`);
  const published = publishedLabel(report);
  const meta = published ? `${where}\n${escapeHtml(published)}` : where;
  return `${heading}\n${meta}\n\n${escapeHtml(itemFullText(item))}`;
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
  if (reports.length === 0) return loading ? `${escapeHtml(loading)}，请稍候。` : "目前还没有收录任何报告。";
  const pages = Math.ceil(reports.length / perPage);
  const first = page * perPage;
  const rows = reports.slice(first, first + perPage).map((report, offset) => {
    const index = first + offset;
    const items = report.sections.reduce((sum, section) => sum + section.items.length, 0);
    return [
      `${index + 1}. <b>${escapeHtml(`${report.district} · ${report.year}年`)}</b>`,
      `《${escapeHtml(report.title)}》`,
      `${report.sections.length} 部分 · ${items} 条 · ID <code>${escapeHtml(report.id)}</code>`,
    ].join("\n");
  });
  const status = loading ? `${escapeHtml(loading)}，以下是已加载的。\n\n` : "";
  const paging = pages > 1 ? `（第 ${page + 1}/${pages} 页）` : "";
  return `${status}📚 <b>收录的报告（${reports.length} 份）${paging}</b>\n\n${rows.join("\n\n")}\n\n点下方按钮查看大纲，或发送 /report ID。`;
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
    `共 ${report.sections.length} 部分、${items} 条${itemLink ? "，点条目标题查看原文" : ""}。`,
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
