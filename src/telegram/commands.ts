import { CommandGroup } from "@grammyjs/commands";
import type { Api, Context } from "grammy";
import { COMMAND_TEXT } from "../render/strings.js";

/** Where a command is offered in the menu (Telegram's command scopes). */
export type MenuPlace = "private" | "group" | "group-admin";

export interface MenuCommand {
  command: string;
  description: string;
  /**
   * Where the menu shows it. `group` means every member of a group (its admins too); `group-admin` only the
   * admins, for what only they may do there (a group's subscriptions).
   */
  where: readonly MenuPlace[];
}

/**
 * The built-in commands. Private chats need no /ask (any text is a question); groups do, since the bot stays
 * quiet there unless addressed. The same list feeds /help, so the menu and the help never disagree.
 */
export const COMMANDS: readonly MenuCommand[] = [
  { command: "start", description: COMMAND_TEXT.start, where: ["private"] },
  { command: "help", description: COMMAND_TEXT.help, where: ["private", "group"] },
  { command: "ask", description: COMMAND_TEXT.ask, where: ["group"] },
  { command: "reports", description: COMMAND_TEXT.reports, where: ["private", "group"] },
  { command: "report", description: COMMAND_TEXT.report, where: ["private", "group"] },
  { command: "item", description: COMMAND_TEXT.item, where: ["private", "group"] },
  { command: "about", description: COMMAND_TEXT.about, where: ["private", "group"] },
];

/** The commands shown in one place, in menu order. */
export function commandsFor(place: MenuPlace, extra: readonly MenuCommand[] = []): MenuCommand[] {
  return [...COMMANDS, ...extra].filter(
    (entry) =>
      entry.where.includes(place) ||
      // A group's admins are group members too: Telegram shows them only the admin scope's list.
      (place === "group-admin" && entry.where.includes("group")),
  );
}

/**
 * The menu as a @grammyjs/commands group: one `setMyCommands` per scope (private chats, groups, group
 * admins). The handlers stay in the features (each mounted where it belongs in the error boundary); the
 * group describes the menu only.
 */
export function commandMenu<C extends Context>(extra: readonly MenuCommand[] = []): CommandGroup<C> {
  const menu = new CommandGroup<C>();
  for (const entry of [...COMMANDS, ...extra]) {
    const command = menu.command(entry.command, entry.description);
    if (entry.where.includes("private")) command.addToScope({ type: "all_private_chats" });
    if (entry.where.includes("group")) command.addToScope({ type: "all_group_chats" });
    if (entry.where.includes("group") || entry.where.includes("group-admin"))
      command.addToScope({ type: "all_chat_administrators" });
  }
  return menu;
}

/**
 * Registers the menu in every scope. An earlier version set one list in the default scope; the narrower
 * scopes set here take precedence over it in every private chat and group, so it needs no clean-up.
 */
export async function registerCommands(api: Api, extra: readonly MenuCommand[] = []): Promise<void> {
  await commandMenu(extra).setCommands({ api });
}
