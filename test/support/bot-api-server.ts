/**
 * A small, real HTTP Telegram Bot API emulator for end-to-end tests and benchmarks.
 *
 * The bot under test is the real grammY bot: point `client.apiRoot` (TELEGRAM_API_ROOT) at `server.apiRoot`.
 * The server listens on 127.0.0.1 (random port), records every call, long-polls `getUpdates` for real (bounded),
 * validates HTML like the Bot API (a missed escape fails as "can't parse entities"), keeps the messages it sent
 * so edits can be checked, and lets a test act as users: send text and commands, press buttons, type inline
 * queries, upload documents. Every wait is bounded.
 */
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { HtmlParseError, type MessageEntity, parseTelegramHtml } from "./telegram-html.js";

export type Params = Record<string, unknown>;

export interface RecordedCall {
  /** Position in `calls`, usable as a mark for "calls after this one". */
  index: number;
  method: string;
  params: Params;
  /** `performance.now()` when the request arrived. */
  at: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

export interface User {
  id: number;
  is_bot: boolean;
  first_name: string;
  username?: string;
  language_code?: string;
}

export interface Chat {
  id: number;
  type: "private" | "group" | "supergroup" | "channel";
  title?: string;
  first_name?: string;
  username?: string;
}

export interface Button {
  text: string;
  callback_data?: string;
  url?: string;
  switch_inline_query?: string;
  switch_inline_query_current_chat?: string;
}

/** A message as stored by the emulator: what the user sees, plus the raw HTML the bot sent. */
export interface Message {
  message_id: number;
  date: number;
  chat: Chat;
  from: User;
  text?: string;
  entities?: MessageEntity[];
  caption?: string;
  document?: Document;
  reply_to_message?: Message;
  reply_markup?: { inline_keyboard: Button[][] };
  /** Raw text as sent by the bot (HTML source); absent for user messages. */
  html?: string;
  /** How many times the bot edited it. */
  edits?: number;
  /** When its sender last edited it (user messages). */
  edit_date?: number;
}

export interface Document {
  file_id: string;
  file_unique_id: string;
  file_name?: string;
  mime_type?: string;
  file_size: number;
}

export interface Update {
  update_id: number;
  message?: Message;
  edited_message?: Message;
  callback_query?: { id: string; from: User; message: Message; chat_instance: string; data: string };
  inline_query?: { id: string; from: User; query: string; offset: string; chat_type?: string };
}

export interface InjectedFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export interface BotApiServerOptions {
  token?: string;
  bot?: Partial<User> & { can_join_groups?: boolean; supports_inline_queries?: boolean };
  /** Upper bound for one long poll, whatever `timeout` the bot asks for (default 1000 ms). */
  maxPollMs?: number;
  /** How long sendMessage takes before it answers (a network round trip to Telegram), ms. Default 0. */
  sendLatencyMs?: number;
}

const DEFAULT_TOKEN = "123456789:TEST-token-for-the-emulator-only";
const MESSAGE_LIMIT = 4096;
const MAX_BUTTONS = 100;

type Handler = (params: Params, request: IncomingMessage) => unknown | Promise<unknown>;

class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: InjectedFailure["parameters"],
  ) {
    super(description);
  }
}

export class BotApiServer {
  readonly token: string;
  readonly botUser: User & { can_join_groups: boolean; supports_inline_queries: boolean };
  readonly calls: RecordedCall[] = [];
  readonly updates: Update[] = [];
  /** `performance.now()` when each update was handed to the bot by getUpdates. */
  readonly deliveredAt = new Map<number, number>();
  readonly inlineAnswers = new Map<string, Params>();
  readonly callbackAnswers = new Map<string, Params>();
  /** Every setMyCommands call, in order. */
  commands: Params[] = [];
  /** The menu now set per scope and language, as getMyCommands answers it. */
  private readonly menus = new Map<string, { command: string; description: string }[]>();
  webhook: { url: string; secret_token?: string } | undefined;
  /** Each POST of an update to the webhook: HTTP status (0: no connection), in order. */
  readonly webhookDeliveries: Array<{ update_id: number; status: number; at: number }> = [];
  private webhookQueue: Promise<void> = Promise.resolve();

