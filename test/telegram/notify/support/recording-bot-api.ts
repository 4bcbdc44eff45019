/**
 * A small Bot API look-alike on 127.0.0.1 for broadcast tests and the broadcast benchmark: answers
 * sendMessage as Telegram does (JSON, ok/result or ok:false/error_code/parameters), records every call,
 * and can misbehave on purpose — flood control (429 retry_after), blocked chats (403), 5xx, held responses.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedCall {
  method: string;
  chatId: number;
  text: string;
  at: number;
  /** What the server answered (0 while held). */
  status: number;
}

export interface Reply {
  status: number;
  body: unknown;
}

/** Telegram's flood-control answer: wait `retryAfter` seconds. */
export function tooManyRequests(retryAfter = 1): Reply {
  return {
    status: 429,
    body: {
      ok: false,
      error_code: 429,
      description: "Too Many Requests",
      parameters: { retry_after: retryAfter },
    },
  };
}

export interface RecordingBotApiOptions {
  /** More sendMessage calls than this within any second are answered 429 retry_after=1, like Telegram. */
  floodLimitPerSecond?: number;
  /** Chats that blocked the bot: 403. */
  blockedChats?: Iterable<number>;
  /** chat id → how many times to answer 502 before succeeding. */
  failures?: Map<number, number>;
  /** Extra decision per call; return a reply to override, "hold" to never answer, undefined for default. */
  intercept?: (call: RecordedCall, index: number) => Reply | "hold" | undefined;
  /** Answer latency in ms (a real round trip is tens of ms). */
  latencyMs?: number;
}

export interface RecordingBotApi {
  apiRoot: string;
  calls: RecordedCall[];
  /** Successful (200) sendMessage calls per chat. */
  deliveredPerChat(): Map<number, number>;
  /** Every call's chat, answered or not: what Telegram would have seen. */
  receivedPerChat(): Map<number, number>;
  count429: number;
  close(): Promise<void>;
}

function ok(result: unknown): Reply {
  return { status: 200, body: { ok: true, result } };
}

function fail(status: number, description: string, parameters?: object): Reply {
  return {
    status,
    body: { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) },
  };
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
}

export async function startRecordingBotApi(options: RecordingBotApiOptions = {}): Promise<RecordingBotApi> {
  const calls: RecordedCall[] = [];
  const recent: number[] = [];
  const blocked = new Set(options.blockedChats ?? []);
  const failures = new Map(options.failures ?? []);
  const held = new Set<ServerResponse>();
  let messageId = 0;
  const api: RecordingBotApi = {
    apiRoot: "",
    calls,
    count429: 0,
    deliveredPerChat: () => tally(calls.filter((call) => call.status === 200)),
    receivedPerChat: () => tally(calls),
    close: () =>
      new Promise((resolve) => {
        for (const response of held) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  function decide(call: RecordedCall, index: number): Reply | "hold" {
    const override = options.intercept?.(call, index);
    if (override !== undefined) return override;
    if (call.method !== "sendMessage") return ok(true);
    const limit = options.floodLimitPerSecond;
    if (limit !== undefined) {
      while (recent.length > 0 && recent[0]! <= call.at - 1000) recent.shift();
      if (recent.length >= limit) return fail(429, "Too Many Requests: retry after 1", { retry_after: 1 });
      recent.push(call.at);
    }
    if (blocked.has(call.chatId)) return fail(403, "Forbidden: bot was blocked by the user");
    const failuresLeft = failures.get(call.chatId) ?? 0;
    if (failuresLeft > 0) {
      failures.set(call.chatId, failuresLeft - 1);
      return fail(502, "Bad Gateway");
    }
    return ok({
      message_id: ++messageId,
      date: Math.floor(call.at / 1000),
      chat: { id: call.chatId, type: call.chatId < 0 ? "group" : "private" },
      text: call.text,
    });
  }

  const server: Server = createServer(async (request, response) => {
    const method = /\/bot[^/]+\/([A-Za-z]+)$/.exec(request.url ?? "")?.[1] ?? "";
    const body = await readJson(request);
    const call: RecordedCall = {
      method,
      chatId: Number(body.chat_id),
      text: String(body.text ?? ""),
      at: Date.now(),
      status: 0,
    };
    const index = calls.push(call) - 1;
    const reply = decide(call, index);
    if (reply === "hold") {
      held.add(response);
      return;
    }
    const answer = () => {
      call.status = reply.status;
      if (reply.status === 429) api.count429++;
      response.writeHead(reply.status, { "content-type": "application/json" });
      response.end(JSON.stringify(reply.body));
    };
    if (options.latencyMs) setTimeout(answer, options.latencyMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  api.apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return api;
}

function tally(calls: RecordedCall[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const call of calls) {
    if (call.method === "sendMessage") counts.set(call.chatId, (counts.get(call.chatId) ?? 0) + 1);
  }
  return counts;
}
