import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type RunnerHandle, run } from "@grammyjs/runner";
import { type Bot, webhookCallback } from "grammy";
import type { BotCommand } from "grammy/types";
import type { Logger } from "../log/logger.js";
import { registerCommands } from "./commands.js";
import type { BotContext } from "./context.js";

export interface Running {
  /** Stops taking updates and lets the ones in flight finish. */
  stop(): Promise<void>;
}

export interface LaunchOptions {
  logger: Logger;
  /** Commands added by extra features, shown in the menu after the built-in ones. */
  extraCommands?: readonly BotCommand[];
}

/** Long polling through @grammyjs/runner: updates of different chats are handled concurrently. */
export async function startPolling(
  bot: Bot<BotContext>,
  options: LaunchOptions & { pollTimeoutSeconds?: number },
): Promise<Running & { runner: RunnerHandle }> {
  await bot.init();
  // A webhook left from an earlier run would make getUpdates fail with 409 Conflict.
  await bot.api.deleteWebhook();
  await registerCommands(bot.api, options.extraCommands);
  const runner = run(bot, { runner: { fetch: { timeout: options.pollTimeoutSeconds ?? 30 } } });
  options.logger.info({ bot: bot.botInfo.username, mode: "polling" }, "bot started");
  return {
    runner,
    stop: async () => {
      if (runner.isRunning()) await runner.stop();
    },
  };
}

export interface WebhookOptions extends LaunchOptions {
  /** Public URL Telegram posts to; its path is the one the server answers on. */
  url: string;
  port: number;
  /** Defaults to all interfaces: a reverse proxy or Telegram must reach it. Tests pass 127.0.0.1. */
  host?: string;
  /** Secret Telegram echoes in a header; generated when not configured (set anew with setWebhook at each start). */
  secret?: string;
  /**
   * Calls setWebhook (given as `setWebhook`) or decides it is not needed: several instances behind one URL
   * let one of them register it (see registerWebhookOnce). Default: always call it.
   */
  register?: (setWebhook: () => Promise<void>) => Promise<void>;
}

/** Webhook mode: a node:http server on `port` hands Telegram's POSTs to grammY, checking the secret token. */
export async function startWebhook(
  bot: Bot<BotContext>,
  options: WebhookOptions,
): Promise<Running & { server: Server; port: number }> {
  await bot.init();
  const secret = options.secret ?? randomBytes(24).toString("base64url");
  const path = new URL(options.url).pathname;
  const handle = webhookCallback(bot, "http", {
    secretToken: secret,
    onTimeout: "return",
    timeoutMilliseconds: 9_000,
  });
  const server = createServer((request, response) => {
    if (request.method !== "POST" || new URL(request.url ?? "/", "http://localhost").pathname !== path) {
      response.writeHead(404).end();
      return;
    }
    handle(request, response).catch((error: unknown) => {
      options.logger.error({ err: error }, "webhook request failed");
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  await registerCommands(bot.api, options.extraCommands);
  const setWebhook = async () => {
    await bot.api.setWebhook(options.url, { secret_token: secret });
  };
  await (options.register ? options.register(setWebhook) : setWebhook());
  const port = (server.address() as AddressInfo).port;
  options.logger.info({ bot: bot.botInfo.username, mode: "webhook", port }, "bot started");
  return {
    server,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        // The webhook stays registered: Telegram keeps updates for the next start instead of losing them.
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