  private server: Server | undefined;
  private port = 0;
  private readonly maxPollMs: number;
  private readonly sendLatencyMs: number;
  private readonly events = new EventEmitter();
  private readonly messages = new Map<string, Message>();
  private readonly chats = new Map<number, Chat>();
  private readonly files = new Map<string, { path: string; content: Buffer; unique: string }>();
  private readonly failures = new Map<string, InjectedFailure[]>();
  private readonly handlers: Record<string, Handler>;
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private nextId = 1;

  constructor(options: BotApiServerOptions = {}) {
    this.token = options.token ?? DEFAULT_TOKEN;
    this.maxPollMs = options.maxPollMs ?? 1000;
    this.sendLatencyMs = options.sendLatencyMs ?? 0;
    this.events.setMaxListeners(0);
    this.botUser = {
      id: Number(this.token.split(":")[0]),
      is_bot: true,
      first_name: "教育报告助手",
      username: "edu_report_test_bot",
      can_join_groups: true,
      supports_inline_queries: true,
      ...options.bot,
    };
    this.handlers = {
      getMe: () => this.botUser,
      getUpdates: (params, request) => this.getUpdates(params, request),
      sendMessage: (params) => this.sendMessage(params),
      editMessageText: (params) => this.editMessageText(params),
      editMessageReplyMarkup: (params) => this.editMessageReplyMarkup(params),
      deleteMessage: (params) =>
        this.messages.delete(this.key(params.chat_id, params.message_id)) ||
        this.fail400("message to delete not found"),
      answerCallbackQuery: (params) => this.answerOnce(this.callbackAnswers, "callback_query_id", params),
      answerInlineQuery: (params) => this.answerInlineQuery(params),
      sendChatAction: (params) => {
        this.chatOf(params.chat_id);
        return true;
      },
      setMyCommands: (params) => this.setMyCommands(params),
      getMyCommands: (params) => this.menus.get(menuKey(params)) ?? [],
      deleteMyCommands: (params) => {
        this.menus.delete(menuKey(params));
        return true;
      },
      getFile: (params) => this.getFile(params),
      setWebhook: (params) => {
        const secret = params.secret_token ? { secret_token: String(params.secret_token) } : {};
        this.webhook = { url: String(params.url), ...secret };
        return true;
      },
      deleteWebhook: () => {
        this.webhook = undefined;
        return true;
      },
      getWebhookInfo: () => ({
        url: this.webhook?.url ?? "",
        has_custom_certificate: false,
        pending_update_count: this.updates.length,
      }),
    };
  }

  static async start(options: BotApiServerOptions = {}): Promise<BotApiServer> {
    const server = new BotApiServer(options);
    await server.listen();
    return server;
  }

