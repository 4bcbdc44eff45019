import type { Api } from "grammy";
import type { BotCommand } from "grammy/types";

/** The command menu, in Chinese; the same list feeds /help so the two never disagree. */
export const COMMANDS: readonly BotCommand[] = [
  { command: "start", description: "开始使用，查看示例问题" },
  { command: "help", description: "使用说明" },
  { command: "ask", description: "提问（群聊中使用），如 /ask 青浦2020年招录新教师多少名" },
  { command: "reports", description: "收录的报告" },
  { command: "report", description: "查看报告大纲：/report 报告ID" },
  { command: "item", description: "查看条目原文：/item 条目ID" },
  { command: "about", description: "关于本机器人" },
];

/** Registers the menu for every chat (private chats and groups alike). */
export async function registerCommands(api: Api, extra: readonly BotCommand[] = []): Promise<void> {
  await api.setMyCommands([...COMMANDS, ...extra]);
}
