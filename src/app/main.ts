/**
 * `npm start`: the Telegram bot. Loads the config, the corpus and the database, then long-polls through the
 * runner, or serves a webhook when WEBHOOK_URL is set. The corpus folder is watched: a new report becomes
 * searchable at once and its notice goes to subscribers through the durable outbox. SIGINT/SIGTERM stop taking
 * updates, finish the ones in flight, and exit.
 */
// First: a stale dist/ is rebuilt (and this command re-run) before the rest of it loads.
import "./build/ensure-fresh-build.js";
import { openStore } from "../persist/store.js";
import { createBot } from "../telegram/bot.js";
import { adminUploadFeature } from "../telegram/features/admin-upload.js";
import { SUBSCRIPTION_COMMANDS, subscriptionsFeature } from "../telegram/features/subscriptions.js";
import { type Running, startPolling, startWebhook, webhookOptionsFrom } from "../telegram/launch.js";
import { announceCorpusEvents } from "../telegram/notify/announce-corpus-events.js";
import { Broadcaster } from "../telegram/notify/broadcaster.js";
import { NoticeReconciler } from "../telegram/notify/reconcile-notices.js";
import { createBroadcastApi, sendNoticeVia } from "../telegram/notify/telegram-send.js";
import {
  ConfigError,
  checkSharedDeployment,
  loadConfig,
  MissingTokenError,
  requireBotToken,
} from "./config/config.js";
import { openLiveCorpus } from "./live-corpus.js";
import { withLoadingNote } from "./loading-note.js";
import { createLogger } from "./logger.js";
import { startSharedInstance } from "./shared-instance.js";

/** Longest a clean shutdown may take before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;
/**
 * How long the bot waits for its corpus before taking updates. The shipped corpus loads in well under a
 * second and 3,000 reports restore from their snapshot in 1–5 s here, so that an ordinary start answers
 * every question, including those Telegram kept while the bot was down, from the whole corpus. Only a
 * long first build goes past it: the bot then answers from what is loaded, saying how far it got.
 */
const LOAD_WAIT_MS = 5_000;

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  let token: string;
  try {
    config = loadConfig();
    token = requireBotToken(config);
    checkSharedDeployment(config);
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

  // Several instances on one PostgreSQL database: everything shared lives there (src/app/shared-instance.ts).
  const { databaseUrl } = config;
  if (databaseUrl) {
    await startSharedInstance({ config: { ...config, databaseUrl }, token, logger, cleanups });
    return;
  }

  // The watcher starts before the load lists the folder: a report dropped in at any moment is indexed and
  // announced exactly once.
  const live = openLiveCorpus({
    corpusDir: config.corpusDir,
    dataDir: config.dataDir,
    log: (level, message, fields) => logger[level](fields ?? {}, message),
  });
  cleanups.push(() => live.close());
  const { load } = live;
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
  // Notices follow the index, not only its events: what was indexed but never announced (added while the
  // bot was down, or just before a crash, or when the outbox write failed) is announced once.
  const reconciler = new NoticeReconciler({
    store,
    dataDir: config.dataDir,
    reports: () => engine.reports(),
    wake: () => broadcaster.wake(),
    log: logger,
  });
  const unhook = announceCorpusEvents(live.watcher, {
    store,
    wake: () => broadcaster.wake(),
    log: logger,
    reconcile: () => reconciler.request(),
  });
  cleanups.push(() => {
    unhook();
    reconciler.close();
  });
  // The first pass once the corpus is loaded: earlier, every report still loading would look unannounced.
  load.ready.then(
    () => reconciler.request(),
    () => undefined,
  );
  live.watcher.ready.then(
    () => logger.info({ corpus: config.corpusDir }, "watching the corpus folder"),
    (error: unknown) => logger.error({ err: error }, "cannot watch the corpus folder"),
  );

  const bot = createBot({
    engine,
    config,
    logger,
    feedback: store.feedback,
    sessions: store.sessions,
    answers: store.answers,
    commands: SUBSCRIPTION_COMMANDS,
    features: [subscriptionsFeature({ subscriptions: store.subscriptions }), adminUploadFeature()],
    loading: () => load.loadingNote(),
    loaded: load.ready,
  });

  // getMe while the corpus loads (grammY shares the request with the launch's own init; a failure, such as
  // a revoked token, is reported by the launch).
  bot.init().catch(() => {});

  // No update is taken before the bot can answer it (see LOAD_WAIT_MS).
  let waited: NodeJS.Timeout | undefined;
  const loadedInTime = await Promise.race([
    load.ready.then(
      () => true,
      () => true,
    ),
    new Promise<false>((resolve) => {
      waited = setTimeout(() => resolve(false), LOAD_WAIT_MS);
    }),
  ]);
  clearTimeout(waited);
  if (!loadedInTime) logger.info(load.progress(), "corpus still loading: answering from what is loaded");
  if (stopping) return;
  const running: Running = config.webhookUrl
    ? await startWebhook(bot, webhookOptionsFrom(config, { logger, extraCommands: SUBSCRIPTION_COMMANDS }))
    : await startPolling(bot, {
        logger,
        extraCommands: SUBSCRIPTION_COMMANDS,
        apiRoot: config.telegramApiRoot,
        // 401/409: the message is logged; stop what has started and exit 1.
        onFatal: () => void shutdown("fatal"),
      });
  cleanups.push(() => running.stop());
}

main().catch((error: unknown) => {
  console.error("启动失败：", error instanceof Error ? error.message : error);
  process.exit(1);
});