  /** What to give grammY as `client.apiRoot`. */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen(): Promise<void> {
    this.server = createServer((request, response) => void this.route(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.events.emit("stop");
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ---- acting as users -------------------------------------------------------------------------------------

  user(id: number, firstName = `用户${id}`): User {
    return { id, is_bot: false, first_name: firstName, language_code: "zh-hans" };
  }

  privateChat(user: User): Chat {
    return { id: user.id, type: "private", first_name: user.first_name };
  }

  groupChat(id: number, title = "教研群"): Chat {
    return { id: -Math.abs(id), type: "supergroup", title };
  }

  /**
   * A user sends text. Commands get their `bot_command` entity and `@mentions` a `mention` entity, as the real
   * clients do; `replyTo` makes it a reply to a stored message.
   */
  sendText(chat: Chat, from: User, text: string, options: { replyTo?: Message } = {}): Message {
    const entities: MessageEntity[] = [];
    for (const match of text.matchAll(/(?<![\w@])\/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?|@[A-Za-z0-9_]{5,32}/g)) {
      const isCommand = match[0].startsWith("/");
      // Clients mark a command only at the start of a message; mentions anywhere.
      if (isCommand && match.index !== 0) continue;
      entities.push({
        type: isCommand ? "bot_command" : "mention",
        offset: match.index!,
        length: match[0].length,
      });
    }
    const message: Message = {
      message_id: this.nextMessageId++,
      date: nowSeconds(),
      chat,
      from,
      text,
      ...(entities.length ? { entities } : {}),
      ...(options.replyTo ? { reply_to_message: options.replyTo } : {}),
    };
    this.store(message);
    this.push({ message });
    return message;
  }

  /** A user edits a message they sent: Telegram delivers it again as `edited_message`. */
  editText(message: Message, text: string): Message {
    const edited: Message = { ...message, text, edit_date: nowSeconds() };
    delete edited.entities;
    this.store(edited);
    this.push({ edited_message: edited });
    return edited;
  }

  /** A user uploads a document; the bot can fetch it with getFile and download it from `/file/bot<token>/…`. */
  sendDocument(
    chat: Chat,
    from: User,
    file: { name: string; content: Buffer | string; mimeType?: string; caption?: string },
  ): Message {
    const document = this.addFile(file.content, file.name, file.mimeType);
    const message: Message = {
      message_id: this.nextMessageId++,
      date: nowSeconds(),
      chat,
      from,
      document,
      ...(file.caption ? { caption: file.caption } : {}),
    };
    this.store(message);
    this.push({ message });
    return message;
  }

  /** Registers a file for getFile/download without sending it. */
  addFile(content: Buffer | string, name = "file.bin", mimeType?: string): Document {
    const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const id = this.nextId++;
    const fileId = `FILE${id}`;
    const unique = `U${id}`;
    this.files.set(fileId, { path: `documents/file_${id}${extensionOf(name)}`, content: bytes, unique });
    return {
      file_id: fileId,
      file_unique_id: unique,
      file_name: name,
      file_size: bytes.length,
      ...(mimeType ? { mime_type: mimeType } : {}),
    };
  }

  /**
   * A user presses an inline button. Throws if the message has no button with that data, as a user could not
   * press it — unless `forged`: a modified client sends any data, and a client that still shows a message
   * deleted meanwhile (another device) presses its button anyway.
   */
  pressButton(message: Message, data: string, from: User, { forged = false } = {}): string {
    const stored = this.message(message.chat.id, message.message_id);
    const exists = stored?.reply_markup?.inline_keyboard
      .flat()
      .some((button) => button.callback_data === data);
    if (!forged && (!stored || !exists))
      throw new Error(`no button with data ${JSON.stringify(data)} on message ${message.message_id}`);
    const shown = stored ?? message;
    const id = `CQ${this.nextId++}`;
    this.push({ callback_query: { id, from, message: shown, chat_instance: `CI${shown.chat.id}`, data } });
    return id;
  }

  /** A user types `@bot query` in any chat. Returns the inline query id. */
  inlineQuery(from: User, query: string, offset = ""): string {
    const id = `IQ${this.nextId++}`;
    this.push({ inline_query: { id, from, query, offset, chat_type: "sender" } });
    return id;
  }

  /** Makes the next call(s) to `method` fail, e.g. `{ error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } }`. */
  failNext(method: string, failure: InjectedFailure, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    this.failures.set(method, queue);
  }

  // ---- observing the bot -----------------------------------------------------------------------------------

  /** Index to pass as `after` to the waits: only calls made from now on count. */
  mark(): number {
    return this.calls.length;
  }

  /** The message as it is now (after edits). */
  message(chatId: number, messageId: number): Message | undefined {
    return this.messages.get(this.key(chatId, messageId));
  }

  /** The bot's messages in a chat, oldest first. */
  botMessages(chatId: number): Message[] {
    return [...this.messages.values()].filter((m) => m.chat.id === chatId && m.from.id === this.botUser.id);
  }

  /** Resolves with the first (successful, unless `includeFailed`) call matching, made after `after`; rejects after `timeoutMs`. */
  waitForCall(
    method: string | ((call: RecordedCall) => boolean),
    {
      after = 0,
      timeoutMs = 5000,
      includeFailed = false,
    }: { after?: number; timeoutMs?: number; includeFailed?: boolean } = {},
  ): Promise<RecordedCall> {
    const matches = (call: RecordedCall) =>
      call.index >= after &&
      (includeFailed || call.ok) &&
      (typeof method === "string" ? call.method === method : method(call));
    // Scan only from `after`: benchmarks make thousands of calls and the bot shares this event loop.
    const find = () => {
      for (let i = Math.max(after, 0); i < this.calls.length; i++)
        if (matches(this.calls[i]!)) return this.calls[i];
      return undefined;
    };
    return this.waitFor(find, timeoutMs, `call ${String(method)}`);
  }

  /** The next `count` messages the bot sends to a chat after `after`, as the user sees them. */
  async waitForMessages(
    chatId: number,
    count: number,
    options: { after?: number; timeoutMs?: number } = {},
  ): Promise<Message[]> {
    const after = options.after ?? 0;
    const sent = () =>
      this.calls.filter(
        (c) => c.index >= after && c.ok && c.method === "sendMessage" && sameChat(c.params.chat_id, chatId),
      );
    await this.waitFor(
      () => (sent().length >= count ? true : undefined),
      options.timeoutMs ?? 5000,
      `${count} message(s) to ${chatId}`,
    );
    return sent()
      .slice(0, count)
      .map((c) => this.message(chatId, (c.result as Message).message_id) ?? (c.result as Message));
  }

  async waitForMessage(
    chatId: number,
    options: { after?: number; timeoutMs?: number } = {},
  ): Promise<Message> {
    const [message] = await this.waitForMessages(chatId, 1, options);
    return message!;
  }

  /** Resolves when `check` returns something other than undefined, re-checked on every call; bounded by `timeoutMs`. */
  waitFor<T>(check: () => T | undefined, timeoutMs = 5000, what = "condition"): Promise<T> {
    return new Promise((resolve, reject) => {
      const done = (value: T) => {
        cleanup();
        resolve(value);
      };
      const attempt = () => {
        const value = check();
        if (value !== undefined) done(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.events.off("call", attempt);
      };
      this.events.on("call", attempt);
      attempt();
    });
  }

  /** Asserts that nothing matching happens within `ms` (for "the bot stays quiet"). */
  async expectNoCall(
    method: string,
    { after = 0, ms = 500 }: { after?: number; ms?: number } = {},
  ): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    const call = this.calls.find((c) => c.index >= after && c.method === method);
    if (call) throw new Error(`unexpected ${method}: ${JSON.stringify(call.params).slice(0, 300)}`);
  }

  // ---- HTTP ------------------------------------------------------------------------------------------------

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", this.apiRoot);
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) return this.download(file[1]!, decodeURIComponent(file[2]!), response);
    const api = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!api) return reply(response, 404, { ok: false, error_code: 404, description: "Not Found" });
    if (api[1] !== this.token)
      return reply(response, 401, { ok: false, error_code: 401, description: "Unauthorized" });

    const method = api[2]!;
    const call: RecordedCall = { index: -1, method, params: {}, at: performance.now(), ok: false };
    try {
      call.params = { ...Object.fromEntries(url.searchParams), ...(await readBody(request)) };
      const injected = this.failures.get(method)?.shift();
      if (injected) throw new ApiError(injected.error_code, injected.description, injected.parameters);
      if (method === "sendMessage" && this.sendLatencyMs > 0)
        await new Promise((resolve) => setTimeout(resolve, this.sendLatencyMs));
      const handler = this.handlers[method];
      if (!handler) throw new ApiError(404, "Not Found: method not found");
      call.result = await handler(call.params, request);
      call.ok = true;
      reply(response, 200, { ok: true, result: call.result });
    } catch (error) {
      const apiError =
        error instanceof ApiError
          ? error
          : error instanceof HtmlParseError
            ? new ApiError(400, `Bad Request: ${error.message}`)
            : new ApiError(500, `Internal Server Error: ${(error as Error).message}`);
      call.error = apiError.description;
      reply(response, apiError.code, {
        ok: false,
        error_code: apiError.code,
        description: apiError.description,
        ...(apiError.parameters ? { parameters: apiError.parameters } : {}),
      });
    }
    // getUpdates is polled constantly; keeping it out of `calls` keeps the record about what the bot did.
    if (method !== "getUpdates") {
      call.index = this.calls.length;
      this.calls.push(call);
      this.events.emit("call", call);
    }
  }

