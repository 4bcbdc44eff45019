import { join, resolve } from "node:path";
import type { Engine } from "../core/domain/engine.js";
import { ReportEngine } from "../core/engine.js";
import { SwappableEngine } from "../core/swappable-engine.js";
import { CrashedFiles } from "../ingest/isolated/crashed-files.js";
import type { IsolationLimits } from "../ingest/isolated/isolated-parser.js";
import type { LoadFailure } from "../ingest/load-corpus.js";
import { listReportFiles } from "../ingest/load-corpus.js";
import type { AnalysedFile, FileFingerprint } from "../ingest/parallel/analyse-file.js";
import { analyseFiles } from "../ingest/parallel/analyse-files.js";
import { type BuildStamp, currentBuildStamp, stampDifferences } from "../persist/snapshot/build-stamp.js";
import { corpusStamp, fingerprintFiles, sameFile } from "../persist/snapshot/corpus-stamp.js";
import { restoreEngine } from "../persist/snapshot/restore-engine.js";
import {
  CorruptSnapshotError,
  readSnapshot,
  readSnapshotHeader,
  type Snapshot,
  writeSnapshot,
} from "../persist/snapshot/snapshot-file.js";

export const SNAPSHOT_FILE = "index.snapshot.jsonl";

export interface CorpusLoadOptions {
  corpusDir: string;
  /** Where the snapshot lives (default `data`, or DATA_DIR as the caller reads it). */
  dataDir?: string;
  /** Worker threads for parsing and segmentation (default: none for a small corpus, see defaultWorkerCount). */
  workers?: number;
  /** false: neither read nor write a snapshot. */
  snapshot?: boolean;
  /** Heap cap and time limit of the parsing workers (default WORKER_LIMITS). */
  workerLimits?: IsolationLimits;
  /** The code/dictionary/stopword stamp (tests pass another one to simulate a change). */
  stamp?: BuildStamp;
  /**
   * Awaited before the folder is listed: the corpus watcher's start, so that a file added at any moment is
   * either listed here or seen by the watcher (see openLiveCorpus).
   */
  startAfter?: Promise<unknown>;
  /** Awaited as each phase begins (tests drop files into the folder at a chosen moment of the load). */
  atPhase?: (phase: LoadPhase) => void | Promise<void>;
}

export type LoadPhase = "scanning" | "restoring" | "analysing" | "saving" | "ready" | "failed";

export interface LoadProgress {
  phase: LoadPhase;
  /** Corpus files done (indexed, restored, or failed). */
  loaded: number;
  /** Corpus files found (0 until the folder is scanned). */
  total: number;
}

export interface LoadSummary {
  files: number;
  reports: number;
  failures: LoadFailure[];
  /** "snapshot": restored whole; "rebuilt": analysed `analysed` files and reused `reused` from the snapshot. */
  source: "snapshot" | "rebuilt";
  reused: number;
  analysed: number;
  /** Why the snapshot was not used as it was (missing, stale, corrupt, corpus changed). */
  rebuildReason?: string;
  /** Bytes written to the snapshot (0 when none was written). */
  snapshotBytes: number;
  milliseconds: number;
}

