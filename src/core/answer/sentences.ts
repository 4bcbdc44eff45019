import { jieba } from "../zh/segment.js";
import { perItem } from "./per-item.js";

/** A span of an item's text: a sentence, or a clause of one. Offsets index the printed text. */
export interface Span {
  start: number;
  end: number;
}

const SENTENCE_END = /[。！？；;!?\n]/;
const CLAUSE_END = /[，,：:]/;

function splitSpans(text: string, start: number, end: number, boundary: RegExp): Span[] {
  const spans: Span[] = [];
  let from = start;
  for (let i = start; i < end; i++) {
    if (boundary.test(text[i]!)) {
      if (i + 1 - from > 1) spans.push({ start: from, end: i + 1 });
      from = i + 1;
    }
  }
  if (end - from > 0) spans.push({ start: from, end });
  return spans.map((span) => trim(text, span)).filter((span) => span.end > span.start);
}

/** Spaces around a span, and the comma or semicolon that only separated it from the next. */
function trim(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /[\s,，;；:：、]/.test(text[end - 1]!)) end--;
  return { start, end };
}

/** Sentences of a text, ended by 。！？； or a line break. */
export function sentences(text: string): Span[] {
  return splitSpans(text, 0, text.length, SENTENCE_END);
}

/** The sentences of an item's printed text, split once per item (its text is rebuilt on every read). */
export const itemSentences = perItem((item: { readonly fullText: string }) => sentences(item.fullText));

/** Where words begin and end in a text, as jieba cuts it (precise mode): a bit per offset. */
export class WordBounds {
  private readonly bits: Uint8Array;

  constructor(words: readonly string[], length: number) {
    this.bits = new Uint8Array((length >> 3) + 1);
    let offset = 0;
    this.mark(0);
    for (const word of words) {
      offset += word.length;
      this.mark(offset);
    }
  }

  private mark(offset: number): void {
    this.bits[offset >> 3]! |= 1 << (offset & 7);
  }

  has(offset: number): boolean {
    return ((this.bits[offset >> 3] ?? 0) & (1 << (offset & 7))) !== 0;
  }
}

/**
 * What jieba cuts as one block: it splits a text at every other character (punctuation, spaces) and cuts
 * each run of these on its own, so a run cut alone is cut as in the whole text.
 */
const BLOCK_CHAR = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffa-zA-Z0-9+#&._%-]/;

/** The word boundaries of one block of a text, from its first offset. */
export interface BlockBounds {
  start: number;
  end: number;
  bounds: WordBounds;
}

const blocksOfItem = perItem((_item: { readonly folded: string }) => new Map<number, BlockBounds>());

/**
 * The word boundaries around offset `at` of an item's matching text, as jieba cuts the block holding it:
 * cut on first need (only where a question word occurs in a finalist's sentence) and kept per item. A
 * block is a clause, short enough for the question's own small dictionary (see zh/segment.ts).
 */
export function wordBoundsAt(item: { readonly folded: string }, at: number): BlockBounds {
  const text = item.folded;
  let start = at;
  while (start > 0 && BLOCK_CHAR.test(text[start - 1]!)) start--;
  const blocks = blocksOfItem(item);
  let block = blocks.get(start);
  if (!block) {
    let end = at;
    while (end < text.length && BLOCK_CHAR.test(text[end]!)) end++;
    const piece = text.slice(start, end);
    block = { start, end, bounds: new WordBounds(jieba().cut(piece, true), piece.length) };
    blocks.set(start, block);
  }
  return block;
}

/** Clauses of one sentence, ended by ，or ：. */
export function clauses(text: string, sentence: Span): Span[] {
  return splitSpans(text, sentence.start, sentence.end, CLAUSE_END);
}

/** Longest excerpt worth quoting whole; a longer sentence is cut down to its best clauses. */
export const MAX_EXCERPT = 100;

/**
 * Narrows a long sentence to the run of clauses that answers best within the length limit: the answer
 * to "how many" sits in one clause, and a reader should not have to hunt for it.
 */
export function narrow(text: string, sentence: Span, scoreSpan: (span: Span) => number): Span {
  if (sentence.end - sentence.start <= MAX_EXCERPT) return sentence;
  const parts = clauses(text, sentence);
  if (parts.length <= 1) return sentence;
  let best: { span: Span; score: number } | undefined;
  for (let first = 0; first < parts.length; first++) {
    for (let last = first; last < parts.length; last++) {
      const span = trim(text, { start: parts[first]!.start, end: parts[last]!.end });
      if (span.end - span.start > MAX_EXCERPT && last > first) break;
      // Among equally good runs, the shorter one reads faster.
      const score = scoreSpan(span) - (span.end - span.start) / 10_000;
      if (!best || score > best.score) best = { span, score };
    }
  }
  return best?.span ?? sentence;
}