  private download(token: string, path: string, response: ServerResponse): void {
    const file = [...this.files.values()].find((f) => f.path === path);
    if (token !== this.token) {
      reply(response, 401, { ok: false, error_code: 401, description: "Unauthorized" });
      return;
    }
    if (!file) {
      reply(response, 404, { ok: false, error_code: 404, description: "Not Found" });
      return;
    }
    response.writeHead(200, {
      "content-type": "application/octet-stream",
      "content-length": file.content.length,
    });
    response.end(file.content);
  }

  // ---- methods ---------------------------------------------------------------------------------------------

  private getUpdates(params: Params, request: IncomingMessage): Promise<Update[]> | Update[] {
    if (this.webhook)
      throw new ApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    const offset = Number(params.offset ?? 0);
    const limit = Math.min(Math.max(Number(params.limit ?? 100), 1), 100);
    // A confirmed offset forgets earlier updates, as the real server does.
    if (offset > 0) while (this.updates.length && this.updates[0]!.update_id < offset) this.updates.shift();
    const available = () => {
      const batch = this.updates.filter((u) => u.update_id >= offset).slice(0, limit);
      if (!batch.length) return undefined;
      const now = performance.now();
      for (const update of batch)
        if (!this.deliveredAt.has(update.update_id)) this.deliveredAt.set(update.update_id, now);
      return batch;
    };
    const ready = available();
    const waitMs = Math.min(Number(params.timeout ?? 0) * 1000, this.maxPollMs);
    if (ready || waitMs <= 0) return ready ?? [];
    return new Promise((resolve) => {
      const finish = (value: Update[]) => {
        clearTimeout(timer);
        this.events.off("update", onUpdate);
        this.events.off("stop", onStop);
        request.off("close", onStop);
        resolve(value);
      };
      const onUpdate = () => {
        const batch = available();
        if (batch) finish(batch);
      };
      const onStop = () => finish([]);
      const timer = setTimeout(onStop, waitMs);
      this.events.on("update", onUpdate);
      this.events.on("stop", onStop);
      // The bot aborts its poll when it stops; do not hold state for a request nobody waits on.
      request.on("close", onStop);
    });
  }

