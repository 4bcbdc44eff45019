import { InlineKeyboard } from "grammy";
import { BUTTON } from "../render/strings.js";
import { callbackData, fitsCallbackData } from "./callback-data.js";

/** Example questions as buttons, one per row (Chinese questions are too long to sit side by side). */
export function exampleKeyboard(examples: readonly string[]): InlineKeyboard {
  return InlineKeyboard.from(
    examples.map((question, index) => [
      InlineKeyboard.text(BUTTON.example(question), callbackData.example(index)),
    ]),
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
    .map(({ report, data }) => [
      InlineKeyboard.text(BUTTON.reportOutline(report.district, report.year), data),
    ]);
  const turners = [
    ...(page > 0 ? [InlineKeyboard.text(BUTTON.previousPage, callbackData.reportPage(page - 1))] : []),
    ...(page + 1 < pages ? [InlineKeyboard.text(BUTTON.nextPage, callbackData.reportPage(page + 1))] : []),
  ];
  return InlineKeyboard.from(turners.length ? [...rows, turners] : rows);
}
