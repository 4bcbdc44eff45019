import { createHash } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { endianness } from "node:os";
import { dirname } from "node:path";
import type { Report } from "../../core/domain/report.js";
import { type ItemAnalysis, type ReportAnalysis, splitTerms } from "../../core/index/analyse-report.js";
import { compactIds } from "../../core/index/indexed-item.js";
import type { IndexState, RestoredItem } from "../../core/index/item-index.js";
import type { AnalysedFile } from "../../ingest/parallel/analyse-file.js";
import type { BuildStamp } from "./build-stamp.js";

const MAGIC = "edu-report-bot/index-snapshot";
/** The last 40 bytes of a snapshot: this tag, then the sha256 of every byte before it. */
const TRAILER_TAG = Buffer.from("EDUSNAP2", "latin1");
const TRAILER_BYTES = TRAILER_TAG.byteLength + 32;

export interface SnapshotHeader {
  magic: typeof MAGIC;
  stamp: BuildStamp;
  /** Hash of the corpus files' names, sizes and content hashes (see `corpusStamp`). */
  corpus: string;
  files: number;
  createdAt: string;
}

/** What a snapshot holds: every corpus file's report and analysis, and the index's own state. */
export interface SnapshotContent {
  header: SnapshotHeader;
  /** Every corpus file in load order: its report and analysis, or why it failed. */
  files: AnalysedFile[];
  index: IndexState;
}

/** A snapshot as read back: its content, plus every report's items ready for `ItemIndex.addRestored`. */
export interface Snapshot extends SnapshotContent {
  /** The items of `files[position]`'s report as the index holds them (ids of `index.terms`). */
  itemsOf(position: number): RestoredItem[];
}

/** A snapshot file that cannot be trusted: truncated, edited, or not ours. */
export class CorruptSnapshotError extends Error {}

/*
 * Layout (format 2): the header as one JSON line (UTF-8), then chunks, each a little-endian u32 byte
 * length, the bytes, and zero padding to a multiple of 4 (so numeric chunks are aligned), then a trailer:
 * "EDUSNAP2" and the sha256 of every byte before it. Chunks, in order:
 *
 *   one per corpus file   JSON of the file's fingerprint and report (or failure), UTF-16LE
 *   terms                 JSON array of the index's terms in id order, UTF-16LE
 *   shape                 u32: per report, per section its term count and the length of its terms
 *                         text; per item its folded length, title and text term counts, distinct term
 *                         count, and the lengths of its title and text terms texts
 *   term ids              u32 per item: its distinct term ids, ascending (IndexedItem.termIds)
 *   counts                u16 per item: three per distinct term (IndexedItem.counts)
 *   folded                every item's folded text, concatenated, UTF-16LE
 *   terms texts           the analyses' space-joined terms (section, then per item title and text),
 *                         concatenated, UTF-16LE
 *   search keys           JSON array of FlexSearch's export keys, UTF-8
 *   one per search key    its data, UTF-8 (mostly digits)
 *   bigrams               JSON of the pair counts, UTF-16LE
 *
 * Text is UTF-16LE where it is mostly Chinese: decoding it is a copy (UTF-8 decoding of Chinese ran at
 * ~180 MB/s and was most of a restore) and it is smaller (2 bytes a character instead of 3). Items are
 * stored in the form the index uses (what used to be split, interned, sorted and counted on every
 * restore), taken from the live index when written; the terms texts keep each item's terms in order for
 * FlexSearch, read only when a changed corpus reuses an unchanged file's analysis.
 */

/** Streams chunks to a file and hashes them. */
class ChunkWriter {
  private readonly digest = createHash("sha256");
  bytes = 0;

  constructor(private readonly out: ReturnType<typeof createWriteStream>) {}

  async raw(bytes: Uint8Array): Promise<void> {
    this.digest.update(bytes);
    this.bytes += bytes.byteLength;
    if (!this.out.write(bytes)) await once(this.out, "drain");
  }

