/**
 * The whole notification path, for end-to-end tests: the real grammY bot (with the subscription and upload
 * features) polling the Bot API emulator, a real SQLite store, the corpus watcher on a temporary folder,
 * the outbox hook and the broadcaster sending through the same emulator.
 *
 * The emulator does not know getChatMember: a transformer on the bot answers it from `members` (and records
 * the calls in `memberLookups`); every other method goes over HTTP to the emulator.
 */
import type { Bot } from "grammy";
import type { ChatMember } from "grammy/types";
import { loadConfig } from "../../../../src/app/config/config.js";
import { createLogger } from "../../../../src/app/logger.js";
import type { Engine } from "../../../../src/core/domain/engine.js";
import { createEngine } from "../../../../src/core/engine.js";
import { type CorpusWatcher, watchCorpus } from "../../../../src/ingest/watch-corpus.js";
import { openStore, type Store } from "../../../../src/persist/store.js";
import { createBot } from "../../../../src/telegram/bot.js";
import type { BotContext } from "../../../../src/telegram/context.js";
import {
  type AdminUploadOptions,
  adminUploadFeature,
} from "../../../../src/telegram/features/admin-upload.js";
import {
  SUBSCRIPTION_COMMANDS,
  subscriptionsFeature,
} from "../../../../src/telegram/features/subscriptions.js";
import { startPolling } from "../../../../src/telegram/launch.js";
import { announceCorpusEvents } from "../../../../src/telegram/notify/announce-corpus-events.js";
import { Broadcaster } from "../../../../src/telegram/notify/broadcaster.js";
import { createBroadcastApi, sendNoticeVia } from "../../../../src/telegram/notify/telegram-send.js";
import { BotApiServer } from "../../../support/bot-api-server.js";

export interface NotifyHarnessOptions {
  dbFile: string;
  corpusDir: string;
  adminIds?: number[];
  upload?: AdminUploadOptions;
}

export interface NotifyHarness {
  api: BotApiServer;
  bot: Bot<BotContext>;
  engine: Engine;
  store: Store;
  broadcaster: Broadcaster;
  watcher: CorpusWatcher;
  /** user id → status in any group (default "member"). */
  members: Map<number, ChatMember["status"]>;
  memberLookups: Array<{ chatId: number; userId: number }>;
  stop(): Promise<void>;
}

export async function startNotifyHarness(options: NotifyHarnessOptions): Promise<NotifyHarness> {
  const api = await BotApiServer.start({ maxPollMs: 300 });
  const config = loadConfig({
    env: {
      BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      CORPUS_DIR: options.corpusDir,
      ADMIN_IDS: (options.adminIds ?? []).join(","),
      LOG_LEVEL: "silent",
    },
    envFile: null,
  });
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? "silent", secrets: [api.token] });
  const store = openStore({ file: options.dbFile });
  const engine = createEngine([]);
  const bot = createBot({
    engine,
    config,
    logger,
    feedback: store.feedback,
    throttle: { out: { maxConcurrent: 1, minTime: 0 }, group: { maxConcurrent: 1, minTime: 0 } },
    commands: SUBSCRIPTION_COMMANDS,
    features: [
      subscriptionsFeature({ subscriptions: store.subscriptions }),
      adminUploadFeature(options.upload),
    ],
  });
  const members = new Map<number, ChatMember["status"]>();
  const memberLookups: NotifyHarness["memberLookups"] = [];
  bot.api.config.use(async (prev, method, payload, signal) => {
    if (method !== "getChatMember") return prev(method, payload, signal);
    const { chat_id, user_id } = payload as unknown as { chat_id: number; user_id: number };
    memberLookups.push({ chatId: Number(chat_id), userId: user_id });
    const status = members.get(user_id) ?? "member";
    const user = { id: user_id, is_bot: false, first_name: `用户${user_id}` };
    // biome-ignore lint/suspicious/noExplicitAny: a transformer returns the raw API response shape
    return { ok: true, result: { status, user } } as any;
  });
  const running = await startPolling(bot, {
    logger,
    pollTimeoutSeconds: 1,
    extraCommands: SUBSCRIPTION_COMMANDS,
  });
  const broadcaster = new Broadcaster({
    store,
    send: sendNoticeVia(createBroadcastApi(api.token, api.apiRoot)),
    limits: { globalPerSecond: 100, perChatIntervalMs: 200, groupPerMinute: 20 },
    idlePollMs: 500,
  }).start();
  const watcher = watchCorpus({ corpusDir: options.corpusDir, engine, stabilityMs: 100, pollMs: 20 });
  await watcher.ready;
  const unhook = announceCorpusEvents(watcher, { store, wake: () => broadcaster.wake() });
  return {
    api,
    bot,
    engine,
    store,
    broadcaster,
    watcher,
    members,
    memberLookups,
    stop: async () => {
      unhook();
      await watcher.close();
      await broadcaster.stop();
      await running.stop();
      await api.stop();
      store.close();
    },
  };
}
