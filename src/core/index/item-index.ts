import { Document } from "flexsearch";
import { type Item, itemRef, type Report, type Section } from "../domain/report.js";
import { analyseReport, type ReportAnalysis, splitTerms } from "./analyse-report.js";
import { compactTerms, FIELDS, type Field, IndexedItem } from "./indexed-item.js";
import { TermDictionary } from "./term-dictionary.js";

export { FIELDS, type Field, IndexedItem } from "./indexed-item.js";

export interface CandidateFilter {
  district?: string;
  year?: number;
}

/** What `exportState` saves and `importState` restores besides the reports themselves. */
export interface IndexState {
  /** FlexSearch's own export: key → data. */
  search: Record<string, string>;
  bigramDf: [string, number][];
  /**
   * Every term ever interned, in id order: a snapshot stores items' term ids against this list, and a
   * restore loads it first (`importTerms`) so the stored ids mean the same terms.
   */
  terms: string[];
  /**
   * Every report in the index with its items as `addRestored` takes them back, by report id (shared with
   * the index, not copied; not serialisable: a snapshot stores them in binary). Lets a snapshot store
   * items without splitting and counting their terms again.
   */
  items: Map<string, { report: Report; items: RestoredItem[] }>;
}

/** An item as a snapshot stores it: what `add` computes from its analysis, ready to use. */
export interface RestoredItem {
  /** `itemFullText(item)` in matching form. */
  folded: string;
  lengths: Record<Field, number>;
  /** Distinct term ids (of the imported dictionary), ascending. */
  termIds: Uint32Array;
  /** Three counts per term id (title, text, section). */
  counts: Uint16Array;
}

const isHan = (code: number) => code >= 0x3400 && code <= 0x9fff;

/**
 * The distinct pairs of adjacent CJK characters of a folded text, each as a number (the two UTF-16 units):
 * counting them is the heaviest bookkeeping of a full build, and numbers hash without building a string.
 */
function bigramsOf(folded: string): Set<number> {
  const pairs = new Set<number>();
  let previous = folded.charCodeAt(0);
  for (let i = 1; i < folded.length; i++) {
    const code = folded.charCodeAt(i);
    if (isHan(previous) && isHan(code)) pairs.add(previous * 0x10000 + code);
    previous = code;
  }
  return pairs;
}

/** The number of a pair of characters as bigramsOf numbers it (-1 for anything else: never counted). */
function pairKey(pair: string): number {
  if (pair.length !== 2) return -1;
  const first = pair.charCodeAt(0);
  const second = pair.charCodeAt(1);
  return isHan(first) && isHan(second) ? first * 0x10000 + second : -1;
}

const pairOfKey = (key: number) => String.fromCharCode(Math.floor(key / 0x10000), key % 0x10000);

function tagValues(report: Report): string[] {
  return [report.district, String(report.year), `${report.district}:${report.year}`];
}

function tagOf(filter: CandidateFilter): Record<string, string> | undefined {
  if (filter.district && filter.year !== undefined) return { place: `${filter.district}:${filter.year}` };
  if (filter.district) return { district: filter.district };
  if (filter.year !== undefined) return { year: String(filter.year) };
  return undefined;
}

/** The same options on every build and before every import: FlexSearch does not save them. */
function createSearch(): Document {
  // Text reaches FlexSearch already segmented by jieba and joined by spaces (its own tokenizer cannot
  // cut Chinese), so segmentation runs once per item and the encoder only splits.
  return new Document({
    tokenize: "strict",
    encode: (text: string) => text.split(" ").filter((term) => term.length > 0),
    document: {
      id: "id",
      index: ["title", "text"],
      tag: ["district", "year", "place"],
    },
  } as ConstructorParameters<typeof Document>[0]);
}

/** Parts of `add` that a snapshot restores instead of recomputing. */
interface AddOptions {
  /** Add the item to FlexSearch (false when its export is imported afterwards). */
  search?: boolean;
  /** Count character pairs (false when the snapshot's counts are imported afterwards). */
  bigrams?: boolean;
}

/**
 * The items of every report, in a FlexSearch document index (candidates, filtered by district and
 * year tags) plus the statistics FlexSearch does not keep and ranking needs: term and character-pair
 * document frequencies and field lengths (BM25).
 */