  private sendMessage(params: Params): Message {
    const chat = this.chatOf(params.chat_id);
    const replyTo =
      (params.reply_parameters as { message_id?: number } | undefined)?.message_id ??
      params.reply_to_message_id;
    const message: Message = {
      message_id: this.nextMessageId++,
      date: nowSeconds(),
      chat,
      from: this.botUser,
      ...this.renderText(params),
      ...this.markupOf(params),
    };
    if (replyTo !== undefined) {
      const original = this.message(chat.id, Number(replyTo));
      if (original) message.reply_to_message = original;
    }
    this.store(message);
    return message;
  }

  private editMessageText(params: Params): Message {
    const message = this.ownMessage(params);
    const rendered = this.renderText(params);
    const markup = this.markupOf(params);
    if (
      rendered.text === message.text &&
      JSON.stringify(markup.reply_markup) === JSON.stringify(message.reply_markup)
    ) {
      throw new ApiError(
        400,
        "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
      );
    }
    const edited: Message = { ...message, ...rendered, edits: (message.edits ?? 0) + 1 };
    delete edited.reply_markup;
    Object.assign(edited, markup);
    this.store(edited);
    return edited;
  }

  private editMessageReplyMarkup(params: Params): Message {
    const message = this.ownMessage(params);
    const edited: Message = { ...message, edits: (message.edits ?? 0) + 1 };
    delete edited.reply_markup;
    Object.assign(edited, this.markupOf(params));
    this.store(edited);
    return edited;
  }

  private answerInlineQuery(params: Params): true {
    const results = params.results as Params[] | undefined;
    if (!Array.isArray(results)) throw new ApiError(400, "Bad Request: results must be an array");
    if (results.length > 50) throw new ApiError(400, "Bad Request: RESULTS_TOO_MUCH");
    const ids = new Set<string>();
    for (const result of results) {
      const id = String(result.id ?? "");
      if (!id || Buffer.byteLength(id) > 64 || ids.has(id))
        throw new ApiError(400, "Bad Request: RESULT_ID_INVALID");
      ids.add(id);
      const content = result.input_message_content as Params | undefined;
      if (content) this.renderText(content);
      this.markupOf(result);
    }
    return this.answerOnce(this.inlineAnswers, "inline_query_id", params);
  }

