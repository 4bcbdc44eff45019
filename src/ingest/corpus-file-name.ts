import { extname } from "node:path";
import { isCorpusFileName } from "./corpus-catalog.js";

/**
 * Longest name a report gets in the corpus folder, in UTF-8 bytes. File systems allow 255; the atomic write
 * goes through `.<name>.<8 hex>.tmp` (14 bytes more) and a second report of the same name becomes
 * `<stem>-N<ext>`: 200 leaves room for both.
 */
export const MAX_CORPUS_NAME_BYTES = 200;

/**
 * The name an incoming report is filed under: Unicode-normalised, without path separators or control
 * characters, short enough for every file system, and never one the loader and the watcher would skip
 * (a hidden `.name`, a `README`, an editor's temporary): such a name is renamed, so an accepted report is
 * always indexed.
 */
export function corpusFileName(name: string): string {
  let cleaned = name
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f/\\]/gu, "_")
    .trim();
  // What makes the loader skip a file: leading dots or `~$`, a trailing `~`.
  cleaned = cleaned.replace(/^[.~$\s]+/u, "").replace(/~+$/u, "");
  const extension = extname(cleaned).toLowerCase();
  let stem = cleaned.slice(0, cleaned.length - extension.length).replace(/\.reason$/iu, "-reason");
  if (!stem) stem = "report";
  let candidate = `${shortenToBytes(stem, MAX_CORPUS_NAME_BYTES - Buffer.byteLength(extension))}${extension}`;
  if (!isCorpusFileName(candidate)) {
    candidate = `报告-${shortenToBytes(stem, MAX_CORPUS_NAME_BYTES - Buffer.byteLength(`报告-${extension}`))}${extension}`;
  }
  return candidate;
}

/** Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function shortenToBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const character of text) {
    const size = Buffer.byteLength(character);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += character.length;
  }
  return text.slice(0, end).trimEnd();
}
