/**
 * `npm start`: the Telegram bot. Loads the config, the corpus and the database, then long-polls through the
 * runner, or serves a webhook when WEBHOOK_URL is set. The corpus folder is watched: a new report becomes
 * searchable at once and its notice goes to subscribers through the durable outbox. SIGINT/SIGTERM stop taking
 * updates, finish the ones in flight, and exit.
 */
import { createBot } from "./bot/bot.js";
import { adminUploadFeature } from "./bot/features/admin-upload.js";
import { SUBSCRIPTION_COMMANDS, subscriptionsFeature } from "./bot/features/subscriptions.js";
import { type Running, startPolling, startWebhook } from "./bot/launch.js";
import { ConfigError, loadConfig, MissingTokenError, requireBotToken } from "./config/config.js";
import { createEngineFromCorpus } from "./engine/load-engine.js";
import { withLoadingNote } from "./engine/loading-note.js";
import { watchCorpus } from "./ingest/watch-corpus.js";
import { createLogger } from "./log/logger.js";
import { announceCorpusEvents } from "./notify/announce-corpus-events.js";
import { Broadcaster } from "./notify/broadcaster.js";
import { NoticeReconciler } from "./notify/reconcile-notices.js";
import { createBroadcastApi, sendNoticeVia } from "./notify/telegram-send.js";
import { openStore } from "./store/store.js";

/** Longest a clean shutdown may take before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  let token: string;
  try {
    config = loadConfig();
    token = requireBotToken(config);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof MissingTokenError) {
      console.error(error.message);
      process.exit(error instanceof MissingTokenError ? 1 : 2);
    }
    throw error;
  }

  const logger = createLogger({ level: config.logLevel, secrets: [token, config.webhookSecret] });

  // Whatever has started is stopped in reverse order, whenever the signal comes (even mid-start-up).
  const cleanups: (() => Promise<void> | void)[] = [];
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals | "fatal") => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    setTimeout(() => {
      logger.error("shutdown took too long, exiting");
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    for (const cleanup of cleanups.reverse()) await cleanup();
    logger.info("stopped");
    process.exit(signal === "fatal" ? 1 : 0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);

  // The bot answers from the first moment; while a large corpus loads, answers say how far it got.
  const load = createEngineFromCorpus({ corpusDir: config.corpusDir, dataDir: config.dataDir });
  const engine = withLoadingNote(load.engine, () => load.loadingNote());
  load.ready.then(
    (summary) => {
      for (const failure of summary.failures) logger.warn(failure, "report skipped");
      logger.info(
        { ...summary, failures: summary.failures.length, corpus: config.corpusDir },
        "corpus loaded",
      );
    },
    (error: unknown) => logger.error({ err: error }, "corpus failed to load"),
  );

  const store = openStore({ dataDir: config.dataDir });
  cleanups.push(() => store.close());

  // Notices leave through their own API object: the bot's throttler would queue messages the outbox has
  // already claimed, widening the window in which a crash leaves a delivery uncertain.
  const broadcaster = new Broadcaster({
    store,
    log: logger,
    send: sendNoticeVia(createBroadcastApi(token, config.telegramApiRoot)),
  }).start();
  cleanups.push(() => broadcaster.stop());

  const bot = createBot({
    engine,
    config,
    logger,
    feedback: store.feedback,
    features: [subscriptionsFeature({ subscriptions: store.subscriptions }), adminUploadFeature()],
  });
  const running: Running = config.webhookUrl
    ? await startWebhook(bot, {
        logger,
        url: config.webhookUrl,
        port: config.port,
        extraCommands: SUBSCRIPTION_COMMANDS,
        ...(config.webhookSecret ? { secret: config.webhookSecret } : {}),
      })
    : await startPolling(bot, {
        logger,
        extraCommands: SUBSCRIPTION_COMMANDS,
        apiRoot: config.telegramApiRoot,
        // 401/409: the message is logged; stop what has started and exit 1.
        onFatal: () => void shutdown("fatal"),
      });
  cleanups.push(() => running.stop());

  // The watcher learns what is already indexed from the engine, so it starts once the corpus is loaded:
  // earlier, every report still loading would look new and be announced again.
  await load.ready.catch(() => undefined);
  const watcher = watchCorpus({
    corpusDir: config.corpusDir,
    engine,
    log: (level, message, fields) => logger[level](fields ?? {}, message),
  });
  // Notices follow the index, not only its events: what was indexed but never announced (added while the
  // bot was down, or just before a crash, or when the outbox write failed) is announced once.
  const reconciler = new NoticeReconciler({
    store,
    dataDir: config.dataDir,
    reports: () => engine.reports(),
    wake: () => broadcaster.wake(),
    log: logger,
  });
  const unhook = announceCorpusEvents(watcher, {
    store,
    wake: () => broadcaster.wake(),
    log: logger,
    reconcile: () => reconciler.request(),
  });
  cleanups.push(async () => {
    unhook();
    reconciler.close();
    await watcher.close();
  });
  await watcher.ready;
  reconciler.request();
  logger.info({ corpus: config.corpusDir }, "watching the corpus folder");
}

main().catch((error: unknown) => {
  console.error("启动失败：", error instanceof Error ? error.message : error);
  process.exit(1);
});
