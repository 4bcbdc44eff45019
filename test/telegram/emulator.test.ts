/**
 * The Bot API emulator itself, driven through grammY's own API client: the parts other tests rely on (long poll
 * and offsets, HTML validation, files) must behave like the real server, or the end-to-end tests prove nothing.
 */
import { Api, GrammyError } from "grammy";
import { afterEach, beforeEach, expect, test } from "vitest";
import { BotApiServer } from "../support/bot-api-server.js";

let server: BotApiServer;
let api: Api;

beforeEach(async () => {
  server = await BotApiServer.start({ maxPollMs: 400 });
  api = new Api(server.token, { apiRoot: server.apiRoot });
});
afterEach(() => server.stop());

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as GrammyError,
  );

test("getUpdates long-polls (bounded), wakes on a new update, and forgets confirmed ones", async () => {
  const user = server.user(1);
  const t0 = performance.now();
  expect(await api.getUpdates({ timeout: 30 })).toEqual([]);
  const waited = performance.now() - t0;
  expect(waited).toBeGreaterThanOrEqual(350);
  // Bounded by the emulator's cap, far below the 30 s asked for (a loaded machine only adds to the wait).
  expect(waited).toBeLessThan(30_000);

  const pending = api.getUpdates({ timeout: 30 });
  setTimeout(() => server.sendText(server.privateChat(user), user, "/start"), 50);
  const [update] = await pending;
  expect(update!.message!.text).toBe("/start");
  expect(update!.message!.entities).toEqual([{ type: "bot_command", offset: 0, length: 6 }]);

  expect(await api.getUpdates({ offset: update!.update_id, timeout: 0 })).toHaveLength(1);
  expect(await api.getUpdates({ offset: update!.update_id + 1, timeout: 0 })).toEqual([]);
});

test("HTML is validated like the Bot API: bad markup is a 400 'can't parse entities'", async () => {
  const chat = server.privateChat(server.user(2));
  const error = await errorOf(api.sendMessage(chat.id, "<script>x</script>", { parse_mode: "HTML" }));
  expect(error).toBeInstanceOf(GrammyError);
  expect(error!.description).toContain("can't parse entities");
  expect((await errorOf(api.sendMessage(chat.id, "a & b", { parse_mode: "HTML" })))!.error_code).toBe(400);
  expect((await errorOf(api.sendMessage(chat.id, "x".repeat(4097))))!.description).toContain("too long");

  const sent = await api.sendMessage(chat.id, "<b>粗</b> &lt;ok&gt;", { parse_mode: "HTML" });
  expect(sent.text).toBe("粗 <ok>");
  expect(sent.entities).toEqual([{ type: "bold", offset: 0, length: 1 }]);
});

test("edits, deletes, chat actions, commands; unknown methods and tokens are refused", async () => {
  const chat = server.privateChat(server.user(3));
  const sent = await api.sendMessage(chat.id, "一");
  await api.editMessageText(chat.id, sent.message_id, "二");
  expect(server.message(chat.id, sent.message_id)!.text).toBe("二");
  expect((await errorOf(api.editMessageText(chat.id, sent.message_id, "二")))!.description).toContain(
    "not modified",
  );
  expect(await api.sendChatAction(chat.id, "typing")).toBe(true);
  expect(await api.deleteMessage(chat.id, sent.message_id)).toBe(true);
  expect(server.message(chat.id, sent.message_id)).toBeUndefined();
  expect((await errorOf(api.setMyCommands([{ command: "Bad-Name", description: "x" }])))!.error_code).toBe(
    400,
  );
  expect((await errorOf(api.raw.sendSticker({ chat_id: chat.id, sticker: "x" })))!.error_code).toBe(404);
  const stranger = new Api("1:wrong-token", { apiRoot: server.apiRoot });
  expect((await errorOf(stranger.getMe()))!.error_code).toBe(401);
});