  private answerOnce(store: Map<string, Params>, idField: string, params: Params): true {
    const id = String(params[idField]);
    if (
      !this.updates.some((u) => u.callback_query?.id === id || u.inline_query?.id === id) &&
      !this.knownQueries.has(id)
    ) {
      throw new ApiError(
        400,
        "Bad Request: query is too old and response timeout expired or query ID is invalid",
      );
    }
    if (store.has(id)) throw new ApiError(400, "Bad Request: query is already answered");
    store.set(id, params);
    return true;
  }

  private setMyCommands(params: Params): true {
    const commands = params.commands as { command?: string; description?: string }[] | undefined;
    if (!Array.isArray(commands) || commands.length > 100)
      throw new ApiError(400, "Bad Request: BOT_COMMANDS_TOO_MUCH");
    for (const { command, description } of commands) {
      if (!command || !/^[a-z0-9_]{1,32}$/.test(command))
        throw new ApiError(400, "Bad Request: BOT_COMMAND_INVALID");
      if (!description || description.length > 256)
        throw new ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID");
    }
    const scope = (params.scope as { type?: string } | undefined)?.type ?? "default";
    if (!MENU_SCOPES.has(scope)) throw new ApiError(400, "Bad Request: BOT_COMMAND_SCOPE_INVALID");
    this.commands.push(params);
    this.menus.set(
      menuKey(params),
      commands.map(({ command, description }) => ({ command: command!, description: description! })),
    );
    return true;
  }

  /** The menu set for a scope (`all_private_chats`, `all_group_chats`, …) and language, as Telegram keeps it. */
  menu(scope = "default", languageCode?: string): { command: string; description: string }[] {
    return this.menus.get(menuKey({ scope: { type: scope }, language_code: languageCode })) ?? [];
  }

  private getFile(params: Params): Params {
    const file = this.files.get(String(params.file_id));
    if (!file) throw new ApiError(400, "Bad Request: invalid file_id");
    if (file.content.length > 20 * 1024 * 1024) throw new ApiError(400, "Bad Request: file is too big");
    return {
      file_id: params.file_id,
      file_unique_id: file.unique,
      file_size: file.content.length,
      file_path: file.path,
    };
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  /** Queries handed out, remembered after the update itself is confirmed and dropped. */
  private readonly knownQueries = new Set<string>();

  private push(update: Omit<Update, "update_id">): void {
    const full = { update_id: this.nextUpdateId++, ...update } as Update;
    const queryId = full.callback_query?.id ?? full.inline_query?.id;
    if (queryId) this.knownQueries.add(queryId);
    this.updates.push(full);
    this.events.emit("update");
    if (this.webhook) this.deliverToWebhook(full, this.webhook);
  }

  /**
   * Like Telegram with a webhook set: updates are POSTed one at a time, in order, with the secret header; a
   * failed delivery is retried a few times (bounded), then dropped.
   */
  private deliverToWebhook(update: Update, webhook: { url: string; secret_token?: string }): void {
    this.webhookQueue = this.webhookQueue.then(async () => {
      for (let attempt = 0; attempt < 5 && this.server; attempt++) {
        let status = 0;
        try {
          const response = await fetch(webhook.url, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              ...(webhook.secret_token ? { "x-telegram-bot-api-secret-token": webhook.secret_token } : {}),
            },
            body: JSON.stringify(update),
            signal: AbortSignal.timeout(10_000),
          });
          status = response.status;
          await response.arrayBuffer();
        } catch {
          status = 0;
        }
        this.webhookDeliveries.push({ update_id: update.update_id, status, at: performance.now() });
        if (status >= 200 && status < 300) return;
        await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
      }
    });
  }

  private renderText(params: Params): { text: string; entities?: MessageEntity[]; html: string } {
    const html = String(params.text ?? params.message_text ?? "");
    const parsed =
      params.parse_mode === "HTML"
        ? parseTelegramHtml(html)
        : { text: html, entities: (params.entities as MessageEntity[]) ?? [] };
    const text = parsed.text.trim();
    if (!text) throw new ApiError(400, "Bad Request: message text is empty");
    if (text.length > MESSAGE_LIMIT) throw new ApiError(400, "Bad Request: message is too long");
    return { text, html, ...(parsed.entities.length ? { entities: parsed.entities } : {}) };
  }

  private markupOf(params: Params): Pick<Message, "reply_markup"> {
    const markup = params.reply_markup as { inline_keyboard?: Button[][] } | undefined;
    if (!markup?.inline_keyboard) return {};
    // Telegram's limits on an inline keyboard: 100 buttons in all, 8 in a row (refused with these words).
    if (
      markup.inline_keyboard.flat().length > MAX_BUTTONS ||
      markup.inline_keyboard.some((row) => row.length > 8)
    )
      throw new ApiError(400, "Bad Request: reply markup is too long");
    for (const button of markup.inline_keyboard.flat()) {
      if (!button.text)
        throw new ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard");
      if (
        button.callback_data !== undefined &&
        (Buffer.byteLength(button.callback_data) > 64 || !button.callback_data)
      ) {
        throw new ApiError(400, "Bad Request: BUTTON_DATA_INVALID");
      }
    }
    return { reply_markup: { inline_keyboard: markup.inline_keyboard } };
  }

  private chatOf(chatId: unknown): Chat {
    const id = Number(chatId);
    if (!Number.isSafeInteger(id) || id === 0) throw new ApiError(400, "Bad Request: chat not found");
    return this.chats.get(id) ?? (id > 0 ? { id, type: "private" } : { id, type: "supergroup" });
  }

  private ownMessage(params: Params): Message {
    if (params.inline_message_id) throw new ApiError(400, "Bad Request: inline messages are not emulated");
    const message = this.message(Number(params.chat_id), Number(params.message_id));
    if (!message) throw new ApiError(400, "Bad Request: message to edit not found");
    if (message.from.id !== this.botUser.id) throw new ApiError(400, "Bad Request: message can't be edited");
    return message;
  }

  private key(chatId: unknown, messageId: unknown): string {
    return `${Number(chatId)}:${Number(messageId)}`;
  }

  private store(message: Message): void {
    this.messages.set(this.key(message.chat.id, message.message_id), message);
    if (!this.chats.has(message.chat.id)) this.chats.set(message.chat.id, message.chat);
  }

  private fail400(description: string): never {
    throw new ApiError(400, `Bad Request: ${description}`);
  }
}

