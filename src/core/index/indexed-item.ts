import { type Item, itemFullText, type Report, type Section } from "../domain/report.js";
import type { TermDictionary } from "./term-dictionary.js";

export type Field = "title" | "text" | "section";
export const FIELDS: readonly Field[] = ["title", "text", "section"];
const FIELD_SLOT: Record<Field, number> = { title: 0, text: 1, section: 2 };

/**
 * One searchable unit: an item, with what ranking needs and nothing it can recompute cheaply.
 * Term frequencies are a sorted array of term ids and one count per field and term (compact, and a binary
 * search is as fast as a Map at ~50 distinct terms); the printed text is rebuilt from the item on demand
 * (a concatenation) while the folded text, costly to recompute, is stored once.
 */
export class IndexedItem {
  constructor(
    readonly docId: number,
    readonly ref: string,
    readonly report: Report,
    readonly section: Section,
    readonly item: Item,
    /** `fullText` in matching form (same length, so offsets carry over). */
    readonly folded: string,
    readonly lengths: Readonly<Record<Field, number>>,
    /** Distinct term ids, ascending. */
    readonly termIds: Uint32Array,
    /** Three counts per term id (title, text, section). */
    readonly counts: Uint16Array,
    private readonly dictionary: TermDictionary,
  ) {}

  /** `itemFullText(item)` as printed: excerpts are cut from it. */
  get fullText(): string {
    return itemFullText(this.item);
  }

  /** How often `term` occurs in one field of this item (0 when never). */
  termFrequency(field: Field, term: string): number {
    const slot = this.slotOf(this.dictionary.idOf(term));
    return slot < 0 ? 0 : this.counts[slot * 3 + FIELD_SLOT[field]]!;
  }

  /**
   * Where a term id's counts sit in `counts` (divided by three), or -1 when the item lacks it: ranking looks
   * a question's term up once per item and reads all three fields from there.
   */
  slotOf(id: number): number {
    if (id < 0) return -1;
    let low = 0;
    let high = this.termIds.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = this.termIds[middle]!;
      if (found === id) return middle;
      if (found < id) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }
}

/**
 * Builds the compact term arrays of an item from its terms per field (ids interned on the way). Runs for
 * every item of a full build; a snapshot restore reads the arrays instead.
 */
export function compactTerms(
  fields: Record<Field, readonly string[]>,
  dictionary: TermDictionary,
): { termIds: Uint32Array; counts: Uint16Array } {
  const ids = (terms: readonly string[]) => {
    const out = new Uint32Array(terms.length);
    for (let i = 0; i < terms.length; i++) out[i] = dictionary.intern(terms[i]!);
    return out;
  };
  // Interned in field order (title, text, section): the order decides the ids.
  const title = ids(fields.title);
  const text = ids(fields.text);
  return compactIds(title, text, ids(fields.section));
}

/**
 * The compact term arrays of an item from its term ids per field. Allocates nothing per term: each
 * occurrence becomes one number (id × 4 + field slot), a typed-array sort groups them, one pass counts.
 */
export function compactIds(
  title: ArrayLike<number>,
  text: ArrayLike<number>,
  section: ArrayLike<number>,
): { termIds: Uint32Array; counts: Uint16Array } {
  const occurrences = new Float64Array(title.length + text.length + section.length);
  let at = 0;
  for (const [ids, slot] of [
    [title, FIELD_SLOT.title],
    [text, FIELD_SLOT.text],
    [section, FIELD_SLOT.section],
  ] as const) {
    for (let i = 0; i < ids.length; i++) occurrences[at++] = ids[i]! * 4 + slot;
  }
  occurrences.sort();
  let distinct = 0;
  for (let i = 0; i < occurrences.length; i++) {
    if (i === 0 || Math.floor(occurrences[i]! / 4) !== Math.floor(occurrences[i - 1]! / 4)) distinct++;
  }
  const termIds = new Uint32Array(distinct);
  const counts = new Uint16Array(distinct * 3);
  let index = -1;
  for (let i = 0; i < occurrences.length; i++) {
    const id = Math.floor(occurrences[i]! / 4);
    if (index < 0 || termIds[index] !== id) termIds[++index] = id;
    const cell = index * 3 + (occurrences[i]! % 4);
    // Saturate rather than wrap: no item repeats a word 65,535 times, but a pasted table might try.
    if (counts[cell]! < 0xffff) counts[cell]!++;
  }
  return { termIds, counts };
}
