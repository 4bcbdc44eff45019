import { z } from "zod";

/**
 * Every setting the bot reads, validated in one place so that a bad value is named at start,
 * not discovered later as a confusing runtime failure.
 */

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Empty strings in .env (`WEBHOOK_URL=`) mean "not set", as people expect. */
const optionalString = z
  .string()
  .transform((value) => value.trim())
  .optional()
  .transform((value) => (value ? value : undefined));

const httpUrl = (what: string) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          const url = new URL(value);
          return url.protocol === "https:" || url.protocol === "http:";
        } catch {
          return false;
        }
      },
      { message: `应为${what}（以 https:// 或 http:// 开头的完整网址）` },
    );

const withDefault = <T extends z.ZodType>(schema: T, fallback: string) =>
  z.preprocess((value) => (value === undefined || value === "" ? fallback : value), schema);

export const envSchema = z.object({
  BOT_TOKEN: optionalString.pipe(
    z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, {
        message: "应为 @BotFather 给出的令牌，形如 123456789:AA…（数字、冒号、至少 20 个字母数字）",
      })
      .optional(),
  ),
  TELEGRAM_API_ROOT: withDefault(httpUrl("Bot API 服务器地址"), "https://api.telegram.org").transform((url) =>
    // grammY appends `/bot<token>/<method>`: a trailing slash would double it.
    url.replace(/\/+$/, ""),
  ),
  CORPUS_DIR: withDefault(z.string().min(1), "corpus"),
  DATA_DIR: withDefault(z.string().min(1), "data"),
  ADMIN_IDS: withDefault(
    z
      .string()
      .regex(/^\s*(\d+\s*(,\s*\d+\s*)*)?$/, {
        message: "应为逗号分隔的 Telegram 用户 ID（正整数），例如 12345,67890",
      })
      .transform((list) =>
        list
          .split(",")
          .map((part) => part.trim())
          .filter(Boolean)
          .map(Number),
      )
      .refine((ids) => ids.every(Number.isSafeInteger), { message: "用户 ID 超出整数范围" }),
    "",
  ),
  WEBHOOK_URL: optionalString.pipe(httpUrl("公网可访问的 webhook 地址").optional()),
  WEBHOOK_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, { message: "应为 1–256 个字符，只含字母、数字、_ 和 -" })
      .optional(),
  ),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .refine(
        (value) => {
          try {
            return ["postgres:", "postgresql:"].includes(new URL(value).protocol);
          } catch {
            return false;
          }
        },
        { message: "应为 PostgreSQL 连接地址，形如 postgres://用户:密码@主机:5432/数据库" },
      )
      .optional(),
  ),
  HOST: optionalString,
  PORT: withDefault(
    z
      .string()
      .regex(/^\d+$/, { message: "应为 1–65535 的整数端口号" })
      .transform(Number)
      .refine((port) => port >= 1 && port <= 65535, { message: "应为 1–65535 的整数端口号" }),
    "8080",
  ),
  LOG_LEVEL: withDefault(z.enum(LOG_LEVELS, { message: `应为 ${LOG_LEVELS.join(" / ")} 之一` }), "info"),
});

export type Env = z.output<typeof envSchema>;
