import { createHash } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import type { IndexState } from "../index/item-index.js";
import type { AnalysedFile } from "../ingest/parallel/analyse-file.js";
import type { BuildStamp } from "./build-stamp.js";

const MAGIC = "edu-report-bot/index-snapshot";

export interface SnapshotHeader {
  magic: typeof MAGIC;
  stamp: BuildStamp;
  /** Hash of the corpus files' names, sizes and content hashes (see `corpusStamp`). */
  corpus: string;
  files: number;
  createdAt: string;
}

export interface Snapshot {
  header: SnapshotHeader;
  /** Every corpus file in load order: its report and analysis, or why it failed. */
  files: AnalysedFile[];
  index: IndexState;
}

/** A snapshot file that cannot be trusted: truncated, edited, or not ours. */
export class CorruptSnapshotError extends Error {}

/**
 * Layout: JSON lines — the header, one line per corpus file, the index state, then a trailer with the
 * sha256 of every byte before it. Lines keep each JSON.parse small and let a reader yield between them;
 * the trailer lets the writer stream (no 150 MB string in memory) and the reader detect any damage.
 */
export async function writeSnapshot(path: string, snapshot: Snapshot): Promise<number> {
  await mkdir(dirname(path), { recursive: true });
  // Written beside the target and renamed over it: a crash mid-write leaves the old snapshot whole.
  const temporary = `${path}.${process.pid}.tmp`;
  const out = createWriteStream(temporary);
  const digest = createHash("sha256");
  let bytes = 0;
  const writeLine = async (value: unknown, hashed = true) => {
    const line = Buffer.from(`${JSON.stringify(value)}\n`, "utf8");
    if (hashed) digest.update(line);
    bytes += line.byteLength;
    if (!out.write(line)) await once(out, "drain");
  };
  try {
    await writeLine(snapshot.header);
    for (const file of snapshot.files) await writeLine(file);
    await writeLine(snapshot.index);
    await writeLine({ end: MAGIC, sha256: digest.digest("hex"), lines: snapshot.files.length + 2 }, false);
    out.end();
    await once(out, "finish");
    await rename(temporary, path);
  } catch (error) {
    out.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
  return bytes;
}

function lineEnds(buffer: Buffer): number[] {
  const ends: number[] = [];
  for (let at = buffer.indexOf(10); at >= 0; at = buffer.indexOf(10, at + 1)) ends.push(at);
  return ends;
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

/** Reads and verifies a snapshot: any damage is a CorruptSnapshotError, never a half-read index. */
export async function readSnapshot(path: string): Promise<Snapshot> {
  const buffer = await readFile(path);
  const header = parseHeader(buffer);
  const ends = lineEnds(buffer);
  if (ends.length !== header.files + 3) throw new CorruptSnapshotError("wrong number of lines");
  const bodyEnd = ends[ends.length - 2]! + 1;
  const trailer = parseJson(buffer.toString("utf8", bodyEnd, ends[ends.length - 1])) as {
    end?: string;
    sha256?: string;
  };
  if (trailer?.end !== MAGIC) throw new CorruptSnapshotError("no trailer");
  const actual = createHash("sha256").update(buffer.subarray(0, bodyEnd)).digest("hex");
  if (actual !== trailer.sha256) throw new CorruptSnapshotError("checksum mismatch");
  const files: AnalysedFile[] = [];
  for (let line = 1; line <= header.files; line++)
    files.push(parseJson(buffer.toString("utf8", ends[line - 1]! + 1, ends[line])) as AnalysedFile);
  const index = parseJson(
    buffer.toString("utf8", ends[header.files]! + 1, ends[header.files + 1]),
  ) as IndexState;
  return { header, files, index };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CorruptSnapshotError(`unreadable JSON: ${(error as Error).message}`);
  }
}
