/**
 * Advisory lock keys (the two-integer form): the first number is this program's namespace, so another
 * application sharing the database cannot collide with these.
 */
const NAMESPACE = 0x65_64_75; // "edu"

export const LOCKS = {
  migrations: [NAMESPACE, 1] as [number, number],
  webhook: [NAMESPACE, 2] as [number, number],
  /** Held by the one instance that long-polls (Telegram allows one getUpdates consumer per bot). */
  poller: [NAMESPACE, 3] as [number, number],
};

/** Namespaces for per-key locks: an instance's liveness, a chat's updates. */
export const INSTANCE_LOCK_SPACE = NAMESPACE + 1;
export const CHAT_LOCK_SPACE = NAMESPACE + 2;

/** A 32-bit key for a chat id (chat ids exceed 32 bits; a rare collision only serialises two chats). */
export function chatLockKey(chatId: number): number {
  return Number(BigInt.asIntN(32, BigInt(chatId) ^ (BigInt(chatId) >> 32n)));
}
