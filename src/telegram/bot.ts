import { type AutoRetryOptions, autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { type APIThrottlerOptions, apiThrottler } from "@grammyjs/transformer-throttler";
import { Bot, type Composer, type StorageAdapter, session } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { type Config, requireBotToken } from "../app/config/config.js";
import type { Logger } from "../app/logger.js";
import type { Engine } from "../core/domain/engine.js";
import { AnswerCache, type AnswerStore } from "./answer-cache.js";
import { boundChatQueues, type ChatQueueOptions, DEFAULT_CHAT_QUEUE } from "./chat-queue.js";
import type { MenuCommand } from "./commands.js";
import type { BotContext, BotServices, ChatSession } from "./context.js";
import { handleUpdateError } from "./error-boundary.js";
import { exampleQuestions } from "./examples.js";
import { askFeature } from "./features/ask.js";
import { inlineFeature } from "./features/inline.js";
import { reportsFeature } from "./features/reports.js";
import { resultsFeature } from "./features/results.js";
import { startFeature } from "./features/start.js";
import { unknownCallbackFeature, unknownCommandFeature } from "./features/unknown-command.js";
import { type FeedbackSink, MemoryFeedbackSink } from "./feedback.js";
import { type NetworkRetryOptions, networkRetry } from "./network.js";
import { DEFAULT_RATE_LIMIT, type RateLimitOptions, rateLimit } from "./rate-limit.js";

export interface CreateBotOptions {
  engine: Engine;
  config: Config;
  logger: Logger;
  /** Where 👍/👎 go; in memory by default. */
  feedback?: FeedbackSink;
  /** grammY session storage for each chat's conversation (SQLite or PostgreSQL); in memory by default. */
  sessions?: StorageAdapter<unknown>;
  /**
   * More features (subscriptions, admin uploads…), mounted inside the error boundary after the built-in commands
   * and before the catch-alls (any private text is a question; an unknown command gets help), so their commands
   * and message handlers are reached first.
   */
  features?: Composer<BotContext>[];
  /** The commands those features add (in the menu, see launch's extraCommands), so that /help lists them too. */
  commands?: readonly MenuCommand[];
  /** While the corpus loads, how far it got (CorpusLoad.loadingNote); never loading by default. */
  loading?: () => string | undefined;
  /** Settles when the load ends (CorpusLoad.ready); already settled by default. */
  loaded?: Promise<unknown>;
  /** Where answers wait for their buttons; in memory by default (PostgreSQL when instances share the bot). */
  answers?: AnswerStore;
  /**
   * Runs around each update inside this process's per-chat queue, e.g. a per-chat lock in PostgreSQL so that
   * two instances never handle updates of one chat at the same time.
   */
  chatLock?: (chatId: number, handle: () => Promise<void>) => Promise<void>;
  /** Known bot identity: skips getMe at init (for `bot.handleUpdate` without a server). */
  botInfo?: UserFromGetMe;
  /** Outgoing-rate throttling, on by default with Telegram's limits; `false` only for benchmarks. */
  throttle?: APIThrottlerOptions | false;
  rateLimit?: RateLimitOptions | false;
  /** Bound on each chat's queue of waiting updates (see boundChatQueues); `false` only for benchmarks. */
  chatQueue?: ChatQueueOptions | false;
  autoRetry?: Partial<AutoRetryOptions>;
  /** Retries of network errors and 5xx (bounded, logged); see network.ts. */
  networkRetry?: NetworkRetryOptions;
  /**
   * Longest any Bot API call may take (a long poll included) before it counts as a network failure: a
   * connection that is silently dropped would otherwise hang a call for grammY's default of 500 s.
   */
  apiTimeoutSeconds?: number;
}

export function createBot(options: CreateBotOptions): Bot<BotContext> {
  const { engine, config, logger } = options;
  const bot = new Bot<BotContext>(requireBotToken(config), {
    client: { apiRoot: config.telegramApiRoot, timeoutSeconds: options.apiTimeoutSeconds ?? 50 },
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });

  // Transformers wrap in reverse order of installation: auto-retry is outermost, so every retry is throttled too.
  // auto-retry only waits out 429s; network errors and 5xx are retried by networkRetry, bounded and logged.
  if (options.throttle !== false) bot.api.config.use(apiThrottler(options.throttle ?? {}));
  bot.api.config.use(networkRetry(logger, options.networkRetry));
  bot.api.config.use(
    autoRetry({
      maxRetryAttempts: 3,
      maxDelaySeconds: 60,
      rethrowHttpErrors: true,
      rethrowInternalServerErrors: true,
      ...options.autoRetry,
    }),
  );

  const services: BotServices = {
    engine,
    config,
    logger,
    feedback: options.feedback ?? new MemoryFeedbackSink(),
    answers: options.answers ?? new AnswerCache(),
    examples: cachedExamples(engine),
    loading: options.loading ?? (() => undefined),
    commands: options.commands ?? [],
    loaded: (options.loaded ?? Promise.resolve()).catch(() => {}),
  };

  // Fairness comes before ordering: the per-user rate limit and the bound on a chat's queue see each update
  // the moment it arrives, so a flood is dropped at once instead of waiting in `sequentialize` (where it
  // would hold the runner's slots, and the limit would only see it as slowly as the chat is answered).
  if (options.rateLimit !== false) bot.use(rateLimit(options.rateLimit ?? DEFAULT_RATE_LIMIT));
  if (options.chatQueue !== false) bot.use(boundChatQueues(options.chatQueue ?? DEFAULT_CHAT_QUEUE));
  // Updates of one chat run in order (paging edits, multi-part items); different chats run concurrently.
  bot.use(sequentialize((ctx: BotContext) => ctx.chat?.id.toString()));
  const { chatLock } = options;
  if (chatLock) bot.use((ctx, next) => (ctx.chat ? chatLock(ctx.chat.id, next) : next()));
  bot.use((ctx, next) => {
    ctx.services = services;
    return next();
  });
  // Each chat's conversation (its last question) survives restarts: in memory only when no storage is given.
  bot.use(
    session({
      initial: (): ChatSession => ({}),
      getSessionKey: (ctx) => ctx.chat?.id.toString(),
      ...(options.sessions ? { storage: options.sessions as StorageAdapter<ChatSession> } : {}),
    }),
  );
  bot.use(timing(logger));

  const guarded = bot.errorBoundary(handleUpdateError);
  guarded.use(startFeature, reportsFeature, resultsFeature, inlineFeature);
  for (const feature of options.features ?? []) guarded.use(feature);
  guarded.use(askFeature, unknownCommandFeature, unknownCallbackFeature);

  // Last resort for anything outside the boundary: log it, never crash the runner.
  bot.catch((error) =>
    logger.error({ err: error.error, update_id: error.ctx.update.update_id }, "unhandled bot error"),
  );
  return bot;
}

/** Examples the engine really answers, recomputed only when the corpus changes. */
function cachedExamples(engine: Engine): () => string[] {
  let key = "";
  let examples: string[] = [];
  return () => {
    const coverage = engine.coverage();
    const current = coverage.map((c) => c.reportId).join(",");
    if (current !== key) {
      key = current;
      examples = exampleQuestions(coverage, 8)
        .filter((question) => engine.ask(question, { top: 1 }).found)
        .slice(0, 4);
    }
    return examples;
  };
}

function timing(logger: Logger) {
  return async (ctx: BotContext, next: () => Promise<void>) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      logger.debug(
        {
          update_id: ctx.update.update_id,
          type: Object.keys(ctx.update).find((k) => k !== "update_id"),
          ms: +(performance.now() - started).toFixed(2),
        },
        "update handled",
      );
    }
  };
}
