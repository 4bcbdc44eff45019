/**
 * End to end in a private chat: the real grammY bot (runner, plugins) talking HTTP to the Bot API emulator, with
 * the real engine over the shipped corpus. Expectations are derived from the corpus at run time, never copied.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Item, itemFullText, itemRef, type Report } from "../../src/core/domain/report.js";
import { compactCitationText } from "../../src/render/citation.js";
import { COMMANDS } from "../../src/telegram/commands.js";
import { boldTextsOf, buttonsOf, type Chat, type Message, type User } from "../support/bot-api-server.js";
import {
  COMPACT_CITATION,
  type Harness,
  privateUser,
  sayTo,
  shortDistrict,
  startHarness,
} from "./harness.js";

let h: Harness;
let nextUserId = 2000;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());

const newUser = () => privateUser(h, nextUserId++);
const say = (chat: Chat, user: User, text: string) => sayTo(h, chat, user, text);

async function press(message: Message, data: string, user: User, options: { forged?: boolean } = {}) {
  const mark = h.api.mark();
  const queryId = h.api.pressButton(message, data, user, options);
  await h.api.waitForCall(
    (c) => c.method === "answerCallbackQuery" && c.params.callback_query_id === queryId,
    {
      after: mark,
    },
  );
  return { mark, queryId };
}

function button(message: Message, label: RegExp) {
  const found = buttonsOf(message).find((b) => label.test(b.text));
  if (!found) throw new Error(`no button ${label} on: ${JSON.stringify(message.reply_markup)}`);
  return found;
}

/** An item whose title, asked with its district and year, the engine answers with that very item. */
function askableItem(): { report: Report; sectionNo: number; item: Item; question: string; ref: string } {
  for (const report of h.engine.reports()) {
    for (const section of report.sections) {
      for (const item of section.items) {
        if (item.no === null || item.title.length < 4) continue;
        const question = `${shortDistrict(report.district)}${report.year}年${item.title}`;
        const ref = itemRef(report.id, section.no, item.no);
        const answer = h.engine.ask(question);
        if (answer.found && answer.results[answer.answer?.result ?? 0]?.ref === ref) {
          return { report, sectionNo: section.no, item, question, ref };
        }
      }
    }
  }
  throw new Error("no item of the corpus is found by its own title");
}

/** A question with at least two pages of results. */
function multiResultQuestion(): string {
  const candidates = h.engine
    .reports()
    .flatMap((r) => r.sections.flatMap((s) => s.items.map((i) => ({ r, i }))));
  for (const { r, i } of candidates) {
    const question = `${shortDistrict(r.district)}${r.year}年${i.title}`;
    if (h.engine.ask(question, { top: 5 }).results.length >= 3) return question;
  }
  throw new Error("no question with three results");
}

describe("/start", () => {
  test("welcomes, lists the covered reports and offers example questions as buttons that answer", async () => {
    const { user, chat } = newUser();
    const welcome = await say(chat, user, "/start");
    expect(welcome.text).toContain("你好");
    for (const report of h.engine.reports()) expect(welcome.text).toContain(report.title);
    const examples = buttonsOf(welcome).filter((b) => b.callback_data?.startsWith("ex:"));
    expect(examples.length).toBeGreaterThanOrEqual(2);

    const { mark } = await press(welcome, examples[0]!.callback_data!, user);
    const answer = await h.api.waitForMessage(chat.id, { after: mark });
    const question = examples[0]!.text.replace(/^💬\s*/, "");
    const expected = h.engine.ask(question, { top: 5 });
    const top = expected.results[expected.answer!.result]!;
    expect(answer.text).toContain(top.excerpt);
    expect(answer.text).toContain(compactCitationText(top));
  });

  test("registers the command menu per scope, with Chinese descriptions, at start", () => {
    const scopes = h.api.commands.map((call) => (call.scope as { type: string }).type).sort();
    expect(scopes).toEqual(["all_chat_administrators", "all_group_chats", "all_private_chats"]);
    const inPrivate = h.api.menu("all_private_chats").map((c) => c.command);
    const inGroups = h.api.menu("all_group_chats").map((c) => c.command);
    // Any private text is a question, so /ask is only offered in groups; /start only where it greets.
    expect(inPrivate).toEqual(COMMANDS.filter((c) => c.where.includes("private")).map((c) => c.command));
    expect(inPrivate).not.toContain("ask");
    expect(inGroups).toContain("ask");
    expect(inGroups).not.toContain("start");
    expect(h.api.menu("all_chat_administrators").map((c) => c.command)).toEqual(inGroups);
    for (const scope of ["all_private_chats", "all_group_chats"])
      for (const command of h.api.menu(scope)) expect(command.description).toMatch(/\p{Script=Han}/u);
  });
});

