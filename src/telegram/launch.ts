import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type RunnerHandle, run } from "@grammyjs/runner";
import { type Bot, GrammyError, HttpError, webhookCallback } from "grammy";
import type { Config } from "../app/config/config.js";
import type { Logger } from "../app/logger.js";
import { type MenuCommand, registerCommands } from "./commands.js";
import type { BotContext } from "./context.js";
import { describeFailure } from "./network.js";

export interface Running {
  /** Stops taking updates and lets the ones in flight finish. */
  stop(): Promise<void>;
}

export interface LaunchOptions {
  logger: Logger;
  /**
   * Polling stopped for good (401: the token was revoked; 409: another instance polls with it). Told once,
   * with a message that says what to do; `npm start` stops cleanly on it. Without it, the error is logged.
   */
  onFatal?: (error: FatalApiError) => void;
  /** TELEGRAM_API_ROOT, named when it cannot be reached. */
  apiRoot?: string;
  /** Commands added by extra features, shown in the menu after the built-in ones. */
  extraCommands?: readonly MenuCommand[];
}

/** The Bot API refused the bot for good, or could not be reached at start-up: what happened and what to do. */
export class FatalApiError extends Error {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
    this.name = "FatalApiError";
  }
}

/** A message a person can act on, for an error that stops the bot. */
export function explainFatal(error: unknown, apiRoot: string): FatalApiError {
  const reason = describeFailure(error);
  if (error instanceof GrammyError && error.error_code === 401)
    return new FatalApiError(
      "Telegram 拒绝了 BOT_TOKEN（401 Unauthorized）：令牌无效或已被撤销，请在 @BotFather 重新获取",
      reason,
    );
  if (error instanceof GrammyError && error.error_code === 409)
    return new FatalApiError(
      "另一个实例正在使用同一个 BOT_TOKEN 接收消息（409 Conflict）：请先停止另一个实例（或删除它的 webhook）",
      reason,
    );
  if (error instanceof HttpError)
    return new FatalApiError(
      `无法连接 Telegram Bot API（${apiRoot}）：${reason}；请检查网络或 TELEGRAM_API_ROOT`,
      reason,
    );
  return new FatalApiError(`Telegram Bot API 出错：${reason}`, reason);
}

/**
 * `bot.init()` retries getMe forever on a network error, without a word: start-up against an unreachable
 * API would hang. getMe is called here instead, through the bot's bounded, logged retries (network.ts).
 */
async function initBounded(bot: Bot<BotContext>): Promise<void> {
  if (!bot.isInited()) bot.botInfo = await bot.api.getMe();
  await bot.init();
}

/** Long polling through @grammyjs/runner: updates of different chats are handled concurrently. */
export async function startPolling(
  bot: Bot<BotContext>,
  options: LaunchOptions & { pollTimeoutSeconds?: number },
): Promise<Running & { runner: RunnerHandle }> {
  const apiRoot = options.apiRoot ?? "https://api.telegram.org";
  try {
    await initBounded(bot);
    // A webhook left from an earlier run would make getUpdates fail with 409 Conflict.
    await bot.api.deleteWebhook();
    await registerCommands(bot.api, options.extraCommands);
  } catch (error) {
    // Start-up gives up after the bounded retries (network.ts) and says why, instead of hanging.
    throw explainFatal(error, apiRoot);
  }
  const runner = run(bot, {
    runner: {
      fetch: { timeout: options.pollTimeoutSeconds ?? 30 },
      // networkRetry already waits (capped) before a failed poll is rethrown, and logs it: the runner polls
      // again at once, for as long as it takes, without printing raw errors to the console.
      retryInterval: 100,
      maxRetryTime: Number.POSITIVE_INFINITY,
      silent: true,
    },
  });
  // 401/409 end the runner's task: a clear message and a clean stop, never an unhandled rejection.
  runner.task()?.catch((error: unknown) => {
    const fatal = explainFatal(error, apiRoot);
    options.logger.error({ reason: fatal.reason }, fatal.message);
    options.onFatal?.(fatal);
  });
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

/** Webhook options as the configuration gives them (WEBHOOK_URL, PORT, HOST, WEBHOOK_SECRET). */
export function webhookOptionsFrom(
  config: Pick<Config, "webhookUrl" | "port" | "host" | "webhookSecret">,
  launch: LaunchOptions,
): WebhookOptions {
  if (!config.webhookUrl) throw new Error("webhook mode needs WEBHOOK_URL");
  return {
    ...launch,
    url: config.webhookUrl,
    port: config.port,
    ...(config.host ? { host: config.host } : {}),
    ...(config.webhookSecret ? { secret: config.webhookSecret } : {}),
  };
}

/** Webhook mode: a node:http server on `port` hands Telegram's POSTs to grammY, checking the secret token. */
export async function startWebhook(
  bot: Bot<BotContext>,
  options: WebhookOptions,
): Promise<Running & { server: Server; port: number }> {
  try {
    await initBounded(bot);
  } catch (error) {
    throw explainFatal(error, options.apiRoot ?? "https://api.telegram.org");
  }
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
