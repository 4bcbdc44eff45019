/** End to end: groups (privacy-mode manners) and inline mode, through the emulator with the real engine. */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compactCitationText } from "../../src/render/citation.js";
import type { Message } from "../support/bot-api-server.js";
import { parseTelegramHtml } from "../support/telegram-html.js";
import { COMPACT_CITATION, type Harness, startHarness } from "./harness.js";

let h: Harness;
let nextId = 3000;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());

function groupWithUser() {
  const user = h.api.user(nextId++);
  return { user, group: h.api.groupChat(nextId++) };
}

/** A question the engine answers, built from an item of the corpus. */
function answerableQuestion(): string {
  for (const report of h.engine.reports()) {
    for (const section of report.sections) {
      for (const item of section.items) {
        const q = `${report.district}${report.year}年${item.title}`;
        if (item.title.length >= 4 && h.engine.ask(q).found) return q;
      }
    }
  }
  throw new Error("the engine answers nothing");
}

describe("groups", () => {
  test("/ask is answered as a reply to the question", async () => {
    const { user, group } = groupWithUser();
    const question = answerableQuestion();
    const mark = h.api.mark();
    const asked = h.api.sendText(group, user, `/ask ${question}`);
    const reply = await h.api.waitForMessage(group.id, { after: mark });
    expect(reply.reply_to_message?.message_id).toBe(asked.message_id);
    expect(reply.text).toMatch(COMPACT_CITATION);
  });

  test("/ask@this_bot works; ordinary chatter and other bots' commands get silence", async () => {
    const { user, group } = groupWithUser();
    const mark = h.api.mark();
    h.api.sendText(group, user, "大家好，今天下午开会");
    h.api.sendText(group, user, `${answerableQuestion()}`); // a question not addressed to the bot
    h.api.sendText(group, user, "/weather@other_bot 上海");
    h.api.sendText(group, user, "/frobnicate");
    await h.api.expectNoCall("sendMessage", { after: mark, ms: 800 });

    h.api.sendText(group, user, `/ask@${h.api.botUser.username} ${answerableQuestion()}`);
    const reply = await h.api.waitForMessage(group.id, { after: mark });
    expect(reply.text).toMatch(COMPACT_CITATION);
  });

  test("a mention or a reply to the bot is a question", async () => {
    const { user, group } = groupWithUser();
    let mark = h.api.mark();
    h.api.sendText(group, user, `@${h.api.botUser.username} ${answerableQuestion()}`);
    const answer = await h.api.waitForMessage(group.id, { after: mark });
    expect(answer.text).toMatch(COMPACT_CITATION);

    mark = h.api.mark();
    h.api.sendText(group, user, answerableQuestion(), { replyTo: answer });
    const second = await h.api.waitForMessage(group.id, { after: mark });
    expect(second.text).toMatch(COMPACT_CITATION);
  });

  test("a conversation of follow-ups: another year, another district, and 「那…呢」 as a reply", async () => {
    const { user, group } = groupWithUser();
    const ask = async (text: string, replyTo?: Message) => {
      const mark = h.api.mark();
      h.api.sendText(group, user, text, replyTo ? { replyTo } : {});
      return h.api.waitForMessage(group.id, { after: mark });
    };
    const first = await ask("/ask 青浦2020年招录新教师多少名");
    expect(first.text).toContain("196名");
    const year = await ask("/ask 2019年呢");
    expect(year.text).toContain("按「青浦区 2019年 招录 新教师」理解");
    expect(year.text).toContain("没有2019年的报告");
    const district = await ask("/ask 那嘉定呢");
    expect(district.text).toContain("按「嘉定区");
    const back = await ask("那青浦呢", district);
    expect(back.text).toContain("按「青浦区");
    expect(back.text).toContain("196名");
  });

  test("an unknown command addressed to this bot gets help", async () => {
    const { user, group } = groupWithUser();
    const mark = h.api.mark();
    h.api.sendText(group, user, `/frobnicate@${h.api.botUser.username}`);
    const reply = await h.api.waitForMessage(group.id, { after: mark });
    expect(reply.text).toContain("/help");
  });
});

describe("inline mode", () => {
  test("offers up to 10 sendable answers, each with its sentence and citation", async () => {
    const user = h.api.user(nextId++);
    const question = answerableQuestion();
    const mark = h.api.mark();
    const queryId = h.api.inlineQuery(user, question);
    await h.api.waitForCall("answerInlineQuery", { after: mark });
    const answered = h.api.inlineAnswers.get(queryId)!;
    const results = answered.results as {
      title: string;
      description: string;
      input_message_content: { message_text: string; parse_mode: string };
      reply_markup?: { inline_keyboard: { url?: string }[][] };
    }[];
    const expected = h.engine.ask(question, { top: 10 });
    expect(results.length).toBe(Math.min(10, expected.results.length));
    expect(results.length).toBeGreaterThan(0);
    const sent = parseTelegramHtml(results[0]!.input_message_content.message_text).text;
    const top = expected.results[0]!;
    expect(sent).toContain(top.excerpt);
    expect(sent).toContain(compactCitationText(top));
    expect(results[0]!.description).toContain(top.report.title);
    expect(results[0]!.reply_markup?.inline_keyboard[0]?.[0]?.url).toContain(`start=item_${top.ref}`);
  });

  test("pages past ten results through next_offset, as far as the answer goes", async () => {
    const user = h.api.user(nextId++);
    const question = "学校";
    const all = h.engine.ask(question, { top: 50 }).results;
    expect(all.length).toBeGreaterThan(10);
    let mark = h.api.mark();
    const first = h.api.inlineQuery(user, question);
    await h.api.waitForCall("answerInlineQuery", { after: mark });
    const page1 = h.api.inlineAnswers.get(first)!;
    expect(page1.results).toHaveLength(10);
    expect(page1.next_offset).toBe("10");

    mark = h.api.mark();
    const second = h.api.inlineQuery(user, question, "10");
    await h.api.waitForCall("answerInlineQuery", { after: mark });
    const page2 = h.api.inlineAnswers.get(second)!;
    const titles = (page2.results as { title: string }[]).map((result) => result.title);
    expect(titles.length).toBe(Math.min(10, all.length - 10));
    expect(titles[0]).toBe(all[10]!.excerpt.slice(0, 120));
  });

  test("an empty query offers example questions; nonsense offers a way to the bot", async () => {
    const user = h.api.user(nextId++);
    let mark = h.api.mark();
    const empty = h.api.inlineQuery(user, "");
    await h.api.waitForCall("answerInlineQuery", { after: mark });
    const examples = h.api.inlineAnswers.get(empty)!.results as { title: string }[];
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) expect(example.title).toMatch(/^💬 /);

    mark = h.api.mark();
    const nonsense = h.api.inlineQuery(user, "🎉🎉");
    await h.api.waitForCall("answerInlineQuery", { after: mark });
    const answered = h.api.inlineAnswers.get(nonsense)!;
    expect(answered.results).toEqual([]);
    expect((answered.button as { start_parameter: string }).start_parameter).toBe("help");
  });
});