  async chunk(bytes: Uint8Array): Promise<void> {
    if (bytes.byteLength > 0xffffffff) throw new Error("snapshot chunk over 4 GB");
    const length = Buffer.alloc(4);
    length.writeUInt32LE(bytes.byteLength);
    await this.raw(length);
    await this.raw(bytes);
    await this.pad();
  }

  async pad(): Promise<void> {
    if (this.bytes % 4 !== 0) await this.raw(Buffer.alloc(4 - (this.bytes % 4)));
  }

  async trailer(): Promise<void> {
    const sha = this.digest.digest();
    this.bytes += TRAILER_BYTES;
    if (!this.out.write(Buffer.concat([TRAILER_TAG, sha]))) await once(this.out, "drain");
  }
}

const typedBytes = (array: Uint16Array | Uint32Array) =>
  new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

/** A growable typed array. */
class Growing<T extends Uint16Array | Uint32Array> {
  length = 0;
  constructor(
    private array: T,
    private readonly make: (size: number) => T,
  ) {}

  push(value: number): void {
    if (this.length === this.array.length) this.grow(this.length + 1);
    this.array[this.length++] = value;
  }

  append(values: ArrayLike<number>): void {
    if (this.length + values.length > this.array.length) this.grow(this.length + values.length);
    this.array.set(values as ArrayLike<number> & T, this.length);
    this.length += values.length;
  }

  private grow(needed: number): void {
    const next = this.make(Math.max(needed, this.array.length * 2));
    next.set(this.array);
    this.array = next;
  }

  bytes(): Uint8Array {
    return typedBytes(this.array.subarray(0, this.length) as T);
  }
}

/**
 * Every report's items in the index's form, taken from the index (`IndexState.items`); a report the
 * index no longer holds (replaced by a later file with the same id) is counted from its analysis.
 */
function encodeItems(files: readonly AnalysedFile[], index: IndexState) {
  let idOf: Map<string, number> | undefined;
  const ids = (joined: string): Uint32Array => {
    if (!idOf) {
      idOf = new Map();
      for (const [id, term] of index.terms.entries()) idOf.set(term, id);
    }
    const parts = joined.length === 0 ? [] : joined.split(" ");
    const out = new Uint32Array(parts.length);
    for (let i = 0; i < parts.length; i++) {
      const id = idOf.get(parts[i]!);
      if (id === undefined) throw new Error(`term not in the index's dictionary: ${parts[i]}`);
      out[i] = id;
    }
    return out;
  };
  const computed = (report: Report, analysis: ReportAnalysis): RestoredItem[] =>
    report.sections.flatMap((section, s) => {
      const sectionAnalysis = analysis.sections[s]!;
      const sectionIds = ids(sectionAnalysis.terms);
      return section.items.map((_, i) => {
        const item = sectionAnalysis.items[i]!;
        const title = ids(item.title);
        const text = ids(item.text);
        return {
          folded: item.folded,
          lengths: { title: title.length, text: text.length, section: sectionIds.length },
          ...compactIds(title, text, sectionIds),
        };
      });
    });
  const shape = new Growing(new Uint32Array(1024), (size) => new Uint32Array(size));
  const termIds = new Growing(new Uint32Array(1024), (size) => new Uint32Array(size));
  const counts = new Growing(new Uint16Array(1024), (size) => new Uint16Array(size));
  const folded: string[] = [];
  const termsTexts: string[] = [];
  for (const file of files) {
    if (!file.report) continue;
    const report = file.report;
    const analysis = file.analysis;
    const held = index.items.get(report.id);
    const items = held?.report === report ? held.items : computed(report, analysis);
    let next = 0;
    report.sections.forEach((section, s) => {
      const sectionAnalysis = analysis.sections[s]!;
      const sectionItems = items.slice(next, next + section.items.length);
      next += section.items.length;
      if (sectionItems.length !== section.items.length)
        throw new Error(`index and report ${report.id} differ`);
      shape.push(sectionItems[0]?.lengths.section ?? splitTerms(sectionAnalysis.terms).length);
      shape.push(sectionAnalysis.terms.length);
      termsTexts.push(sectionAnalysis.terms);
      sectionItems.forEach((item, i) => {
        const itemAnalysis = sectionAnalysis.items[i]!;
        shape.push(item.folded.length);
        shape.push(item.lengths.title);
        shape.push(item.lengths.text);
        shape.push(item.termIds.length);
        shape.push(itemAnalysis.title.length);
        shape.push(itemAnalysis.text.length);
        termIds.append(item.termIds);
        counts.append(item.counts);
        folded.push(item.folded);
        termsTexts.push(itemAnalysis.title, itemAnalysis.text);
      });
    });
    if (next !== items.length) throw new Error(`index and report ${report.id} differ`);
  }
  return {
    shape: shape.bytes(),
    termIds: termIds.bytes(),
    counts: counts.bytes(),
    folded: Buffer.from(folded.join(""), "utf16le"),
    termsTexts: Buffer.from(termsTexts.join(""), "utf16le"),
  };
}