export class ItemIndex {
  private search: Document = createSearch();
  private readonly dictionary = new TermDictionary();
  private readonly docs = new Map<number, IndexedItem>();
  private readonly docsByReport = new Map<string, number[]>();
  private readonly docIdByRef = new Map<string, number>();
  /** Items holding each character pair, by pairKey. */
  private bigramDf = new Map<number, number>();
  private readonly fieldLengthSum: Record<Field, number> = { title: 0, text: 0, section: 0 };
  private readonly tags = new Set<string>();
  /** Report ids under each tag value (district, year, district:year). */
  private readonly reportsByTag = new Map<string, Set<string>>();
  private nextDocId = 1;
  /** Bumped by every add and remove, so caches over the index know when to refresh. */
  generation = 0;

  get size(): number {
    return this.docs.size;
  }

  /** Adds a report's items; `analysis` (from a worker or a snapshot) saves segmenting them again. */
  add(report: Report, analysis: ReportAnalysis = analyseReport(report), options: AddOptions = {}): void {
    const ids: number[] = [];
    report.sections.forEach((section, sectionIndex) => {
      const sectionAnalysis = analysis.sections[sectionIndex]!;
      const sectionTerms = splitTerms(sectionAnalysis.terms);
      section.items.forEach((item, itemIndex) => {
        const itemAnalysis = sectionAnalysis.items[itemIndex]!;
        const titleTerms = splitTerms(itemAnalysis.title);
        const textTerms = splitTerms(itemAnalysis.text);
        const { termIds, counts } = compactTerms(
          { title: titleTerms, text: textTerms, section: sectionTerms },
          this.dictionary,
        );
        const indexed = this.insert(report, section, item, {
          folded: itemAnalysis.folded,
          lengths: { title: titleTerms.length, text: textTerms.length, section: sectionTerms.length },
          termIds,
          counts,
        });
        ids.push(indexed.docId);
        this.count(indexed, 1, options.bigrams !== false);
        if (options.search !== false) {
          this.search.add({
            id: indexed.docId,
            title: itemAnalysis.title,
            text: itemAnalysis.text,
            district: report.district,
            year: String(report.year),
            place: `${report.district}:${report.year}`,
          });
        }
      });
    });
    this.addedReport(report, ids);
  }

  /**
   * Gives an empty index the dictionary of the index a snapshot was exported from (`IndexState.terms`),
   * before its reports are added with `addRestored`.
   */
  importTerms(terms: readonly string[]): void {
    if (this.docs.size > 0 || this.nextDocId !== 1) throw new Error("terms can only be imported first");
    this.dictionary.load(terms);
  }

  /**
   * Adds a report's items as a snapshot stored them (term ids of the dictionary given to `importTerms`):
   * nothing is split, interned or folded. Like `add` with `{ search: false, bigrams: false }`, so
   * `importState` follows.
   */
  addRestored(report: Report, items: readonly RestoredItem[]): void {
    const ids: number[] = [];
    let next = 0;
    for (const section of report.sections) {
      for (const item of section.items) {
        const restored = items[next++];
        if (!restored) throw new Error(`restored items do not match report ${report.id}`);
        const indexed = this.insert(report, section, item, restored);
        ids.push(indexed.docId);
        this.count(indexed, 1, false);
      }
    }
    if (next !== items.length) throw new Error(`restored items do not match report ${report.id}`);
    this.addedReport(report, ids);
  }

  private insert(report: Report, section: Section, item: Item, data: RestoredItem): IndexedItem {
    const indexed = new IndexedItem(
      this.nextDocId++,
      itemRef(report.id, section.no, item.no),
      report,
      section,
      item,
      data.folded,
      data.lengths,
      data.termIds,
      data.counts,
      this.dictionary,
    );
    this.docs.set(indexed.docId, indexed);
    this.docIdByRef.set(indexed.ref, indexed.docId);
    return indexed;
  }

  private addedReport(report: Report, ids: number[]): void {
    this.docsByReport.set(report.id, ids);
    this.generation++;
    this.tags.add(report.district).add(String(report.year)).add(`${report.district}:${report.year}`);
    for (const value of tagValues(report)) {
      const ids = this.reportsByTag.get(value) ?? new Set<string>();
      this.reportsByTag.set(value, ids.add(report.id));
    }
  }

