import { existsSync, readFileSync } from "node:fs";
import { parse as parseDotenv } from "dotenv";
import { envSchema } from "./schema.js";

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

export interface Config {
  /** Absent when not configured: `npm run ask` works without it, only the bot needs it. */
  botToken: string | undefined;
  telegramApiRoot: string;
  corpusDir: string;
  dataDir: string;
  adminIds: number[];
  webhookUrl: string | undefined;
  webhookSecret: string | undefined;
  /** PostgreSQL shared by several instances; unset: the embedded SQLite file in DATA_DIR. */
  databaseUrl: string | undefined;
  /** Interface the webhook server binds to (default: all). */
  host: string | undefined;
  port: number;
  logLevel: LogLevel;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置有误（.env 文件或环境变量）：\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export interface LoadConfigOptions {
  /** Defaults to `process.env`. */
  env?: Record<string, string | undefined>;
  /** A .env file to read; its values never override the real environment. Defaults to `.env`. */
  envFile?: string | null;
}

/** Reads the environment (and .env) and validates it; throws `ConfigError` naming every bad value. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = {
    ...readEnvFile(options.envFile === undefined ? ".env" : options.envFile),
    ...definedOnly(options.env ?? process.env),
  };
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? "?");
        const value = env[name];
        // Never echo a token back, even a malformed one: the message may end up in a log or a terminal recording.
        const shown =
          name === "BOT_TOKEN" || name === "WEBHOOK_SECRET" || name === "DATABASE_URL"
            ? ""
            : `，当前值为 ${JSON.stringify(value)}`;
        return `${name}：${issue.message}${shown}`;
      }),
    );
  }
  const e = parsed.data;
  return {
    botToken: e.BOT_TOKEN,
    telegramApiRoot: e.TELEGRAM_API_ROOT,
    corpusDir: e.CORPUS_DIR,
    dataDir: e.DATA_DIR,
    adminIds: e.ADMIN_IDS,
    webhookUrl: e.WEBHOOK_URL,
    webhookSecret: e.WEBHOOK_SECRET,
    databaseUrl: e.DATABASE_URL,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
  };
}

export const MISSING_TOKEN_MESSAGE = [
  "未设置 BOT_TOKEN，Telegram 机器人无法启动。",
  "",
  "  1. 在 Telegram 中打开 @BotFather，发送 /newbot，按提示起名，复制它给出的令牌（形如 123456789:AA…）。",
  "  2. 在项目根目录的 .env 文件中写入一行 BOT_TOKEN=你的令牌（可复制 .env.example 为 .env），",
  "     或在启动前设置环境变量：BOT_TOKEN=你的令牌 npm start",
  "",
  '不需要令牌也能直接提问：npm run ask -- "青浦2020年招录新教师多少名"',
].join("\n");

export class MissingTokenError extends Error {
  constructor() {
    super(MISSING_TOKEN_MESSAGE);
    this.name = "MissingTokenError";
  }
}

export const SHARED_WEBHOOK_SECRET_MESSAGE = [
  "设置了 DATABASE_URL（多个实例共用一个数据库）时，webhook 模式必须设置 WEBHOOK_SECRET。",
  "",
  "  每个实例都用同一个密钥校验 Telegram 的请求；若各自随机生成，只有最后启动的实例能通过校验，其余实例会拒绝所有更新。",
  "  生成一个：node -e \"console.log(require('node:crypto').randomBytes(24).toString('base64url'))\"",
  "  然后在每个实例的 .env 中写入同一行 WEBHOOK_SECRET=…",
].join("\n");

/** Refuses a configuration that would break as soon as a second instance starts. */
export function checkSharedDeployment(config: Config): void {
  if (config.databaseUrl && config.webhookUrl && !config.webhookSecret) {
    throw new ConfigError([SHARED_WEBHOOK_SECRET_MESSAGE]);
  }
}

/** The bot's token, or a `MissingTokenError` that tells a newcomer exactly what to do. */
export function requireBotToken(config: Config): string {
  if (!config.botToken) throw new MissingTokenError();
  return config.botToken;
}

function readEnvFile(path: string | null): Record<string, string> {
  if (path === null || !existsSync(path)) return {};
  return parseDotenv(readFileSync(path));
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) result[key] = value;
  return result;
}
