import { InlineKeyboard } from "grammy";
import { callbackData, fitsCallbackData } from "./callback-data.js";

/** Example questions as buttons, one per row (Chinese questions are too long to sit side by side). */
export function exampleKeyboard(examples: readonly string[]): InlineKeyboard {
  return InlineKeyboard.from(
    examples.map((question, index) => [InlineKeyboard.text(`💬 ${question}`, callbackData.example(index))]),
  );
}

/** One button per report of the page, opening its outline, and the page turners. */
export function reportsKeyboard(
  reports: readonly { id: string; district: string; year: number }[],
  page = 0,
  perPage = reports.length || 1,
): InlineKeyboard {
  const pages = Math.ceil(reports.length / perPage);
  const rows = reports
    .slice(page * perPage, (page + 1) * perPage)
    .map((report) => ({ report, data: callbackData.report(report.id) }))
    .filter(({ data }) => fitsCallbackData(data))
    .map(({ report, data }) => [InlineKeyboard.text(`📖 ${report.district} ${report.year}年 大纲`, data)]);
  const turners = [
    ...(page > 0 ? [InlineKeyboard.text("◀ 上一页", callbackData.reportPage(page - 1))] : []),
    ...(page + 1 < pages ? [InlineKeyboard.text("下一页 ▶", callbackData.reportPage(page + 1))] : []),
  ];
  return InlineKeyboard.from(turners.length ? [...rows, turners] : rows);
}
