import { InlineKeyboard } from "grammy";
import { callbackData, fitsCallbackData } from "./callback-data.js";

/** Example questions as buttons, one per row (Chinese questions are too long to sit side by side). */
export function exampleKeyboard(examples: readonly string[]): InlineKeyboard {
  return InlineKeyboard.from(
    examples.map((question, index) => [InlineKeyboard.text(`💬 ${question}`, callbackData.example(index))]),
  );
}

/** One button per report, opening its outline. */
export function reportsKeyboard(
  reports: readonly { id: string; district: string; year: number }[],
): InlineKeyboard {
  const rows = reports
    .map((report) => ({ report, data: callbackData.report(report.id) }))
    .filter(({ data }) => fitsCallbackData(data))
    .map(({ report, data }) => [InlineKeyboard.text(`📖 ${report.district} ${report.year}年 大纲`, data)]);
  return InlineKeyboard.from(rows);
}
