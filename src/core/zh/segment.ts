import { statSync } from "node:fs";
import { createRequire } from "node:module";
import { Jieba } from "@node-rs/jieba";
import { buildTimeFile } from "./memo.js";
import { foldForMatching } from "./normalize.js";
import { STOPWORDS } from "./stopwords.js";
import { USER_DICTIONARY } from "./user-dict.js";
import { sortedWordList, WordList } from "./word-list.js";

const require = createRequire(import.meta.url);

/** What the code asks of jieba. */
export type Segmenter = Pick<Jieba, "cut" | "cutForSearch" | "tag">;

let full: Jieba | undefined;

/**
 * The whole dictionary, loaded once per process (~150–250 ms: its 350,000 words go into a trie), with the
 * user dictionary on top. Reports are cut with it.
 */
export function fullJieba(): Jieba {
  if (!full) {
    const { dict } = require("@node-rs/jieba/dict.js") as typeof import("@node-rs/jieba/dict.js");
    full = Jieba.withDict(dict);
    full.loadDict(Buffer.from(USER_DICTIONARY, "utf8"));
  }
  return full;
}

/**
 * What the installed jieba dictionary and ours are, cheaply (no 5 MB read): the package's version and the
 * size of its dictionary file, and the user dictionary. Keys the build-time products derived from them.
 */
export function dictionaryKey(): string[] {
  const manifest = require("@node-rs/jieba/package.json") as { version: string };
  return [
    `@node-rs/jieba@${manifest.version}`,
    String(statSync(require.resolve("@node-rs/jieba/dict.txt")).size),
    USER_DICTIONARY,
  ];
}

let words: WordList | null | undefined;

/**
 * The build's sorted word list (undefined when running the source, or when the dictionary changed since).
 * scripts/build.mjs calls this to write it.
 */
export function wordList(): WordList | undefined {
  if (words === undefined) {
    const list = buildTimeFile("jieba-words.txt", dictionaryKey(), () =>
      sortedWordList(
        (require("@node-rs/jieba/dict.js") as typeof import("@node-rs/jieba/dict.js")).dict,
        USER_DICTIONARY,
      ),
    );
    words = list ? new WordList(list) : null;
  }
  return words ?? undefined;
}

/** Texts up to this length are cut with a dictionary of their own words while the whole one is not loaded. */
const SHORT_TEXT = 256;

/**
 * jieba as the code uses it. Until something needs the whole dictionary (a report to cut, a long text), a
 * short text — a question, a word — is cut by a jieba of just its own words (see word-list.ts), which cuts
 * it exactly as the whole dictionary does: an answer from a snapshot never pays for loading it.
 */
const segmenter: Segmenter = {
  cut: (sentence, hmm) => pick(sentence).cut(sentence, hmm),
  cutForSearch: (sentence, hmm) => pick(sentence).cutForSearch(sentence, hmm),
  tag: (sentence, hmm) => pick(sentence).tag(sentence, hmm),
};

/**
 * Cuts by a jieba of their own words (~0.25 ms each; a question makes 5–60: its words, the clauses of the
 * sentences weighed) before the whole dictionary (~200 ms) pays for itself: a process that keeps asking (the
 * bot, a batch of questions) loads it once and cuts faster from then on.
 */
const SMALL_CUTS_BEFORE_FULL = 200;
let smallCuts = 0;

function pick(sentence: string | Uint8Array): Segmenter {
  if (full || typeof sentence !== "string" || sentence.length > SHORT_TEXT) return fullJieba();
  if (++smallCuts > SMALL_CUTS_BEFORE_FULL) return fullJieba();
  return wordList()?.jiebaFor(sentence) ?? fullJieba();
}

/** jieba: the whole dictionary once loaded, or for short texts until then a dictionary of their words. */
export function jieba(): Segmenter {
  return segmenter;
}

/** Tokens that carry meaning: CJK words of two or more characters, numbers, Latin words. */
function isContentToken(token: string): boolean {
  if (STOPWORDS.has(token)) return false;
  // By the first character, so that each token meets at most one pattern (this runs on every word of
  // every report a full build cuts).
  const first = token.charCodeAt(0);
  if (first >= 0x3400 && first <= 0x9fff) return token.length >= 2;
  if (first >= 0x30 && first <= 0x39) return /^\d+(\.\d+)?$/.test(token);
  if (first >= 0x61 && first <= 0x7a) return /^[a-z][a-z0-9+]*$/.test(token);
  return false;
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
