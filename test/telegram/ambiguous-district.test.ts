/**
 * A district name several cities share (鼓楼区: 南京市, 福州市, 徐州市, 开封市), end to end through the Bot API
 * emulator: with reports of two of them, a question that does not say which gets the choices as buttons, and
 * each choice answers from that city's report only; a city written before the name settles it at once.
 * /subscribe 鼓楼 asks which one too, and the subscription chosen hears of that district's reports only.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Report } from "../../src/core/domain/report.js";
import { createEngine } from "../../src/core/engine.js";
import { loadCorpus } from "../../src/ingest/load-corpus.js";
import { openStore, type Store } from "../../src/persist/store.js";
import { subscriptionsFeature } from "../../src/telegram/features/subscriptions.js";
import { subscriptionNames } from "../../src/telegram/notify/resolve-district.js";
import { buttonsOf, type Chat, type Message, type User } from "../support/bot-api-server.js";
import { buttonLabelled, type Harness, privateUser, sayTo, startHarness } from "./harness.js";

const root = mkdtempSync(join(tmpdir(), "ambiguous-district-"));
let store: Store;
let h: Harness;
let reports: Report[];
let nextUser = 5700;

/** A short report of 鼓楼区 of `city`, with its own count of new teachers. */
function report(city: string, teachers: number): string {
  return [
    `${city}鼓楼区教育局2020年工作总结`,
    "",
    `${city}鼓楼区教育局`,
    "",
    "一、队伍建设",
    `1.招录新教师。2020年招录新教师${teachers}名，新增特级教师3名。`,
    "2.教师培训。全年培训教师5000人次。",
    "二、资源建设",
    "3.新建学校。新建学校4所，新增学位2000个。",
  ].join("\n");
}

beforeAll(async () => {
  const corpusDir = join(root, "corpus");
  mkdirSync(corpusDir);
  writeFileSync(join(corpusDir, "nanjing.txt"), report("南京市", 120));
  writeFileSync(join(corpusDir, "fuzhou.txt"), report("福州市", 88));
  ({ reports } = await loadCorpus(corpusDir));
  store = openStore({ dataDir: join(root, "data") });
  h = await startHarness({
    engine: createEngine(reports),
    sessions: store.sessions,
    features: [subscriptionsFeature({ subscriptions: store.subscriptions })],
  });
});
afterAll(async () => {
  await h?.stop();
  store?.close();
  rmSync(root, { recursive: true, force: true });
});

const newUser = () => privateUser(h, nextUser++);
const say = (chat: Chat, user: User, text: string) => sayTo(h, chat, user, text);

async function press(message: Message, label: RegExp, user: User): Promise<Message> {
  const button = buttonLabelled(message, label);
  const mark = h.api.mark();
  h.api.pressButton(message, button.callback_data!, user);
  return h.api.waitForMessage(message.chat.id, { after: mark });
}

describe("a district name two cities of the corpus share", () => {
  test("each report is filed under its own city (the prefecture in the title decides)", () => {
    const codes = reports.map((r) => r.id.slice(0, 6)).sort();
    expect(codes).toEqual(["320106", "350102"]);
    expect(new Set(reports.map((r) => r.district))).toEqual(new Set(["鼓楼区"]));
  });

  test("the core says so as data: the choices with their prefecture and division codes, and no answer", () => {
    const answer = h.engine.ask("鼓楼区2020年招录新教师多少名");
    expect(answer.found).toBe(false);
    expect(answer.results).toEqual([]);
    const reason = answer.reasons.find((r) => r.kind === "ambiguous-district");
    expect(reason).toBeDefined();
    const pairs =
      reason?.kind === "ambiguous-district" ? reason.options.map((o, i) => [o, reason.divisions![i]]) : [];
    expect(pairs.sort()).toEqual([
      ["南京市鼓楼区", "320106"],
      ["福州市鼓楼区", "350102"],
    ]);
  });

  test("a question that does not say which gets the choices, and a choice answers from that city", async () => {
    const { user, chat } = newUser();
    const reply = await say(chat, user, "鼓楼区2020年招录新教师多少名");
    expect(reply.text).toContain("「鼓楼区」可能指");
    expect(reply.text).not.toMatch(/\d+名/);
    const choices = buttonsOf(reply).filter((b) => b.text.startsWith("📍"));
    expect(choices.map((b) => b.text).sort()).toEqual(["📍 南京市鼓楼区", "📍 福州市鼓楼区"]);
    for (const b of choices) expect(Buffer.byteLength(b.callback_data!)).toBeLessThanOrEqual(64);

    const nanjing = await press(reply, /南京市鼓楼区/, user);
    expect(nanjing.text).toContain("120名");
    expect(nanjing.text).not.toContain("88名");
    const fuzhou = await press(reply, /福州市鼓楼区/, user);
    expect(fuzhou.text).toContain("88名");
  });

  test("a city written before the name settles it at once", async () => {
    const { user, chat } = newUser();
    expect((await say(chat, user, "福州鼓楼区2020年招录新教师多少名")).text).toContain("88名");
    expect((await say(chat, user, "南京市鼓楼区2020年招录新教师多少名")).text).toContain("120名");
  });

  test("/subscribe 鼓楼 asks which of the four, and the one chosen hears of its own reports only", async () => {
    const { user, chat } = newUser();
    const reply = await say(chat, user, "/subscribe 鼓楼");
    expect(reply.text).toContain("「鼓楼」可能指");
    const options = buttonsOf(reply)
      .filter((b) => b.text.startsWith("📍"))
      .map((b) => b.text);
    expect(options.sort()).toEqual([
      "📍 南京市鼓楼区",
      "📍 开封市鼓楼区",
      "📍 徐州市鼓楼区",
      "📍 福州市鼓楼区",
    ]);
    expect(await store.subscriptions.activeFor(chat.id)).toEqual([]);

    const done = await press(reply, /南京市鼓楼区/, user);
    expect(done.text).toContain("已订阅：南京市鼓楼区");
    const nanjing = reports.find((r) => r.title.startsWith("南京"))!;
    const fuzhou = reports.find((r) => r.title.startsWith("福州"))!;
    const recipients = (r: Report) =>
      store.subscriptions.recipientsFor(subscriptionNames(r)).map((x) => x.chatId);
    expect(recipients(nanjing)).toContain(chat.id);
    expect(recipients(fuzhou)).not.toContain(chat.id);
    // Typed in full, the name is understood as it is.
    expect((await say(chat, user, "/subscribe 福州市鼓楼区")).text).toContain("已订阅：福州市鼓楼区");
    expect(recipients(fuzhou)).toContain(chat.id);
  });
});
