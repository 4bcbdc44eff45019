/** What a failed send means for the delivery. */
export type SendFailure =
  /** 429: not sent; Telegram asks to wait this long before sending anything. */
  | { kind: "flood-wait"; retryAfterMs: number; reason: string }
  /** 403 (blocked, kicked, deactivated) or the chat is gone: never send there again. */
  | { kind: "blocked"; reason: string }
  /** 400 with migrate_to_chat_id: the group became a supergroup with a new id. */
  | { kind: "migrated"; toChatId: number; reason: string }
  /** 5xx or a network failure: worth retrying later. */
  | { kind: "transient"; reason: string }
  /** Any other 4xx: our request is wrong; retrying would fail the same way. */
  | { kind: "permanent"; reason: string };

interface ApiErrorShape {
  error_code: number;
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

function isApiError(error: unknown): error is ApiErrorShape {
  return (
    typeof error === "object" && error !== null && typeof (error as ApiErrorShape).error_code === "number"
  );
}

/** Reads grammY's GrammyError (or anything shaped like a Bot API error); anything else is a network failure. */
export function classifySendError(error: unknown): SendFailure {
  if (!isApiError(error)) {
    const reason = error instanceof Error ? error.message : String(error);
    return { kind: "transient", reason: `network: ${reason}` };
  }
  const reason = `${error.error_code} ${error.description ?? ""}`.trim();
  const code = error.error_code;
  if (code === 429) {
    return { kind: "flood-wait", retryAfterMs: (error.parameters?.retry_after ?? 5) * 1000, reason };
  }
  if (code === 403) return { kind: "blocked", reason };
  if (code === 400 && error.parameters?.migrate_to_chat_id !== undefined) {
    return { kind: "migrated", toChatId: error.parameters.migrate_to_chat_id, reason };
  }
  if (code === 400 && /chat not found|user is deactivated|PEER_ID_INVALID/i.test(error.description ?? "")) {
    return { kind: "blocked", reason };
  }
  if (code >= 500) return { kind: "transient", reason };
  return { kind: "permanent", reason };
}
