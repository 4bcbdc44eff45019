/**
 * Replies that stay short however many reports there are (the real bot over HTTP to the Bot API emulator,
 * 300 generated reports plus the two real ones): /start and not-found replies summarise by province, /reports
 * pages ten at a time in place. The emulator refuses what Telegram refuses (over 4096 characters, over 100
 * buttons, callback data over 64 bytes), so a reply that outgrew the limits fails here as it would in use.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createEngine } from "../../src/core/engine.js";
import { loadCorpus } from "../../src/ingest/load-corpus.js";
import { buttonsOf, type Chat, type Message, type User } from "../support/bot-api-server.js";
import { generatedCorpus } from "../support/generated-corpus.js";
import { type Harness, startHarness } from "./harness.js";

const GENERATED = 300;
const corpus = generatedCorpus(GENERATED, "large-corpus-bot");
let h: Harness;
let user: User;
let chat: Chat;

beforeAll(async () => {
  const { reports } = await loadCorpus(corpus.dir);
  // Paging through all 31 pages is a burst of presses the per-user limit would (rightly) cut short.
  h = await startHarness({ engine: createEngine(reports), rateLimit: false });
  user = h.api.user(5400);
  chat = h.api.privateChat(user);
}, 180_000);
afterAll(async () => {
  await h?.stop();
  corpus.cleanup();
});

async function say(text: string): Promise<Message[]> {
  const mark = h.api.mark();
  h.api.sendText(chat, user, text);
  const first = await h.api.waitForMessage(chat.id, { after: mark });
  // Whatever else the reply sent in the meantime (a split message would be several).
  await h.api.expectNoCall("sendMessage", { after: h.api.mark(), ms: 300 });
  return h.api.botMessages(chat.id).filter((m) => m.message_id >= first.message_id);
}

/** Every message the bot sent so far, within Telegram's limits (the emulator refused any that was not). */
function expectAllWithinLimits(): void {
  for (const message of h.api.botMessages(chat.id)) {
    expect(message.text!.length).toBeLessThanOrEqual(4096);
    const buttons = buttonsOf(message);
    expect(buttons.length).toBeLessThan(100);
    for (const button of buttons)
      expect(Buffer.byteLength(button.callback_data ?? "")).toBeLessThanOrEqual(64);
  }
}

describe(`with ${GENERATED} generated reports`, () => {
  test("the corpus is as large as meant", () => {
    expect(h.engine.reports().length).toBe(GENERATED + 2);
  });

  test("/start summarises the coverage by province and names the latest reports, in one short message", async () => {
    const replies = await say("/start");
    expect(replies).toHaveLength(1);
    const text = replies[0]!.text!;
    expect(text.length).toBeLessThan(1500);
    const reports = h.engine.reports();
    expect(text).toContain(`目前收录 ${reports.length} 份报告`);
    expect(text).toMatch(/按省份：\S+ \d+ 份、/);
    // The province named first holds the most reports.
    const first = /按省份：(\S+?) (\d+) 份/.exec(text)!;
    const counts = new Map<string, number>();
    for (const entry of h.engine.coverage())
      counts.set(entry.province ?? "", (counts.get(entry.province ?? "") ?? 0) + 1);
    expect(Number(first[2])).toBe(Math.max(...counts.values()));
    expect(counts.get(first[1]!)).toBe(Number(first[2]));
    const latestYear = Math.max(...reports.map((r) => r.year));
    expect(text).toMatch(new RegExp(`最近的报告：\\n• \\S+ ${latestYear}年《`));
    expect(text).toContain("/reports");
    expectAllWithinLimits();
  });

  test("/reports shows ten reports with their buttons and pages in place, to the last page", async () => {
    const [reply] = await say("/reports");
    const pages = Math.ceil(h.engine.reports().length / 10);
    expect(reply!.text).toContain(`第 1/${pages} 页`);
    const outlines = buttonsOf(reply).filter((b) => b.text.includes("大纲"));
    expect(outlines).toHaveLength(10);
    expect(buttonsOf(reply).some((b) => b.text.includes("上一页"))).toBe(false);
    // Through every page to the last: each one ten reports (the last the rest), always under 100 buttons.
    let shown = reply!;
    const seen = new Set<string>();
    for (let page = 2; page <= pages; page++) {
      const next = buttonsOf(shown).find((b) => b.text.includes("下一页"))!;
      const mark = h.api.mark();
      h.api.pressButton(shown, next.callback_data!, user);
      await h.api.waitForCall("editMessageText", { after: mark });
      shown = h.api.message(chat.id, reply!.message_id)!;
      expect(shown.text).toContain(`第 ${page}/${pages} 页`);
      expect(shown.text!.length).toBeLessThanOrEqual(4096);
      expect(buttonsOf(shown).length).toBeLessThan(100);
      expect(buttonsOf(shown).some((b) => b.text.includes("上一页"))).toBe(true);
      for (const b of buttonsOf(shown)) if (b.callback_data?.startsWith("rp:")) seen.add(b.callback_data);
    }
    expect(buttonsOf(shown).some((b) => b.text.includes("下一页"))).toBe(false);
    // Pages 2 to the last showed every report but the first ten, each once.
    expect(seen.size).toBe(h.engine.reports().length - 10);
    expect(h.api.botMessages(chat.id).filter((m) => m.text?.includes("📚"))).toHaveLength(1);
    expectAllWithinLimits();
  });

  test("/reports with a district or a year lists only those", async () => {
    const report = h.engine.reports().find((r) => r.district === "青浦区")!;
    const [byDistrict] = await say("/reports 青浦");
    expect(byDistrict!.text).toContain("收录的报告（1 份）");
    expect(byDistrict!.text).toContain(report.title);
    const [byYear] = await say(`/reports ${report.year}`);
    const inYear = h.engine.reports().filter((r) => r.year === report.year).length;
    expect(byYear!.text).toContain(`收录的报告（${inYear} 份）`);
    const [none] = await say("/reports 不存在区");
    expect(none!.text).toContain("没有找到「不存在区」的报告");
    expectAllWithinLimits();
  });

  test("a question about a district not covered gets one short reply: the summary, not a list of 300", async () => {
    const covered = new Set(h.engine.coverage().map((c) => c.district));
    // A district of the gazetteer that no report covers (the generator picks from all of them).
    const missing = ["黄浦区", "徐汇区", "静安区", "长宁区", "普陀区", "虹口区"].find(
      (d) => !covered.has(d),
    )!;
    const replies = await say(`${missing}2019年学前教育入园率是多少`);
    expect(replies).toHaveLength(1);
    const text = replies[0]!.text!;
    expect(text).toContain(`还没有收录${missing}的报告`);
    expect(text).toContain(`目前收录 ${covered.size} 个区县的报告`);
    expect(text).toMatch(/按省份：/);
    expect(text.length).toBeLessThan(1500);
    expect(buttonsOf(replies[0]).some((b) => b.text.includes(`${missing}有报告时通知我`))).toBe(true);
    expectAllWithinLimits();
  });
});
