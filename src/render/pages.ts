import type { Answer } from "../core/domain/answer.js";

/**
 * Which results each page of an answer shows. One result per page, best first; but when the question names
 * several districts or years, the first page puts the best result of each report side by side, because that
 * comparison is what was asked.
 */
export function paginate(answer: Answer): number[][] {
  if (!answer.found || answer.results.length === 0) return [];
  const first = answer.answer?.result ?? 0;
  const order = [first, ...answer.results.map((_, index) => index).filter((index) => index !== first)];
  const { districts, years } = answer.understanding;
  if (districts.length <= 1 && years.length <= 1) return order.map((index) => [index]);

  const seenReports = new Set<string>();
  const sideBySide: number[] = [];
  for (const index of order) {
    const reportId = answer.results[index]!.report.id;
    if (seenReports.has(reportId)) continue;
    seenReports.add(reportId);
    sideBySide.push(index);
  }
  const rest = order.filter((index) => !sideBySide.includes(index));
  return [sideBySide, ...rest.map((index) => [index])];
}
