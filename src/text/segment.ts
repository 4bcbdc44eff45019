import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import { foldForMatching } from "./normalize.js";
import { STOPWORDS } from "./stopwords.js";
import { USER_DICTIONARY } from "./user-dict.js";

let shared: Jieba | undefined;

/** One jieba instance per process: loading its dictionary costs ~150 ms. */
export function jieba(): Jieba {
  if (!shared) {
    shared = Jieba.withDict(dict);
    shared.loadDict(Buffer.from(USER_DICTIONARY, "utf8"));
  }
  return shared;
}

/** Tokens that carry meaning: CJK words of two or more characters, numbers, Latin words. */
function isContentToken(token: string): boolean {
  if (STOPWORDS.has(token)) return false;
  if (/^\d+(\.\d+)?$/.test(token)) return true;
  if (/^[a-z][a-z0-9+]*$/.test(token)) return true;
  return token.length >= 2 && /^[\u3400-\u9fff]/.test(token);
}

/**
 * Index and query terms for a text: jieba's search-mode cut (whole words plus their parts, so that
 * 嘉定区 matches 嘉定), folded to the matching form, stopwords and single characters dropped.
 * The same function on both sides keeps questions and reports comparable.
 */
export function terms(text: string): string[] {
  return jieba().cutForSearch(foldForMatching(text), true).filter(isContentToken);
}

/** Terms of text that is already in matching form (skips folding). */
export function termsOfFolded(folded: string): string[] {
  return jieba().cutForSearch(folded, true).filter(isContentToken);
}
