import { Document } from "flexsearch";
import { type Item, itemFullText, itemRef, type Report, type Section } from "../report/types.js";
import { foldForMatching } from "../text/normalize.js";
import { termsOfFolded } from "../text/segment.js";

/** One searchable unit: an item, with what ranking needs precomputed. */
export interface IndexedItem {
  docId: number;
  ref: string;
  report: Report;
  section: Section;
  item: Item;
  /** `itemFullText(item)` as printed: excerpts are cut from it. */
  fullText: string;
  /** The same text in matching form (same length, so offsets carry over). */
  folded: string;
  /** Term frequencies per field. */
  fields: Record<Field, Map<string, number>>;
  lengths: Record<Field, number>;
}

export type Field = "title" | "text" | "section";
export const FIELDS: readonly Field[] = ["title", "text", "section"];

export interface CandidateFilter {
  district?: string;
  year?: number;
}

function countTerms(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

function bigramsOf(folded: string): Set<string> {
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < folded.length; i++) {
    const pair = folded.slice(i, i + 2);
    if (/^[\u3400-\u9fff]{2}$/.test(pair)) pairs.add(pair);
  }
  return pairs;
}

function tagOf(filter: CandidateFilter): Record<string, string> | undefined {
  if (filter.district && filter.year !== undefined) return { place: `${filter.district}:${filter.year}` };
  if (filter.district) return { district: filter.district };
  if (filter.year !== undefined) return { year: String(filter.year) };
  return undefined;
}

/**
 * The items of every report, in a FlexSearch document index (candidates, filtered by district and
 * year tags) plus the statistics FlexSearch does not keep and ranking needs: term and character-pair
 * document frequencies and field lengths (BM25).
 */
export class ItemIndex {
  private readonly search: Document;
  private readonly docs = new Map<number, IndexedItem>();
  private readonly docsByReport = new Map<string, number[]>();
  private readonly docIdByRef = new Map<string, number>();
  private readonly termDf = new Map<string, number>();
  private readonly bigramDf = new Map<string, number>();
  private readonly fieldLengthSum: Record<Field, number> = { title: 0, text: 0, section: 0 };
  private readonly tags = new Set<string>();
  private nextDocId = 1;
  /** Bumped by every add and remove, so caches over the index know when to refresh. */
  generation = 0;

  constructor() {
    // Text reaches FlexSearch already segmented by jieba and joined by spaces (its own tokenizer cannot
    // cut Chinese), so segmentation runs once per item and the encoder only splits.
    this.search = new Document({
      tokenize: "strict",
      encode: (text: string) => text.split(" ").filter((term) => term.length > 0),
      document: {
        id: "id",
        index: ["title", "text"],
        tag: ["district", "year", "place"],
      },
    } as ConstructorParameters<typeof Document>[0]);
  }

  get size(): number {
    return this.docs.size;
  }

  add(report: Report): void {
    const ids: number[] = [];
    for (const section of report.sections) {
      const sectionTerms = termsOfFolded(foldForMatching(section.title));
      for (const item of section.items) {
        const docId = this.nextDocId++;
        const fullText = itemFullText(item);
        const folded = foldForMatching(fullText);
        const titleTerms = termsOfFolded(foldForMatching(item.title));
        const textTerms = termsOfFolded(foldForMatching(item.text));
        const indexed: IndexedItem = {
          docId,
          ref: itemRef(report.id, section.no, item.no),
          report,
          section,
          item,
          fullText,
          folded,
          fields: {
            title: countTerms(titleTerms),
            text: countTerms(textTerms),
            section: countTerms(sectionTerms),
          },
          lengths: { title: titleTerms.length, text: textTerms.length, section: sectionTerms.length },
        };
        this.docs.set(docId, indexed);
        this.docIdByRef.set(indexed.ref, docId);
        ids.push(docId);
        this.count(indexed, 1);
        this.search.add({
          id: docId,
          title: titleTerms.join(" "),
          text: textTerms.join(" "),
          district: report.district,
          year: String(report.year),
          place: `${report.district}:${report.year}`,
        });
      }
    }
    this.docsByReport.set(report.id, ids);
    this.generation++;
    this.tags.add(report.district).add(String(report.year)).add(`${report.district}:${report.year}`);
  }

  remove(reportId: string): boolean {
    const ids = this.docsByReport.get(reportId);
    if (!ids) return false;
    for (const docId of ids) {
      const indexed = this.docs.get(docId);
      if (!indexed) continue;
      this.count(indexed, -1);
      this.docs.delete(docId);
      this.docIdByRef.delete(indexed.ref);
      this.search.remove(docId);
    }
    this.docsByReport.delete(reportId);
    this.generation++;
    this.rebuildTags();
    return true;
  }

  private rebuildTags(): void {
    this.tags.clear();
    for (const ids of this.docsByReport.values()) {
      const report = this.docs.get(ids[0]!)?.report;
      if (report)
        this.tags.add(report.district).add(String(report.year)).add(`${report.district}:${report.year}`);
    }
  }

  private count(indexed: IndexedItem, delta: 1 | -1): void {
    const seen = new Set<string>();
    for (const field of FIELDS) {
      this.fieldLengthSum[field] += delta * indexed.lengths[field];
      for (const term of indexed.fields[field].keys()) seen.add(term);
    }
    for (const term of seen) bump(this.termDf, term, delta);
    for (const pair of bigramsOf(indexed.folded)) bump(this.bigramDf, pair, delta);
  }

  /** Documents that contain at least one of `terms`, within the filter. */
  candidates(terms: readonly string[], filter: CandidateFilter, limit = 300): IndexedItem[] {
    const tag = tagOf(filter);
    // FlexSearch ignores a tag it does not know and searches everything: never let that happen.
    if (tag && !Object.values(tag).every((value) => this.tags.has(value))) return [];
    if (terms.length === 0) return [];
    const results = this.search.search(terms.join(" "), {
      suggest: true,
      limit,
      merge: true,
      ...(tag ? { tag } : {}),
    }) as unknown as { id: number }[];
    return results
      .map((result) => this.docs.get(result.id))
      .filter((doc): doc is IndexedItem => doc !== undefined);
  }

  /** Every item of the given reports (small filtered sets are ranked exhaustively). */
  itemsOf(reportIds: readonly string[]): IndexedItem[] {
    return reportIds.flatMap((id) => (this.docsByReport.get(id) ?? []).map((docId) => this.docs.get(docId)!));
  }

  byRef(ref: string): IndexedItem | undefined {
    const docId = this.docIdByRef.get(ref);
    return docId === undefined ? undefined : this.docs.get(docId);
  }

  /** Every term some item contains (for spelling correction). */
  vocabulary(): IterableIterator<string> {
    return this.termDf.keys();
  }

  termDocumentFrequency(term: string): number {
    return this.termDf.get(term) ?? 0;
  }

  bigramDocumentFrequency(pair: string): number {
    return this.bigramDf.get(pair) ?? 0;
  }

  averageLength(field: Field): number {
    return this.docs.size === 0 ? 0 : this.fieldLengthSum[field] / this.docs.size;
  }
}

function bump(map: Map<string, number>, key: string, delta: number): void {
  const next = (map.get(key) ?? 0) + delta;
  if (next <= 0) map.delete(key);
  else map.set(key, next);
}
