/**
 * Every user-facing string of the bot, in one place, so that they share one vocabulary and one punctuation:
 * - quotations in 「」 (never “”), Chinese full-width punctuation;
 * - 报告 for a report, 条目 for an item, 大纲 for a report's outline (never 目录), 原文 for an item's full text;
 * - paging in pairs: 「上一页」/「下一页」 for lists, 「上一条」/「下一条」 for the results of an answer;
 * - no jargon (语料库, 索引, ID are not words for users; an ID is named only where it must be typed).
 */

/** Menu descriptions (Telegram allows 3–256 characters). */
export const COMMAND_TEXT = {
  start: "开始使用，查看示例问题",
  help: "使用说明",
  ask: "提问，如 /ask 青浦2020年招录新教师多少名",
  reports: "收录的报告，可加区名或年份：/reports 青浦",
  report: "查看报告大纲：/report 报告ID",
  item: "查看条目原文：/item 条目ID",
  about: "关于本机器人",
  subscribe: "订阅新报告通知，可加区名：/subscribe 青浦",
  unsubscribe: "取消订阅，可加区名：/unsubscribe 青浦",
  subscriptions: "查看本聊天的订阅",
} as const;