describe("a question", () => {
  test("is answered with the item's sentence, bold terms, a compact citation and the answer buttons", async () => {
    const { report, sectionNo, item, question } = askableItem();
    const { user, chat } = newUser();
    const reply = await say(chat, user, question);
    // One short line under the answer: report, section, item; the long title and the publisher wait in 查看原文.
    const citation = reply.text!.split("\n").find((line) => line.startsWith("📄"))!;
    expect(citation).toBe(
      `📄 ${report.district}${report.year}年工作总结 · 第${sectionNo}部分 · 第${item.no}条`,
    );
    expect(Array.from(citation).length).toBeLessThanOrEqual(32);
    expect(reply.text).not.toContain(`《${report.title}》`);
    expect(boldTextsOf(reply).length).toBeGreaterThan(0);
    const labels = buttonsOf(reply).map((b) => b.text);
    expect(labels).toEqual(expect.arrayContaining(["📖 查看原文", "👍", "👎"]));
  });

  test("bolds only what was asked: the figure in the asked unit of the question's clause, and its words", async () => {
    const { user, chat } = newUser();
    const reply = await say(chat, user, "嘉定17年新建了多少个图书馆");
    expect(reply.text).toContain("图书馆15个");
    const bold = boldTextsOf(reply);
    // (Adjacent marks are one bold run.)
    expect(bold).toContain("图书馆15个");
    // The item's other figures (创新实验室19个, 体育馆2个) were not asked.
    expect(bold).not.toContain("19个");
    expect(bold).not.toContain("2个");
  });

  test("「下一条」 on a message deleted meanwhile is answered quietly, without 「出错了」", async () => {
    const { user, chat } = newUser();
    const first = await say(chat, user, multiResultQuestion());
    const deleted = await fetch(`${h.api.apiRoot}/bot${h.api.token}/deleteMessage`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ chat_id: chat.id, message_id: first.message_id }),
    });
    expect(deleted.ok).toBe(true);
    const { mark } = await press(first, button(first, /下一条/).callback_data!, user, { forged: true });
    await h.api.expectNoCall("sendMessage", { after: mark, ms: 500 });
  });

  test("a button whose data matches nothing is still answered, so the spinner stops", async () => {
    const { user, chat } = newUser();
    const first = await say(chat, user, multiResultQuestion());
    const { queryId } = await press(first, "zz:forged-or-from-an-old-version", user, { forged: true });
    expect(h.api.callbackAnswers.get(queryId)?.text).toBe("这个按钮已失效，请重新提问");
  });

  test("「下一条」 edits the same message in place, and 「上一条」 goes back", async () => {
    const { user, chat } = newUser();
    const first = await say(chat, user, multiResultQuestion());
    expect(first.text).toMatch(/第 1\/\d+ 条/);

    const { mark } = await press(first, button(first, /下一条/).callback_data!, user);
    const edit = await h.api.waitForCall("editMessageText", { after: mark });
    expect(Number(edit.params.message_id)).toBe(first.message_id);
    const second = h.api.message(chat.id, first.message_id)!;
    expect(second.text).not.toBe(first.text);
    expect(second.text).toMatch(/第 2\/\d+ 条/);
    expect(second.text).toMatch(COMPACT_CITATION);
    expect(h.api.botMessages(chat.id)).toHaveLength(1); // edited, not sent anew

    await press(second, button(second, /上一条/).callback_data!, user);
    await h.api.waitFor(() => (h.api.message(chat.id, first.message_id)!.edits === 2 ? true : undefined));
    expect(h.api.message(chat.id, first.message_id)!.text).toBe(first.text);
  });

  test("「查看原文」 sends the whole item with its place in the report", async () => {
    const { item, question } = askableItem();
    const { user, chat } = newUser();
    const answer = await say(chat, user, question);
    const { mark } = await press(answer, button(answer, /查看原文/).callback_data!, user);
    const full = await h.api.waitForMessage(chat.id, { after: mark });
    const opening = itemFullText(item).split("\n")[0]!.trim().slice(0, 30);
    expect(full.text).toContain(opening);
    expect(full.text).toContain(item.title);
    // The full citation: report · section · item · publisher and date, as the command line prints it.
    const located = h.engine.item(button(answer, /查看原文/).callback_data!.replace(/^it:/, ""))!;
    const section = located.section;
    expect(full.text).toContain(
      `📄 出处：《${located.report.title}》 · 第${section.no}部分 ${section.title}`,
    );
    expect(full.text).toContain(`第${item.no}条 ${item.title}`);
    if (located.report.publisher) expect(full.text).toContain(located.report.publisher);
    if (located.report.date) expect(full.text).toContain(located.report.date);
    expect(buttonsOf(full).map((b) => b.text)).toContain("📑 查看大纲");
  });

  test("👍/👎 are recorded with the question and the shown item, once per page", async () => {
    const question = multiResultQuestion();
    const { user, chat } = newUser();
    const first = await say(chat, user, question);
    const before = h.feedback.entries.length;

    const { queryId } = await press(first, button(first, /👍/).callback_data!, user);
    expect(String(h.api.callbackAnswers.get(queryId)?.text)).toContain("谢谢");
    await press(first, button(first, /👍/).callback_data!, user); // a double tap
    expect(h.feedback.entries.length).toBe(before + 1);
    const expected = h.engine.ask(question, { top: 5 });
    expect(h.feedback.entries.at(-1)).toMatchObject({
      chatId: chat.id,
      userId: user.id,
      question,
      itemRef: expected.results[expected.answer!.result]!.ref,
      vote: "up",
    });

    const paged = await press(first, button(first, /下一条/).callback_data!, user);
    await h.api.waitForCall("editMessageText", { after: paged.mark });
    const second = h.api.message(chat.id, first.message_id)!;
    await press(second, button(second, /👎/).callback_data!, user);
    expect(h.feedback.entries.length).toBe(before + 2);
    const shownRef = buttonsOf(second)
      .find((b) => b.text.includes("原文"))!
      .callback_data!.replace(/^it:/, "");
    expect(h.feedback.entries.at(-1)).toMatchObject({ vote: "down", itemRef: shownRef, question });
  });

  test("a vote can be changed, and the buttons show the vote given", async () => {
    const { user, chat } = newUser();
    const first = await say(chat, user, multiResultQuestion());
    const before = h.feedback.entries.length;
    const up = await press(first, button(first, /👍/).callback_data!, user);
    await h.api.waitForCall("editMessageReplyMarkup", { after: up.mark });
    const marked = h.api.message(chat.id, first.message_id)!;
    expect(buttonsOf(marked).map((b) => b.text)).toContain("👍 ✓");

    const down = await press(marked, button(marked, /👎/).callback_data!, user);
    expect(String(h.api.callbackAnswers.get(down.queryId)?.text)).toContain("已改为 👎");
    await h.api.waitForCall("editMessageReplyMarkup", { after: down.mark });
    const changed = h.api.message(chat.id, first.message_id)!;
    expect(buttonsOf(changed).map((b) => b.text)).toEqual(expect.arrayContaining(["👍", "👎 ✓"]));
    expect(h.feedback.entries.slice(before).map((entry) => entry.vote)).toEqual(["up", "down"]);
  });

  test("nothing found: says so, echoes the question, lists what is covered — no guessing", async () => {
    const { user, chat } = newUser();
    const reply = await say(chat, user, "火星殖民地2099年的航天预算是多少");
    expect(reply.text).toContain("没有");
    expect(reply.text).toContain("火星殖民地2099年的航天预算是多少");
    for (const c of h.engine.coverage()) expect(reply.text).toContain(c.district);
    expect(reply.text).not.toContain("📄");
  });
});

