import { Jieba } from "@node-rs/jieba";

/**
 * jieba's dictionary (350,000 words) takes ~150–250 ms to load into its trie, on every start — more than
 * everything else a question answered from a snapshot costs. But how jieba cuts a text only depends on the
 * dictionary's words that occur in that text, on their frequencies, and on the total of all frequencies
 * (jieba-rs 0.10: the DAG holds the dictionary words that start at each position; a route scores
 * ln(freq) − ln(total) per word; the HMM and search mode only ask whether substrings are words; `tag` reads
 * the tags of the words it returns). So a short text is cut exactly as the full dictionary would cut it by a
 * dictionary of just those words, plus one word that cannot occur in the text carrying the remaining
 * frequency, so that the total is the same.
 *
 * The build writes the merged dictionary (jieba's, then the user dictionary, with jieba's rules for a word
 * given twice: the first tag, the last frequency) as a word list sorted by UTF-8 bytes (`sortedWordList`);
 * a start reads it as one buffer, without parsing it, and finds a text's words by binary search.
 * test/text/word-list.test.ts checks that the cuts are the same as the full dictionary's.
 */

const HEADER = "#jieba-word-list total=";
const NEWLINE = 0x0a;
const SPACE = 0x20;

interface Entry {
  freq: number;
  tag: string;
}

/** Reads dictionary lines (`word [freq [tag]]`) into `into` as jieba-rs's load_dict does. */
function mergeDictionary(text: string, into: Map<string, Entry>): void {
  for (const line of text.split("\n")) {
    const [word, freq, tag] = line.trim().split(/\s+/);
    if (!word) continue;
    const frequency = freq === undefined ? 0 : Number(freq);
    if (!Number.isSafeInteger(frequency) || frequency < 0)
      throw new Error(`jieba dictionary: bad frequency in “${line}”`);
    const known = into.get(word);
    // An existing word only changes its frequency (jieba-rs: set_freq); a new one keeps its tag.
    if (known) known.freq = frequency;
    else into.set(word, { freq: frequency, tag: tag ?? "" });
  }
}

/**
 * The word list the build stores: a header with the total frequency, then `word freq[ tag]` lines sorted by
 * the words' UTF-8 bytes.
 */
export function sortedWordList(dictionary: Uint8Array, userDictionary: string): Buffer {
  const entries = new Map<string, Entry>();
  mergeDictionary(Buffer.from(dictionary).toString("utf8"), entries);
  mergeDictionary(userDictionary, entries);
  let total = 0;
  const words = [...entries.keys()].map((word) => Buffer.from(word, "utf8"));
  words.sort(Buffer.compare);
  const lines = words.map((bytes) => {
    const word = bytes.toString("utf8");
    const { freq, tag } = entries.get(word)!;
    total += freq;
    return tag ? `${word} ${freq} ${tag}` : `${word} ${freq}`;
  });
  return Buffer.from(`${HEADER}${total}\n${lines.join("\n")}\n`, "utf8");
}

/** A text's own small jieba, cut as the whole dictionary would cut it (see the top of this file). */
export class WordList {
  private readonly total: number;
  private readonly start: number;

  constructor(private readonly list: Buffer) {
    const firstLine = list.indexOf(NEWLINE);
    const header = list.toString("utf8", 0, firstLine);
    if (!header.startsWith(HEADER)) throw new Error("not a jieba word list");
    this.total = Number(header.slice(HEADER.length));
    this.start = firstLine + 1;
  }

  /** The start of the line holding byte `at` (never before `floor`). */
  private lineStart(at: number, floor: number): number {
    const newline = this.list.lastIndexOf(NEWLINE, at - 1);
    return Math.max(newline + 1, floor);
  }

  private wordEnd(lineStart: number): number {
    return this.list.indexOf(SPACE, lineStart);
  }

  /** The first line at or after `from` whose word is not less than `key`. */
  private lowerBound(key: Buffer, from: number): number {
    let low = from;
    let high = this.list.length;
    while (low < high) {
      const line = this.lineStart((low + high) >>> 1, low);
      const end = this.wordEnd(line);
      if (this.list.compare(key, 0, key.length, line, end) < 0) low = this.list.indexOf(NEWLINE, end) + 1;
      else high = line;
    }
    return low;
  }

  /** The dictionary lines of every word that occurs in `text`. */
  linesIn(text: string): string[] {
    const bytes = Buffer.from(text, "utf8");
    const found = new Set<string>();
    const isCharStart = (at: number) => at === bytes.length || (bytes[at]! & 0xc0) !== 0x80;
    for (let begin = 0; begin < bytes.length; begin++) {
      if (!isCharStart(begin)) continue;
      let from = this.start;
      for (let end = begin + 1; end <= bytes.length; end++) {
        if (!isCharStart(end)) continue;
        const key = bytes.subarray(begin, end);
        from = this.lowerBound(key, from);
        if (from >= this.list.length) break;
        const wordEnd = this.wordEnd(from);
        const length = wordEnd - from;
        // No word begins with `key`: none begins with a longer piece of the text either.
        if (length < key.length || this.list.compare(key, 0, key.length, from, from + key.length) !== 0)
          break;
        if (length === key.length)
          found.add(this.list.toString("utf8", from, this.list.indexOf(NEWLINE, from)));
      }
    }
    return [...found];
  }

  /** A jieba holding the words of `text` and a stand-in for the rest of the dictionary's frequency. */
  jiebaFor(text: string): Jieba {
    const lines = this.linesIn(text);
    let sum = 0;
    for (const line of lines) sum += Number(line.split(" ")[1]);
    // A private-use character the text does not hold: it can never be cut out of it.
    let code = 0xe000;
    while (text.includes(String.fromCharCode(code))) code++;
    lines.push(`${String.fromCharCode(code)} ${this.total - sum} x`);
    return Jieba.withDict(Buffer.from(lines.join("\n"), "utf8"));
  }
}
