/**
 * `npm start` as a process: refuses to start without a token or with a bad value, and with a token runs the bot
 * against the emulator, answers, keeps the token out of its logs, and stops cleanly on SIGTERM.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { BotApiServer } from "../support/bot-api-server.js";
import { distEntry } from "../support/dist.js";
import { CORPUS_DIR } from "./harness.js";

/** `npm start` is `node dist/app/main.js`: signals reach the bot itself, with no npm or tsx process between. */
const MAIN = distEntry("app/main.js");
/** An empty working directory: no .env of a developer's can leak into the test. */
const CWD = mkdtempSync(join(tmpdir(), "edu-bot-main-"));

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, [MAIN], {
    cwd: CWD,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no exit within 20 s; stderr: ${stderr}`)), 20_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
  return { child, exited, output: () => ({ stdout, stderr }) };
}

test("without a token it exits non-zero and tells a newcomer what to do", async () => {
  const run = start({});
  expect(await run.exited).not.toBe(0);
  const { stderr } = run.output();
  expect(stderr).toContain("BOT_TOKEN");
  expect(stderr).toContain("@BotFather");
  expect(stderr).toContain(".env");
  expect(stderr).toContain("npm run ask");
  expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
});

test("a bad value is named with what is expected", async () => {
  const run = start({
    BOT_TOKEN: "123456789:TEST-token-for-the-emulator-only",
    PORT: "eighty",
    ADMIN_IDS: "1,two",
  });
  expect(await run.exited).not.toBe(0);
  const { stderr } = run.output();
  expect(stderr).toContain("PORT");
  expect(stderr).toContain("1–65535");
  expect(stderr).toContain("ADMIN_IDS");
  expect(stderr).not.toContain("TEST-token");
});

test("with a token it answers through the runner, never logs the token, and stops on SIGTERM", async () => {
  const api = await BotApiServer.start();
  try {
    const run = start({
      BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      CORPUS_DIR,
      LOG_LEVEL: "debug",
    });
    await api.waitForCall("setMyCommands", { timeoutMs: 15_000 });
    const user = api.user(5001);
    const chat = api.privateChat(user);
    const mark = api.mark();
    api.sendText(chat, user, "/start");
    expect((await api.waitForMessage(chat.id, { after: mark })).text).toContain("你好");

    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    const { stdout, stderr } = run.output();
    expect(stdout).toContain("bot started");
    expect(stdout).toContain("stopped");
    expect(stdout + stderr).not.toContain(api.token);
    expect(stdout + stderr).not.toContain(api.token.split(":")[1]);
  } finally {
    await api.stop();
  }
});

test("a question sent before the bot started is answered from the whole corpus, not while it loads", async () => {
  const api = await BotApiServer.start();
  try {
    const user = api.user(5002);
    const chat = api.privateChat(user);
    const mark = api.mark();
    // Waiting in Telegram's queue (the emulator's) while the bot is down; no snapshot yet in this DATA_DIR.
    api.sendText(chat, user, "青浦2020年招录新教师多少名");
    const run = start({
      BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      CORPUS_DIR,
      DATA_DIR: mkdtempSync(join(tmpdir(), "edu-bot-main-data-")),
    });
    const reply = await api.waitForMessage(chat.id, { after: mark, timeoutMs: 20_000 });
    expect(reply.text).toContain("196名");
    expect(reply.text).not.toContain("正在加载");
    const beforeStart = api.mark();
    api.sendText(chat, user, "/start");
    const welcome = await api.waitForMessage(chat.id, { after: beforeStart, timeoutMs: 10_000 });
    expect(welcome.text).toContain("青浦区 2020年");
    expect(welcome.text).toContain("也可以点下面的示例试试");
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
  } finally {
    await api.stop();
  }
});
