import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  ConfigError,
  checkSharedDeployment,
  loadConfig,
  MissingTokenError,
  requireBotToken,
} from "../../../src/app/config/config.js";

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
const load = (env: Record<string, string>) => loadConfig({ env, envFile: null });

function problemsOf(env: Record<string, string>): string[] {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  test("defaults: no token needed to load, corpus/ and data/, info logs, Telegram's API", () => {
    expect(load({})).toEqual({
      botToken: undefined,
      telegramApiRoot: "https://api.telegram.org",
      corpusDir: "corpus",
      dataDir: "data",
      adminIds: [],
      webhookUrl: undefined,
      webhookSecret: undefined,
      databaseUrl: undefined,
      host: undefined,
      port: 8080,
      logLevel: "info",
    });
  });

  test("reads and converts every variable; empty values mean unset", () => {
    const config = load({
      BOT_TOKEN: ` ${TOKEN} `,
      TELEGRAM_API_ROOT: "http://127.0.0.1:8081/",
      CORPUS_DIR: "/srv/reports",
      DATA_DIR: "/var/lib/bot",
      ADMIN_IDS: " 11, 22 ,33",
      WEBHOOK_URL: "",
      WEBHOOK_SECRET: "abc_DEF-123",
      PORT: "3000",
      LOG_LEVEL: "debug",
    });
    expect(config).toMatchObject({
      botToken: TOKEN,
      telegramApiRoot: "http://127.0.0.1:8081",
      corpusDir: "/srv/reports",
      dataDir: "/var/lib/bot",
      adminIds: [11, 22, 33],
      webhookUrl: undefined,
      webhookSecret: "abc_DEF-123",
      port: 3000,
      logLevel: "debug",
    });
  });

  test("DATABASE_URL must be a PostgreSQL address, and is never echoed back", () => {
    expect(load({ DATABASE_URL: "postgres://bot:pw@db:5432/bot" }).databaseUrl).toBe(
      "postgres://bot:pw@db:5432/bot",
    );
    const error = (() => {
      try {
        load({ DATABASE_URL: "mysql://bot:secret-pw@db/bot" });
      } catch (caught) {
        return caught as Error;
      }
      throw new Error("accepted a MySQL address");
    })();
    expect(error.message).toContain("DATABASE_URL");
    expect(error.message).toContain("postgres://");
    expect(error.message).not.toContain("secret-pw");
  });

  test("several instances on one database must share one webhook secret: refused with a clear message", () => {
    const shared = { DATABASE_URL: "postgres://db/bot", WEBHOOK_URL: "https://bot.example.org/hook" };
    expect(() => checkSharedDeployment(load(shared))).toThrow(/WEBHOOK_SECRET/);
    expect(() => checkSharedDeployment(load({ ...shared, WEBHOOK_SECRET: "s3cret" }))).not.toThrow();
    // One instance polling on SQLite needs no secret.
    expect(() => checkSharedDeployment(load({ WEBHOOK_URL: shared.WEBHOOK_URL }))).not.toThrow();
  });

  test("each bad value is named with what is expected, all at once", () => {
    const problems = problemsOf({
      PORT: "70000",
      ADMIN_IDS: "12,abc",
      LOG_LEVEL: "loud",
      WEBHOOK_URL: "bot.example.org/hook",
      TELEGRAM_API_ROOT: "ftp://x",
      WEBHOOK_SECRET: "has spaces!",
    });
    const byName = (name: string) => problems.find((p) => p.startsWith(`${name}：`)) ?? "";
    expect(byName("PORT")).toContain("1–65535");
    expect(byName("PORT")).toContain('"70000"');
    expect(byName("ADMIN_IDS")).toContain("逗号分隔");
    expect(byName("LOG_LEVEL")).toContain("debug");
    expect(byName("WEBHOOK_URL")).toContain("https://");
    expect(byName("TELEGRAM_API_ROOT")).toContain("http");
    expect(byName("WEBHOOK_SECRET")).toContain("字母、数字");
    expect(problems).toHaveLength(6);
  });

  test("a malformed token is refused without echoing it", () => {
    const problems = problemsOf({ BOT_TOKEN: "not-a-token-secret-value" });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("BOT_TOKEN");
    expect(problems[0]).toContain("@BotFather");
    expect(problems.join()).not.toContain("not-a-token-secret-value");
  });

  test("reads .env, and the real environment wins over it", () => {
    const dir = mkdtempSync(join(tmpdir(), "edu-bot-config-"));
    const file = join(dir, ".env");
    writeFileSync(file, `BOT_TOKEN=${TOKEN}\nPORT=9000\n# a comment\nLOG_LEVEL=warn\n`);
    const config = loadConfig({ env: { PORT: "9100" }, envFile: file });
    expect(config.botToken).toBe(TOKEN);
    expect(config.port).toBe(9100);
    expect(config.logLevel).toBe("warn");
    expect(loadConfig({ env: {}, envFile: join(dir, "missing.env") }).botToken).toBeUndefined();
  });
});

describe("requireBotToken", () => {
  test("without a token: how to get one, where to put it, and that ask works without", () => {
    expect(() => requireBotToken(load({}))).toThrow(MissingTokenError);
    try {
      requireBotToken(load({}));
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("@BotFather");
      expect(message).toContain("/newbot");
      expect(message).toContain(".env");
      expect(message).toContain("BOT_TOKEN=");
      expect(message).toContain("npm run ask");
    }
    expect(requireBotToken(load({ BOT_TOKEN: TOKEN }))).toBe(TOKEN);
  });
});
