/**
 * `npm start` with DATABASE_URL: one of several instances sharing one PostgreSQL database behind one bot.
 * Subscriptions, the outbox, feedback, answers (for their buttons) and the corpus itself live in the database;
 * each instance keeps its own in-memory index, built from a local mirror of the shared reports (DATA_DIR) and
 * kept in step by LISTEN/NOTIFY. Its own CORPUS_DIR, if it holds files, feeds the shared corpus.
 */

import { publishFolder } from "../ingest/publish-folder.js";
import {
  publishReport,
  SharedCorpusMirror,
  sharedDataDir,
  sharedMirrorDir,
} from "../ingest/shared-corpus.js";
import { LOCKS } from "../persist/postgres/locks.js";
import { openPgStore, PgChatLocks, tryHoldLock } from "../persist/postgres/pg-store.js";
import { registerWebhookOnce } from "../persist/postgres/webhook-registration.js";
import { createBot } from "../telegram/bot.js";
import { adminUploadFeature } from "../telegram/features/admin-upload.js";
import { SUBSCRIPTION_COMMANDS, subscriptionsFeature } from "../telegram/features/subscriptions.js";
import { type Running, startPolling, startWebhook, webhookOptionsFrom } from "../telegram/launch.js";
import { SharedBroadcaster } from "../telegram/notify/shared-broadcaster.js";
import { createBroadcastApi, sendNoticeVia } from "../telegram/notify/telegram-send.js";
import type { Config } from "./config/config.js";
import { createEngineFromCorpus } from "./load-engine.js";
import { withLoadingNote } from "./loading-note.js";
import type { Logger } from "./logger.js";

export const SECOND_POLLER_MESSAGE =
  "另一个实例已在用长轮询接收这个机器人的更新（Telegram 每个机器人只允许一个）。多个实例请使用 webhook 模式：设置 WEBHOOK_URL 和 WEBHOOK_SECRET。";

export interface SharedInstanceOptions {
  config: Config & { databaseUrl: string };
  token: string;
  logger: Logger;
  /** Stopped in reverse order by the caller's shutdown. */
  cleanups: (() => Promise<void> | void)[];
}

export async function startSharedInstance({
  config,
  token,
  logger,
  cleanups,
}: SharedInstanceOptions): Promise<void> {
  const store = await openPgStore(config.databaseUrl, { maxConnections: 20 });
  cleanups.push(() => store.close());
  logger.info("connected to PostgreSQL, schema up to date");

  const log = (level: "info" | "warn" | "error", message: string, fields?: object) =>
    logger[level](fields ?? {}, message);
  // The mirror of the shared corpus, with the index snapshot beside it as its cache.
  const dataDir = sharedDataDir(config.dataDir);
  const mirror = new SharedCorpusMirror(store.pool, sharedMirrorDir(config.dataDir), { log });
  const files = await mirror.sync();
  const load = createEngineFromCorpus({ corpusDir: mirror.dir, dataDir });
  const engine = withLoadingNote(load.engine, () => load.loadingNote());
  load.ready.then(
    (summary) =>
      logger.info({ ...summary, failures: summary.failures.length, shared: files }, "shared corpus loaded"),
    (error: unknown) => logger.error({ err: error }, "shared corpus failed to load"),
  );

  const broadcaster = await new SharedBroadcaster({
    pool: store.pool,
    deliveries: store.deliveries,
    send: sendNoticeVia(createBroadcastApi(token, config.telegramApiRoot)),
    log: logger,
  }).start();
  cleanups.push(() => broadcaster.stop());

  const chatLocks = new PgChatLocks(store.pool);
  cleanups.push(() => chatLocks.close());
  const bot = createBot({
    engine,
    config,
    logger,
    feedback: store.feedback,
    answers: store.answers,
    sessions: store.sessions,
    chatLock: chatLocks.run,
    commands: SUBSCRIPTION_COMMANDS,
    features: [
      subscriptionsFeature({ subscriptions: store.subscriptions }),
      adminUploadFeature({ addReport: (input) => publishReport(store.pool, bytesOf(input)) }),
    ],
  });
  const running: Running = config.webhookUrl
    ? await startWebhook(bot, {
        // WEBHOOK_SECRET is required with DATABASE_URL (checkSharedDeployment): every instance checks it.
        ...webhookOptionsFrom(config, { logger, extraCommands: SUBSCRIPTION_COMMANDS }),
        register: async (setWebhook) => {
          const registered = await registerWebhookOnce(
            store.pool,
            {
              url: config.webhookUrl!,
              secret: config.webhookSecret!,
              instance: broadcaster.runId,
              registeredUrl: async () => (await bot.api.getWebhookInfo()).url ?? "",
            },
            setWebhook,
          );
          logger.info(
            { registered },
            registered ? "webhook registered" : "webhook already registered by an instance",
          );
        },
      })
    : await startSinglePoller();
  cleanups.push(() => running.stop());

  /** Long polling with a shared database: Telegram serves one poller per bot, so a second one is refused. */
  async function startSinglePoller(): Promise<Running> {
    const lock = await tryHoldLock(store.pool, LOCKS.poller);
    if (!lock) throw new Error(SECOND_POLLER_MESSAGE);
    cleanups.push(() => lock.release());
    return startPolling(bot, { logger, extraCommands: SUBSCRIPTION_COMMANDS });
  }

  await load.ready.catch(() => undefined);
  await mirror.follow(engine);
  cleanups.push(() => mirror.close());
  const folder = publishFolder(store.pool, config.corpusDir, { log });
  cleanups.push(() => folder.close());
  await folder.ready;
  logger.info({ corpus: config.corpusDir, mirror: mirror.dir }, "following the shared corpus");
}

function bytesOf(input: { path: string } | { bytes: Uint8Array; name: string }): {
  bytes: Uint8Array;
  name: string;
} {
  if ("bytes" in input) return input;
  throw new Error("uploads arrive as bytes");
}