/** BotCommandScope types the Bot API knows (the last three name a chat: `chat_id`, and a user for the last). */
const MENU_SCOPES = new Set([
  "default",
  "all_private_chats",
  "all_group_chats",
  "all_chat_administrators",
  "chat",
  "chat_administrators",
  "chat_member",
]);

function menuKey(params: Params): string {
  const scope = (params.scope as { type?: string; chat_id?: unknown; user_id?: unknown } | undefined) ?? {};
  const where = [scope.type ?? "default", scope.chat_id, scope.user_id].filter((part) => part !== undefined);
  return `${where.join("/")}:${(params.language_code as string | undefined) ?? ""}`;
}

// ---- user-visible helpers for assertions ---------------------------------------------------------------------

export function buttonsOf(message: Message | undefined): Button[] {
  return message?.reply_markup?.inline_keyboard.flat() ?? [];
}

/** The text of every bold span, as the user sees it. */
export function boldTextsOf(message: Message): string[] {
  return (message.entities ?? [])
    .filter((entity) => entity.type === "bold")
    .map((entity) => message.text!.slice(entity.offset, entity.offset + entity.length));
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function sameChat(a: unknown, chatId: number): boolean {
  return Number(a) === chatId;
}

function extensionOf(name: string): string {
  const match = /\.[A-Za-z0-9]{1,8}$/.exec(name);
  return match ? match[0].toLowerCase() : "";
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  if (response.writableEnded || response.destroyed) return;
  const json = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(json),
  });
  response.end(json);
}

async function readBody(request: IncomingMessage): Promise<Params> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString("utf8");
  if (!body) return {};
  const type = request.headers["content-type"] ?? "";
  if (type.includes("application/json")) return JSON.parse(body) as Params;
  if (type.includes("application/x-www-form-urlencoded")) {
    // Form values that hold objects (reply_markup, commands) arrive JSON-encoded.
    return Object.fromEntries(
      [...new URLSearchParams(body)].map(([key, value]) => {
        try {
          return [key, /^[[{]/.test(value) ? JSON.parse(value) : value];
        } catch {
          return [key, value];
        }
      }),
    );
  }
  throw new ApiError(
    400,
    `Bad Request: the emulator does not parse ${type || "this content type"} (file uploads are not emulated)`,
  );
}