export interface CorpusLoad {
  /** Answers at once, from whatever is loaded so far. */
  engine: Engine;
  progress(): LoadProgress;
  /** Where the load is, for answers given meanwhile ("报告正在加载（已加载 N / M 份）"); undefined once ready. */
  loadingNote(): string | undefined;
  ready: Promise<LoadSummary>;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

interface SnapshotVerdict {
  snapshot?: Snapshot;
  /** Set when the snapshot cannot be restored whole. */
  reason?: string;
}

/**
 * Reads the snapshot when it is current; never trusts one that is stale or damaged. Whether the corpus
 * changed since is the caller's to check (`corpusChanged`): this runs while the corpus files are hashed.
 */
async function openSnapshot(path: string, stamp: BuildStamp): Promise<SnapshotVerdict> {
  try {
    const header = await readSnapshotHeader(path);
    const changed = stampDifferences(header.stamp, stamp);
    if (changed.length > 0) return { reason: `stale snapshot (${changed.join(", ")} changed)` };
    return { snapshot: await readSnapshot(path) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { reason: "no snapshot" };
    if (error instanceof CorruptSnapshotError) return { reason: `corrupt snapshot (${error.message})` };
    return { reason: `unreadable snapshot (${(error as Error).message})` };
  }
}

/**
 * Starts loading a corpus folder and returns at once with an engine that answers from what is loaded.
 * An unchanged corpus is restored from the snapshot in DATA_DIR; otherwise files are parsed and segmented
 * on worker threads (reusing the snapshot's analyses of unchanged files), inserted in file order, and a new
 * snapshot is written.
 */
export function createEngineFromCorpus(options: CorpusLoadOptions): CorpusLoad {
  const engine = new SwappableEngine(new ReportEngine());
  const state: LoadProgress = { phase: "scanning", loaded: 0, total: 0 };
  const ready = runLoad(options, engine, state).catch((error) => {
    state.phase = "failed";
    throw error;
  });
  // The caller may only poll progress; an unobserved rejection must not kill the process.
  ready.catch(() => {});
  return {
    engine,
    progress: () => ({ ...state }),
    loadingNote: () =>
      state.phase === "ready"
        ? undefined
        : state.total === 0
          ? "报告正在加载"
          : `报告正在加载（已加载 ${state.loaded} / ${state.total} 份）`,
    ready,
  };
}

async function runLoad(
  options: CorpusLoadOptions,
  engine: SwappableEngine,
  state: LoadProgress,
): Promise<LoadSummary> {
  const started = performance.now();
  const corpusDir = resolve(options.corpusDir);
  const stamp = options.stamp ?? currentBuildStamp();
  const useSnapshot = options.snapshot !== false;
  const dataDir = resolve(options.dataDir ?? "data");
  const snapshotPath = join(dataDir, SNAPSHOT_FILE);
  const enter = async (phase: LoadPhase) => {
    state.phase = phase;
    await options.atPhase?.(phase);
  };

  await options.startAfter?.catch(() => {});
  await enter("scanning");
  const paths = await listReportFiles(corpusDir);
  state.total = paths.length;
  // The snapshot is read and verified while the corpus files are hashed (both mostly wait on the disk or
  // the thread pool); whether it matches the corpus is decided once both are done.
  const opening: Promise<SnapshotVerdict> = useSnapshot
    ? openSnapshot(snapshotPath, stamp)
    : Promise.resolve({ reason: "snapshots disabled" });
  const fingerprints = await fingerprintFiles(paths, corpusDir);
  const corpus = corpusStamp(fingerprints);
  const verdict = await opening;
  if (verdict.snapshot && verdict.snapshot.header.corpus !== corpus) verdict.reason = "corpus changed";
  const finish = (
    summary: Omit<LoadSummary, "milliseconds" | "files" | "reports" | "failures">,
    files: readonly AnalysedFile[],
  ) => {
    state.phase = "ready";
    state.loaded = state.total;
    engine.settle();
    return {
      files: files.length,
      reports: files.filter((file) => file.report).length,
      failures: files
        .filter((file) => file.failure !== undefined)
        .map((file) => ({ file: file.name, reason: file.failure! })),
      ...summary,
      milliseconds: performance.now() - started,
    };
  };

  if (verdict.snapshot && !verdict.reason) {
    await enter("restoring");
    const restored = await restoreEngine(verdict.snapshot, (count) => {
      state.loaded = count;
    });
    engine.replace(restored);
    return finish(
      { source: "snapshot", reused: verdict.snapshot.files.length, analysed: 0, snapshotBytes: 0 },
      verdict.snapshot.files,
    );
  }

  await enter("analysing");
  const crashed = await CrashedFiles.open(dataDir);
  const { files, analysed } = await rebuild(
    paths,
    fingerprints,
    verdict.snapshot,
    crashed,
    corpusDir,
    engine,
    state,
    options,
  );
  // Remembered even when no snapshot is written: a file that crashed a worker is not read on every start.
  await crashed
    .remember(
      files
        .filter((file) => file.crashed && !crashed.get(file.sha256))
        .map((file) => ({ sha256: file.sha256, name: file.name, reason: file.failure! })),
    )
    .catch(() => {});
  const reused = files.filter(
    (file, position) => verdict.snapshot && reusable(verdict.snapshot, fingerprints[position]!) === file,
  ).length;
  let snapshotBytes = 0;
  // A report added or removed by hand during the load is not one of the files: the index no longer
  // matches them, so no snapshot this time (the next start writes one).
  if (useSnapshot && !engine.changedDuringLoad) {
    await enter("saving");
    // A snapshot only saves time on the next start: a read-only or full disk must not stop this one.
    snapshotBytes = await writeSnapshot(snapshotPath, {
      header: {
        magic: "edu-report-bot/index-snapshot",
        stamp,
        corpus: corpusStamp(files),
        files: files.length,
        createdAt: new Date().toISOString(),
      },
      files,
      index: engine.inner.exportIndex(),
    }).catch(() => 0);
  }
  return finish(
    {
      source: "rebuilt",
      reused,
      analysed,
      rebuildReason: verdict.reason,
      snapshotBytes,
    },
    files,
  );
}

const reuseCache = new WeakMap<Snapshot, Map<string, AnalysedFile>>();

/** The snapshot's entry for an unchanged file (same name, size and content hash), if any. */
function reusable(snapshot: Snapshot, fingerprint: FileFingerprint): AnalysedFile | undefined {
  let byName = reuseCache.get(snapshot);
  if (!byName) {
    byName = new Map(snapshot.files.map((file) => [file.name, file]));
    reuseCache.set(snapshot, byName);
  }
  const entry = byName.get(fingerprint.name);
  return entry && sameFile(entry, fingerprint) ? entry : undefined;
}

/**
 * Indexes every file in order into the live engine: unchanged files from the snapshot's analyses, the
 * others from worker threads as they finish. One report per turn of the event loop, so questions are
 * answered in between.
 */
async function rebuild(
  paths: readonly string[],
  fingerprints: readonly FileFingerprint[],
  snapshot: Snapshot | undefined,
  crashed: CrashedFiles,
  corpusDir: string,
  engine: SwappableEngine,
  state: LoadProgress,
  { workers, workerLimits }: Pick<CorpusLoadOptions, "workers" | "workerLimits">,
): Promise<{ files: AnalysedFile[]; analysed: number }> {
  const entries = fingerprints.map(
    (fingerprint): AnalysedFile | undefined =>
      (snapshot ? reusable(snapshot, fingerprint) : undefined) ?? remembered(crashed, fingerprint),
  );
  const toAnalyse = paths.filter((_, position) => entries[position] === undefined);
  const arrivals = toAnalyse.map(() => deferred<AnalysedFile>());
  const analysis = analyseFiles(toAnalyse, corpusDir, (file, position) => arrivals[position]!.resolve(file), {
    ...(workers !== undefined ? { workers } : {}),
    ...(workerLimits ? { limits: workerLimits } : {}),
  });
  analysis.catch((error) => {
    for (const arrival of arrivals) arrival.reject(error);
  });
  const files: AnalysedFile[] = [];
  let analysed = 0;
  for (const [position, entry] of entries.entries()) {
    const file = entry ?? (await arrivals[analysed++]!.promise);
    files.push(file);
    if (file.report) engine.inner.addAnalysed(file.report, file.analysis);
    state.loaded = position + 1;
    await nextTurn();
  }
  await analysis;
  return { files, analysed: toAnalyse.length };
}

/** A file that crashed a worker on an earlier start: its failure, without reading it again. */
function remembered(crashed: CrashedFiles, fingerprint: FileFingerprint): AnalysedFile | undefined {
  const record = fingerprint.sha256 ? crashed.get(fingerprint.sha256) : undefined;
  return record ? { ...fingerprint, failure: record.reason, crashed: true } : undefined;
}

function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}
