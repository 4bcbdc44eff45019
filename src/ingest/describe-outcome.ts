import type { AddOutcome, ReportSummary } from "./add-report.js";

/** One line naming the report as the user will see it cited. */
export function describeReport(summary: ReportSummary): string {
  const plan = summary.planSections > 0 ? `（其中工作计划 ${summary.planSections} 个）` : "";
  return `《${summary.title}》 ${summary.district} · ${summary.year}年 · ${summary.sections} 个部分${plan} · ${summary.items} 条`;
}

/**
 * The answer to "add this report", in the words the command line and the bot both print: what was
 * understood, or why the file was refused and where it was put.
 */
export function describeOutcome(outcome: AddOutcome, fileLabel?: string): string {
  const label = fileLabel ? `${fileLabel}：` : "";
  switch (outcome.status) {
    case "added":
      return `✅ ${label}已添加 ${describeReport(outcome.summary)}\n   保存为 ${outcome.source}`;
    case "updated":
      return `🔄 ${label}已更新 ${describeReport(outcome.summary)}\n   替换了 ${outcome.replaced}，保存为 ${outcome.source}${outcome.replacedKeptAt ? `\n   旧版本已保存到 ${outcome.replacedKeptAt}` : ""}`;
    case "duplicate":
      return `⏭️ ${label}内容与 ${outcome.duplicateOf} 完全相同，已忽略（${describeReport(outcome.summary)}）`;
    case "rejected": {
      const where = outcome.rejectedPath ? `\n   文件已放入 ${outcome.rejectedPath}` : "";
      return `❌ ${label}未能添加：${outcome.reason}${where}`;
    }
  }
}