  remove(reportId: string): boolean {
    const ids = this.docsByReport.get(reportId);
    if (!ids) return false;
    const report = this.docs.get(ids[0]!)?.report;
    if (report) for (const value of tagValues(report)) this.reportsByTag.get(value)?.delete(reportId);
    for (const docId of ids) {
      const indexed = this.docs.get(docId);
      if (!indexed) continue;
      this.count(indexed, -1, true);
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

  private count(indexed: IndexedItem, delta: 1 | -1, bigrams: boolean): void {
    for (const field of FIELDS) this.fieldLengthSum[field] += delta * indexed.lengths[field];
    for (const id of indexed.termIds) this.dictionary.count(id, delta);
    if (bigrams) for (const pair of bigramsOf(indexed.folded)) bump(this.bigramDf, pair, delta);
  }

  /** FlexSearch's export and the pair counts: with the reports and their analyses, the whole index. */
  exportState(): IndexState {
    const search: Record<string, string> = {};
    // With a synchronous handler FlexSearch exports synchronously.
    this.search.export((key: string, data: string) => {
      search[key] = data;
    });
    const items = new Map<string, { report: Report; items: RestoredItem[] }>();
    for (const [reportId, ids] of this.docsByReport) {
      const docs = ids.map((docId) => this.docs.get(docId)!);
      if (docs.length > 0) items.set(reportId, { report: docs[0]!.report, items: docs });
    }
    const bigramDf = Array.from(this.bigramDf, ([key, count]) => [pairOfKey(key), count] as [string, number]);
    return { search, bigramDf, terms: this.dictionary.list(), items };
  }

  /**
   * Restores what `exportState` saved, after the same reports were added (same order, same analyses)
   * with `{ search: false, bigrams: false }`, or with `addRestored` after `importTerms(state.terms)`.
   */
  importState(state: IndexState): void {
    this.search = createSearch();
    for (const [key, data] of Object.entries(state.search)) this.search.import(key, data);
    this.bigramDf = new Map(state.bigramDf.map(([pair, count]) => [pairKey(pair), count]));
  }

  /** Documents that contain at least one of `terms`, within the filter. */
  candidates(terms: readonly string[], filter: CandidateFilter, limit = 300): IndexedItem[] {
    const tag = tagOf(filter);
    // FlexSearch ignores a tag it does not know and searches everything: never let that happen.
    if (tag && !Object.values(tag).every((value) => this.tags.has(value))) return [];
    if (terms.length === 0) return [];
    // FlexSearch filters by tag after walking the terms' whole posting lists (7 ms per question at 3,000
    // reports). A filter that leaves few items is faster to scan here, and gives the same set: all its
    // items that hold a term in the fields FlexSearch indexes (title, text), as FlexSearch's limit would
    // not cut anything either.
    const filtered = tag ? this.itemsUnderTag(Object.values(tag)[0]!, limit) : undefined;
    if (filtered) {
      return filtered.filter((doc) =>
        terms.some((term) => doc.termFrequency("title", term) > 0 || doc.termFrequency("text", term) > 0),
      );
    }
    // One term at a time, in the order given (the caller puts the rarest first), until `limit` items: a
    // query over many terms makes FlexSearch walk and merge every list in full (8 ms at 3,000 reports),
    // while a rare term's list is short and already holds the items most likely to answer.
    const found = new Map<number, IndexedItem>();
    for (const term of terms) {
      const results = this.search.search(term, {
        limit: limit - found.size,
        merge: true,
        ...(tag ? { tag } : {}),
      }) as unknown as { id: number }[];
      for (const { id } of results) {
        const doc = this.docs.get(id);
        if (doc) found.set(id, doc);
      }
      if (found.size >= limit) break;
    }
    return [...found.values()];
  }

  /** The items under one tag value, or undefined when there are more than `limit`. */
  private itemsUnderTag(value: string, limit: number): IndexedItem[] | undefined {
    const reportIds = [...(this.reportsByTag.get(value) ?? [])];
    let count = 0;
    for (const id of reportIds) count += this.docsByReport.get(id)?.length ?? 0;
    return count <= limit ? this.itemsOf(reportIds) : undefined;
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
    return this.dictionary.terms();
  }

  termDocumentFrequency(term: string): number {
    return this.dictionary.frequency(term);
  }

  /** A term's id in this index (-1 when no item holds it), for `IndexedItem.slotOf`. */
  termId(term: string): number {
    return this.dictionary.idOf(term);
  }

  bigramDocumentFrequency(pair: string): number {
    return this.bigramDf.get(pairKey(pair)) ?? 0;
  }

  averageLength(field: Field): number {
    return this.docs.size === 0 ? 0 : this.fieldLengthSum[field] / this.docs.size;
  }
}

function bump<Key>(map: Map<Key, number>, key: Key, delta: number): void {
  const next = (map.get(key) ?? 0) + delta;
  if (next <= 0) map.delete(key);
  else map.set(key, next);
}
