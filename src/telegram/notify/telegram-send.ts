import { Api } from "grammy";
import type { SendNotice } from "./broadcaster.js";

/**
 * An Api for the broadcaster alone, deliberately without the bot's transformers: the throttler would queue
 * a request after the broadcaster claimed it (widening the crash window, see broadcaster.ts) and auto-retry
 * would hide the 429s and 5xx the broadcaster handles itself. The broadcaster paces itself to Telegram's limits.
 */
export function createBroadcastApi(token: string, apiRoot?: string): Api {
  return new Api(token, apiRoot ? { apiRoot } : undefined);
}

export function sendNoticeVia(api: Api): SendNotice {
  return async (chatId, html, keyboard) => {
    const message = await api.sendMessage(chatId, html, {
      parse_mode: "HTML",
      reply_markup: { inline_keyboard: keyboard },
      link_preview_options: { is_disabled: true },
    });
    return { messageId: message.message_id };
  };
}