test("documents: getFile gives a path the bot can download from /file/bot<token>/…", async () => {
  const user = server.user(4);
  const message = server.sendDocument(server.privateChat(user), user, {
    name: "报告.TXT",
    content: "一、总体情况\n1.测试。",
    mimeType: "text/plain",
  });
  const file = await api.getFile(message.document!.file_id);
  expect(file.file_path).toMatch(/\.txt$/);
  const response = await fetch(`${server.apiRoot}/file/bot${server.token}/${file.file_path}`);
  expect(await response.text()).toBe("一、总体情况\n1.测试。");
  expect((await fetch(`${server.apiRoot}/file/bot1:wrong/${file.file_path}`)).status).toBe(401);
  expect((await errorOf(api.getFile("nope")))!.description).toContain("invalid file_id");
});

test("a webhook blocks getUpdates with 409 until deleted; failures can be injected", async () => {
  await api.setWebhook("https://example.org/hook", { secret_token: "abc" });
  expect((await errorOf(api.getUpdates({ timeout: 0 })))!.error_code).toBe(409);
  await api.deleteWebhook();
  expect(await api.getUpdates({ timeout: 0 })).toEqual([]);

  server.failNext("getMe", { error_code: 500, description: "Internal Server Error" });
  expect((await errorOf(api.getMe()))!.error_code).toBe(500);
  expect((await api.getMe()).username).toBe(server.botUser.username);
});

test("refuses what Telegram refuses: over 100 buttons, over 8 in a row, callback data over 64 bytes, text over 4096", async () => {
  const chat = server.privateChat(server.user(5));
  const button = (i: number) => ({ text: `${i}`, callback_data: `b:${i}` });
  const rows = (count: number) => Array.from({ length: count }, (_, i) => [button(i)]);
  const tooMany = await errorOf(
    api.sendMessage(chat.id, "列表", { reply_markup: { inline_keyboard: rows(101) } }),
  );
  expect(tooMany!.error_code).toBe(400);
  expect(tooMany!.description).toBe("Bad Request: reply markup is too long");
  // Exactly 100 is allowed, also when an edit sets the keyboard.
  const sent = await api.sendMessage(chat.id, "列表", { reply_markup: { inline_keyboard: rows(100) } });
  expect(sent.reply_markup?.inline_keyboard).toHaveLength(100);
  const wide = [Array.from({ length: 9 }, (_, i) => button(i))];
  expect(
    (await errorOf(
      api.editMessageReplyMarkup(chat.id, sent.message_id, { reply_markup: { inline_keyboard: wide } }),
    ))!.error_code,
  ).toBe(400);
  // 64 bytes of data is the limit: 21 Chinese characters are 63 bytes, 22 are 66.
  const data = (chars: number) => ({ inline_keyboard: [[{ text: "x", callback_data: "区".repeat(chars) }]] });
  await api.sendMessage(chat.id, "可以", { reply_markup: data(21) });
  const long = await errorOf(api.sendMessage(chat.id, "太长", { reply_markup: data(22) }));
  expect(long!.description).toBe("Bad Request: BUTTON_DATA_INVALID");
  // 4096 characters after the markup is parsed: tags do not count, text does.
  await api.sendMessage(chat.id, `<b>${"字".repeat(4096)}</b>`, { parse_mode: "HTML" });
  const over = await errorOf(api.sendMessage(chat.id, `<b>${"字".repeat(4097)}</b>`, { parse_mode: "HTML" }));
  expect(over!.description).toBe("Bad Request: message is too long");
});

test("the command menu is kept per scope, as getMyCommands answers it", async () => {
  await api.setMyCommands([{ command: "start", description: "开始" }], {
    scope: { type: "all_private_chats" },
  });
  await api.setMyCommands([{ command: "ask", description: "提问" }], { scope: { type: "all_group_chats" } });
  expect(await api.getMyCommands({ scope: { type: "all_private_chats" } })).toEqual([
    { command: "start", description: "开始" },
  ]);
  expect(server.menu("all_group_chats")).toEqual([{ command: "ask", description: "提问" }]);
  expect(await api.getMyCommands()).toEqual([]);
  const bad = await errorOf(api.raw.setMyCommands({ commands: [], scope: { type: "everyone" } as never }));
  expect(bad!.error_code).toBe(400);
});
