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
