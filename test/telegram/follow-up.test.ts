/**
 * Follow-ups end to end: the real bot over HTTP to the Bot API emulator. A message that names only a district
 * (那嘉定呢) is the chat's last question asked again; the reply says how it was read; the chat's context is
 * in the SQLite session storage, so it survives a restart of the bot.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { openStore } from "../../src/persist/store.js";
import { type Harness, sayTo, startHarness } from "./harness.js";

const dataDir = mkdtempSync(join(tmpdir(), "follow-up-"));
const harnesses: Harness[] = [];
afterAll(async () => {
  for (const h of harnesses) await h.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const say = sayTo;

/** Waits for `condition`, checked every 20 ms, at most 100 times. */
async function until(condition: () => boolean): Promise<void> {
  for (let tries = 0; tries < 100 && !condition(); tries++) await new Promise((r) => setTimeout(r, 20));
  expect(condition()).toBe(true);
}

describe("follow-ups in a chat", () => {
  test("那嘉定呢 asks the last question of 嘉定, says how it was read, and survives a restart", async () => {
    const store = openStore({ dataDir });
    const first = await startHarness({ sessions: store.sessions });
    harnesses.push(first);
    const user = first.api.user(5100);
    const chat = first.api.privateChat(user);

    const answered = await say(first, chat, user, "青浦2020年招录新教师多少名");
    expect(answered.text).toContain("196名");

    const followUp = await say(first, chat, user, "那嘉定呢");
    expect(followUp.text).toContain("按「嘉定区 招录 新教师」理解");
    expect(followUp.text).toContain("嘉定");

    // A question of its own is read on its own, and becomes the context.
    const own = await say(first, chat, user, "嘉定17年新建了多少个图书馆");
    expect(own.text).not.toContain("按「");
    // The session is written when the update's handling ends, just after the reply leaves.
    await until(() => JSON.stringify(store.sessions.read(String(chat.id)) ?? "").includes("图书馆"));
    await first.stop();
    harnesses.pop();
    store.close();

    // Another process, the same database: the chat's context is still there.
    const reopened = openStore({ dataDir });
    const second = await startHarness({ sessions: reopened.sessions });
    harnesses.push(second);
    const after = await say(second, second.api.privateChat(user), user, "那青浦呢");
    expect(after.text).toContain("按「青浦区");
    expect(after.text).toContain("图书馆");
    reopened.close();
  });
});
