/**
 * Starts the real grammY bot against the HTTP Bot API emulator, with the real engine over the shipped corpus.
 * One corpus load per test file (it is the slow part); one emulator and bot per test, so tests stay independent.
 */
import { resolve } from "node:path";
import type { Bot } from "grammy";
import { loadConfig } from "../../src/app/config/config.js";
import { createLogger } from "../../src/app/logger.js";
import type { Engine } from "../../src/core/domain/engine.js";
import type { Report } from "../../src/core/domain/report.js";
import { createEngine } from "../../src/core/engine.js";
import { loadCorpus } from "../../src/ingest/load-corpus.js";
import { type CreateBotOptions, createBot } from "../../src/telegram/bot.js";
import type { BotContext } from "../../src/telegram/context.js";
import { MemoryFeedbackSink } from "../../src/telegram/feedback.js";
import { type Running, startPolling } from "../../src/telegram/launch.js";
import {
  BotApiServer,
  type BotApiServerOptions,
  type Button,
  buttonsOf,
  type Chat,
  type Message,
  type User,
} from "../support/bot-api-server.js";

export const CORPUS_DIR = resolve(import.meta.dirname, "../../corpus");

let corpus: Promise<Report[]> | undefined;

/** The shipped reports, loaded once per test file. */
export function corpusReports(): Promise<Report[]> {
  corpus ??= loadCorpus(CORPUS_DIR).then(({ reports, failures }) => {
    if (failures.length) throw new Error(`corpus failed to load: ${JSON.stringify(failures)}`);
    return reports;
  });
  return corpus;
}

export async function realEngine(): Promise<Engine> {
  return createEngine(await corpusReports());
}

/** Throttling as in production but without the 1 s per-chat spacing, so multi-step tests run fast. */
export const FAST_THROTTLE = {
  out: { maxConcurrent: 1, minTime: 0 },
  group: { maxConcurrent: 1, minTime: 0 },
} as const;

export interface Harness {
  api: BotApiServer;
  bot: Bot<BotContext>;
  engine: Engine;
  feedback: MemoryFeedbackSink;
  running: Running;
  stop(): Promise<void>;
}

export async function startHarness(
  options: Partial<Omit<CreateBotOptions, "config" | "logger">> & {
    server?: BotApiServerOptions;
    /** An emulator already running (a restarted bot finds the chats and messages it left); not stopped. */
    api?: BotApiServer;
  } = {},
): Promise<Harness> {
  const api = options.api ?? (await BotApiServer.start({ maxPollMs: 500, ...options.server }));
  const engine = options.engine ?? (await realEngine());
  const feedback = new MemoryFeedbackSink();
  const config = loadConfig({
    env: { BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot, LOG_LEVEL: "silent" },
    envFile: null,
  });
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? "silent", secrets: [api.token] });
  const bot = createBot({
    throttle: FAST_THROTTLE,
    feedback,
    ...options,
    engine,
    config,
    logger,
  });
  const running = await startPolling(bot, { logger, pollTimeoutSeconds: 1 });
  return {
    api,
    bot,
    engine,
    feedback,
    running,
    stop: async () => {
      await running.stop();
      if (!options.api) await api.stop();
    },
  };
}

/** 青浦区 → 青浦, as people type it. */
export function shortDistrict(district: string): string {
  return district.replace(/(区|县|市)$/, "");
}

/** The compact citation under an answer (青浦区2020年工作总结 · 第5部分 · 第29条): how a test knows an answer. */
export const COMPACT_CITATION = /📄 \S+年工作(总结|计划) · (工作计划 · )?第\d+部分 · /;

/** A new user and their private chat with the bot. */
export function privateUser(h: Harness, id: number): { user: User; chat: Chat } {
  const user = h.api.user(id);
  return { user, chat: h.api.privateChat(user) };
}

/** The user sends text and gets the bot's next message. */
export async function sayTo(h: Harness, chat: Chat, user: User, text: string): Promise<Message> {
  const mark = h.api.mark();
  h.api.sendText(chat, user, text);
  return h.api.waitForMessage(chat.id, { after: mark });
}

/** The button of `message` whose label matches, or a failure that shows the keyboard there is. */
export function buttonLabelled(message: Message, label: RegExp): Button {
  const button = buttonsOf(message).find((b) => label.test(b.text));
  if (!button) throw new Error(`no button ${label} on ${JSON.stringify(message.reply_markup)}`);
  return button;
}
