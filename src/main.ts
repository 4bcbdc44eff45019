/**
 * `npm start`: the Telegram bot. Loads the config and the corpus, then long-polls through the runner, or serves a
 * webhook when WEBHOOK_URL is set. SIGINT/SIGTERM stop taking updates, finish the ones in flight, and exit.
 */
import { createBot } from "./bot/bot.js";
import { type Running, startPolling, startWebhook } from "./bot/launch.js";
import { ConfigError, loadConfig, MissingTokenError, requireBotToken } from "./config/config.js";
import { createEngine } from "./engine/engine.js";
import { loadCorpus } from "./ingest/load-corpus.js";
import { createLogger } from "./log/logger.js";

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
  const { reports, failures } = await loadCorpus(config.corpusDir);
  for (const failure of failures) logger.warn(failure, "report skipped");
  logger.info({ reports: reports.length, corpus: config.corpusDir }, "corpus loaded");

  const bot = createBot({ engine: createEngine(reports), config, logger });
  const running: Running = config.webhookUrl
    ? await startWebhook(bot, {
        logger,
        url: config.webhookUrl,
        port: config.port,
        ...(config.webhookSecret ? { secret: config.webhookSecret } : {}),
      })
    : await startPolling(bot, { logger });

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    setTimeout(() => {
      logger.error("shutdown took too long, exiting");
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    await running.stop();
    logger.info("stopped");
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  console.error("启动失败：", error instanceof Error ? error.message : error);
  process.exit(1);
});
