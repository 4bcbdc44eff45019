/**
 * Callback data formats (Telegram allows 64 bytes). Short prefixes, parsed in one place so buttons and handlers
 * cannot drift apart.
 */

const MAX_BYTES = 64;

export const callbackData = {
  /** Show page `page` of cached answer `qid`. */
  page: (qid: string, page: number) => `pg:${qid}:${page}`,
  /** Open an item by reference (stateless, survives restarts). */
  item: (ref: string) => `it:${ref}`,
  /** Open result `index` of cached answer `qid`: for a reference too long for `item`. */
  source: (qid: string, index: number) => `src:${qid}:${index}`,
  vote: (qid: string, page: number, vote: "up" | "down") => `fb:${qid}:${page}:${vote === "up" ? "u" : "d"}`,
  /** Ask example question number `index`. */
  example: (index: number) => `ex:${index}`,
  report: (reportId: string) => `rp:${reportId}`,
  /** Ask suggestion number `index` of the chat's last not-found reply (kept in its session). */
  suggestion: (index: number) => `sg:${index}`,
  /** Page `page` of /reports. */
  reportPage: (page: number) => `rl:${page}`,
  /** Subscribe this chat to a district's new reports. */
  subscribe: (district: string) => `sub:${district}`,
};

export const callbackPatterns = {
  page: /^pg:([\w-]+):(\d+)$/,
  item: /^it:(.+)$/,
  source: /^src:([\w-]+):(\d+)$/,
  vote: /^fb:([\w-]+):(\d+):([ud])$/,
  example: /^ex:(\d+)$/,
  report: /^rp:(.+)$/,
  suggestion: /^sg:(\d+)$/,
  subscribe: /^sub:(.+)$/,
  reportPage: /^rl:(\d+)$/,
};

/** The data for opening an item, stateless when the reference fits. */
export function openItemData(ref: string, qid: string, index: number): string {
  const data = callbackData.item(ref);
  return Buffer.byteLength(data) <= MAX_BYTES ? data : callbackData.source(qid, index);
}

export function fitsCallbackData(data: string): boolean {
  return Buffer.byteLength(data) <= MAX_BYTES;
}