/** Writes a snapshot beside `path` and renames it over `path`; returns its size in bytes. */
export async function writeSnapshot(path: string, snapshot: SnapshotContent): Promise<number> {
  await mkdir(dirname(path), { recursive: true });
  // Written beside the target and renamed over it: a crash mid-write leaves the old snapshot whole.
  const temporary = `${path}.${process.pid}.tmp`;
  const out = createWriteStream(temporary);
  const writer = new ChunkWriter(out);
  try {
    if (snapshot.header.files !== snapshot.files.length) throw new Error("header and files disagree");
    await writer.raw(Buffer.from(`${JSON.stringify(snapshot.header)}\n`, "utf8"));
    await writer.pad();
    for (const file of snapshot.files) {
      const { analysis: _analysis, ...record } = file;
      await writer.chunk(Buffer.from(JSON.stringify(record), "utf16le"));
    }
    const items = encodeItems(snapshot.files, snapshot.index);
    await writer.chunk(Buffer.from(JSON.stringify(snapshot.index.terms), "utf16le"));
    for (const chunk of [items.shape, items.termIds, items.counts, items.folded, items.termsTexts])
      await writer.chunk(chunk);
    const keys = Object.keys(snapshot.index.search);
    await writer.chunk(Buffer.from(JSON.stringify(keys), "utf8"));
    for (const key of keys) await writer.chunk(Buffer.from(snapshot.index.search[key]!, "utf8"));
    await writer.chunk(Buffer.from(JSON.stringify(snapshot.index.bigramDf), "utf16le"));
    await writer.trailer();
    out.end();
    await once(out, "finish");
    await rename(temporary, path);
  } catch (error) {
    out.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
  return writer.bytes;
}

/** Reads only the first line (the header): enough to tell a stale snapshot without reading it all. */
export function parseHeader(buffer: Buffer): SnapshotHeader {
  const end = buffer.indexOf(10);
  if (end < 0) throw new CorruptSnapshotError("no header line");
  const header = parseJson(buffer.toString("utf8", 0, end)) as SnapshotHeader;
  if (header?.magic !== MAGIC || typeof header.stamp !== "object")
    throw new CorruptSnapshotError("not an index snapshot");
  return header;
}

/** The header alone (first 64 KiB), to tell a stale snapshot without reading and hashing all of it. */
export async function readSnapshotHeader(path: string): Promise<SnapshotHeader> {
  const handle = await open(path, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, 0);
    return parseHeader(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** Reads chunks from a verified buffer; any inconsistency is a CorruptSnapshotError. */
class ChunkReader {
  constructor(
    private readonly buffer: Buffer,
    private at: number,
    private readonly end: number,
  ) {}

  next(): Buffer {
    if (this.at + 4 > this.end) throw new CorruptSnapshotError("missing chunk");
    const length = this.buffer.readUInt32LE(this.at);
    const start = this.at + 4;
    if (start + length > this.end) throw new CorruptSnapshotError("chunk past the end");
    this.at = align4(start + length);
    return this.buffer.subarray(start, start + length);
  }

  json(encoding: "utf8" | "utf16le"): unknown {
    return parseJson(this.next().toString(encoding));
  }

  utf16(): string {
    const bytes = this.next();
    if (bytes.byteLength % 2 !== 0) throw new CorruptSnapshotError("odd UTF-16 chunk");
    return bytes.toString("utf16le");
  }

  /** A copy (the arrays outlive the file's buffer, which can then be freed). */
  uint32(): Uint32Array {
    const bytes = this.next();
    if (bytes.byteLength % 4 !== 0) throw new CorruptSnapshotError("misaligned u32 chunk");
    return new Uint32Array(copyBytes(bytes).buffer);
  }

  uint16(): Uint16Array {
    const bytes = this.next();
    if (bytes.byteLength % 2 !== 0) throw new CorruptSnapshotError("misaligned u16 chunk");
    return new Uint16Array(copyBytes(bytes).buffer);
  }

  finished(): void {
    if (this.at !== this.end) throw new CorruptSnapshotError("bytes after the last chunk");
  }
}

const align4 = (offset: number) => (offset + 3) & ~3;

function copyBytes(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}

/** Reads and verifies a snapshot: any damage is a CorruptSnapshotError, never a half-read index. */
export async function readSnapshot(path: string): Promise<Snapshot> {
  const buffer = await readFile(path);
  const header = parseHeader(buffer);
  if (endianness() !== "LE") throw new CorruptSnapshotError("snapshots need a little-endian machine");
  const bodyStart = align4(buffer.indexOf(10) + 1);
  const bodyEnd = buffer.byteLength - TRAILER_BYTES;
  if (bodyEnd < bodyStart) throw new CorruptSnapshotError("too short");
  if (!buffer.subarray(bodyEnd, bodyEnd + TRAILER_TAG.byteLength).equals(TRAILER_TAG))
    throw new CorruptSnapshotError("no trailer");
  const actual = createHash("sha256").update(buffer.subarray(0, bodyEnd)).digest();
  if (!actual.equals(buffer.subarray(bodyEnd + TRAILER_TAG.byteLength)))
    throw new CorruptSnapshotError("checksum mismatch");
  try {
    return decode(header, new ChunkReader(buffer, bodyStart, bodyEnd));
  } catch (error) {
    if (error instanceof CorruptSnapshotError) throw error;
    throw new CorruptSnapshotError(`unreadable snapshot: ${(error as Error).message}`);
  }
}

/** Where one report's items start in the item chunks. */
interface ItemCursor {
  shape: number;
  termIds: number;
  folded: number;
  termsTexts: number;
}

function decode(header: SnapshotHeader, reader: ChunkReader): Snapshot {
  if (!Number.isSafeInteger(header.files) || header.files < 0)
    throw new CorruptSnapshotError("bad file count");
  const files: AnalysedFile[] = [];
  for (let position = 0; position < header.files; position++)
    files.push(reader.json("utf16le") as AnalysedFile);
  const terms = reader.json("utf16le") as string[];
  if (!Array.isArray(terms)) throw new CorruptSnapshotError("bad term list");
  const shape = reader.uint32();
  const termIds = reader.uint32();
  const counts = reader.uint16();
  const folded = reader.utf16();
  // Decoded only if a changed corpus reuses some file's analysis.
  const termsTextsBytes = reader.next();
  let termsTexts: string | undefined;
  const keys = reader.json("utf8") as string[];
  if (!Array.isArray(keys)) throw new CorruptSnapshotError("bad search keys");
  const search: Record<string, string> = {};
  for (const key of keys) search[key] = reader.next().toString("utf8");
  const bigramDf = reader.json("utf16le") as [string, number][];
  reader.finished();

  // Walk every report's shape once: where each report's items start, and that the chunks add up.
  const cursors: (ItemCursor | undefined)[] = [];
  const cursor: ItemCursor = { shape: 0, termIds: 0, folded: 0, termsTexts: 0 };
  const termCount = terms.length;
  for (const file of files) {
    if (!file.report) {
      cursors.push(undefined);
      continue;
    }
    cursors.push({ ...cursor });
    for (const section of file.report.sections) {
      cursor.termsTexts += shape[cursor.shape + 1]!;
      cursor.shape += 2;
      for (let i = 0; i < section.items.length; i++) {
        const distinct = shape[cursor.shape + 3]!;
        cursor.folded += shape[cursor.shape]!;
        cursor.termIds += distinct;
        cursor.termsTexts += shape[cursor.shape + 4]! + shape[cursor.shape + 5]!;
        cursor.shape += 6;
        // Ascending: the last id is the largest.
        if (distinct > 0 && !(termIds[cursor.termIds - 1]! < termCount))
          throw new CorruptSnapshotError("term id out of range");
      }
    }
  }
  if (
    cursor.shape !== shape.length ||
    cursor.termIds !== termIds.length ||
    cursor.termIds * 3 !== counts.length ||
    cursor.folded !== folded.length ||
    cursor.termsTexts * 2 !== termsTextsBytes.byteLength
  )
    throw new CorruptSnapshotError("items do not add up");

  const itemsOf = (position: number): RestoredItem[] => {
    const file = files[position];
    const start = cursors[position];
    if (!file?.report || !start) return [];
    const at = { ...start };
    const items: RestoredItem[] = [];
    for (const section of file.report.sections) {
      const sectionLength = shape[at.shape]!;
      at.shape += 2;
      for (let i = 0; i < section.items.length; i++) {
        const foldedLength = shape[at.shape]!;
        const distinct = shape[at.shape + 3]!;
        items.push({
          folded: folded.slice(at.folded, at.folded + foldedLength),
          lengths: { title: shape[at.shape + 1]!, text: shape[at.shape + 2]!, section: sectionLength },
          termIds: termIds.subarray(at.termIds, at.termIds + distinct),
          counts: counts.subarray(at.termIds * 3, (at.termIds + distinct) * 3),
        });
        at.shape += 6;
        at.folded += foldedLength;
        at.termIds += distinct;
      }
    }
    return items;
  };

  /** A reused file's analysis (its terms in order), read when first asked for. */
  const analysisOf = (position: number, report: Report): ReportAnalysis => {
    termsTexts ??= termsTextsBytes.toString("utf16le");
    const texts = termsTexts;
    const at = { ...cursors[position]! };
    const take = (length: number) => {
      const start = at.termsTexts;
      at.termsTexts += length;
      return texts.slice(start, at.termsTexts);
    };
    return {
      sections: report.sections.map((section) => {
        const terms = take(shape[at.shape + 1]!);
        at.shape += 2;
        const items = section.items.map((): ItemAnalysis => {
          const foldedLength = shape[at.shape]!;
          const item = {
            folded: folded.slice(at.folded, at.folded + foldedLength),
            title: take(shape[at.shape + 4]!),
            text: take(shape[at.shape + 5]!),
          };
          at.shape += 6;
          at.folded += foldedLength;
          return item;
        });
        return { terms, items };
      }),
    };
  };

  files.forEach((file, position) => {
    const report = file.report;
    if (!report) return;
    let analysis: ReportAnalysis | undefined;
    Object.defineProperty(file, "analysis", {
      enumerable: true,
      configurable: true,
      get: () => {
        analysis ??= analysisOf(position, report);
        return analysis;
      },
    });
  });

  return { header, files, index: { search, bigramDf, terms, items: new Map() }, itemsOf };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CorruptSnapshotError(`unreadable JSON: ${(error as Error).message}`);
  }
}