describe("bad input", () => {
  test("HTML and Markdown in a question come back literally, never as a parse error", async () => {
    const { user, chat } = newUser();
    const nasty = `<script>alert("x")</script> <b>粗体</b> & *星号* _下划线_ [链接](http://x) &amp;`;
    const reply = await say(chat, user, nasty);
    expect(reply.text).toContain(nasty.replace(/\s+/g, " "));
    expect(
      reply.entities?.some(
        (e) => e.type === "bold" && reply.text!.slice(e.offset, e.offset + e.length) === "粗体",
      ),
    ).not.toBe(true);
    expect(h.api.calls.filter((c) => !c.ok && /parse entities/.test(c.error ?? ""))).toEqual([]);
  });

  test("5000 characters: asked politely to shorten", async () => {
    const { user, chat } = newUser();
    const reply = await say(chat, user, "教".repeat(5000));
    expect(reply.text).toContain("太长");
    expect(reply.text).toContain("5000");
  });

  test("emoji only: asked for words", async () => {
    const { user, chat } = newUser();
    const reply = await say(chat, user, "🤔🤔🎉");
    expect(reply.text).toContain("没看懂");
  });

  test("/ask without a question: told how to ask", async () => {
    const { user, chat } = newUser();
    const reply = await say(chat, user, "/ask   ");
    expect(reply.text).toContain("/ask");
    expect(reply.text).toContain("例如");
  });

  test("an unknown command gets a short help, not silence", async () => {
    const { user, chat } = newUser();
    const reply = await say(chat, user, "/frobnicate now");
    expect(reply.text).toContain("/frobnicate");
    expect(reply.text).toContain("/help");
  });
});

describe("reports and items", () => {
  test("/reports lists every report with district, year, title, item count, and opens an outline", async () => {
    const { user, chat } = newUser();
    const list = await say(chat, user, "/reports");
    for (const report of h.engine.reports()) {
      const items = report.sections.reduce((n, s) => n + s.items.length, 0);
      expect(list.text).toContain(report.title);
      expect(list.text).toContain(`${report.district} · ${report.year}年`);
      expect(list.text).toContain(`${items} 条`);
      expect(list.text).toContain(report.id);
    }
    const report = h.engine.reports()[0]!;
    const { mark } = await press(list, `rp:${report.id}`, user);
    const outline = await h.api.waitForMessage(chat.id, { after: mark });
    expect(outline.text).toContain(report.title);
  });

  test("/report ID shows every section and item title, each a deep link that opens the item", async () => {
    const { user, chat } = newUser();
    const report = h.engine.reports().at(-1)!;
    const mark = h.api.mark();
    h.api.sendText(chat, user, `/report ${report.id}`);
    const parts = await h.api.waitForMessages(chat.id, 1, { after: mark });
    await new Promise((r) => setTimeout(r, 200)); // an outline may take more than one message
    const all = h.api.calls
      .filter((c) => c.index >= mark && c.method === "sendMessage" && c.ok)
      .map((c) => h.api.message(chat.id, (c.result as Message).message_id)!);
    const text = all.map((m) => m.text).join("\n");
    for (const section of report.sections) {
      expect(text).toContain(section.title);
      for (const item of section.items) expect(text).toContain(item.title);
    }
    const links = all.flatMap((m) =>
      (m.entities ?? []).filter((e) => e.type === "text_link").map((e) => e.url!),
    );
    expect(links.length).toBe(report.sections.reduce((n, s) => n + s.items.length, 0));
    expect(parts[0]!.text).toContain(report.title);

    // Follow one deep link as Telegram does: /start with its payload.
    const link = new URL(links[0]!);
    expect(link.pathname).toBe(`/${h.api.botUser.username}`);
    const opened = await say(chat, user, `/start ${link.searchParams.get("start")}`);
    const firstItem = report.sections[0]!.items[0]!;
    expect(opened.text).toContain(firstItem.title);
  });

  test("/item ID shows one item in full; a bad ID is explained", async () => {
    const { user, chat } = newUser();
    const report = h.engine.reports()[0]!;
    const section = report.sections[1]!;
    const item = section.items[0]!;
    const shown = await say(chat, user, `/item ${itemRef(report.id, section.no, item.no)}`);
    expect(shown.text).toContain(item.title);
    expect(shown.text).toContain(section.title);
    const bad = await say(chat, user, "/item nope_1_1");
    expect(bad.text).toContain("没有找到条目");
    const unknownReport = await say(chat, user, "/report <nope>");
    expect(unknownReport.text).toContain("没有找到报告「<nope>」");
  });
});
