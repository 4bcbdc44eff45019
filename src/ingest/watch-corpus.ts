import { EventEmitter } from "node:events";
import { mkdir, readFile, stat } from "node:fs/promises";
import { basename, join, relative, resolve, sep } from "node:path";
import { type FSWatcher, watch } from "chokidar";
import type { Engine } from "../core/domain/engine.js";
import type { Report } from "../core/domain/report.js";
import { ReportRejectedError } from "../core/parse/errors.js";
import { type ReportSummary, summarize } from "./add-report.js";
import {
  type CatalogEntry,
  catalogEntry,
  catalogFromReports,
  classify,
  isNotAReportFile,
} from "./corpus-catalog.js";
import { assertReportSize } from "./extract-text.js";
import { contentHash, identityKey, readReport } from "./read-report.js";
import { defaultRejectedDir, fileRejection } from "./rejected-folder.js";

export interface AddedEvent {
  report: Report;
  summary: ReportSummary;
  source: string;
}
export interface UpdatedEvent extends AddedEvent {
  /** The corpus file that held the previous version (the same file when it was edited in place). */
  previousSource: string;
}
export interface RemovedEvent {
  reportId: string;
  title: string;
  source: string;
}
export interface RejectedEvent {
  source: string;
  reason: string;
  detail?: string;
  rejectedPath?: string;
}
export interface DuplicateEvent {
  source: string;
  duplicateOf: string;
}

export interface CorpusEvents {
  /** A report new to the corpus became searchable: the notices hook this. */
  added: [AddedEvent];
  /** A new version of a report (same district, year and title) replaced the old one. */
  updated: [UpdatedEvent];
  removed: [RemovedEvent];
  /** A file was refused and moved to the rejected folder with its reason. */
  rejected: [RejectedEvent];
  /** A file with the same bytes as a report already indexed: ignored. */
  duplicate: [DuplicateEvent];
  /** A failure that is not the file's fault (I/O, the watcher itself). */
  error: [Error];
}

export type WatchLog = (
  level: "info" | "warn" | "error",
  message: string,
  fields?: Record<string, unknown>,
) => void;

export interface WatchCorpusOptions {
  corpusDir: string;
  /** The live index; the watcher only adds, replaces (same id) and removes reports. */
  engine: Pick<Engine, "add" | "remove" | "reports">;
  /** Default: `rejected/` beside the corpus folder. */
  rejectedDir?: string;
  /** How long a file's size must stay unchanged before it is read (ms). Default 500. */
  stabilityMs?: number;
  /** How often a growing file's size is checked (ms). Default 50. */
  pollMs?: number;
  /**
   * How long a deletion waits before the report leaves the index (ms), so that a file replaced by
   * delete-then-write (editors, `npm run add` changing format) never leaves a gap. Default 2 × stabilityMs.
   */
  unlinkGraceMs?: number;
  log?: WatchLog;
  /**
   * The corpus's initial load, when the watcher is started before it lists the folder (as it should be: a
   * file added while the corpus loads is then seen by one or the other). Changes seen meanwhile are
   * applied once the load has ended, against what it indexed; a file that arrived during the load is
   * announced as added even when the load's listing already picked it up.
   */
  initialLoad?: Promise<unknown>;
}

export interface CorpusWatcher extends EventEmitter<CorpusEvents> {
  /** Resolves once the folder is watched: any file added from then on is seen. */
  readonly watching: Promise<void>;
  /** Resolves once the folder is watched and the reports already indexed are known. */
  readonly ready: Promise<void>;
  /** Resolves when every change seen so far has been applied to the index (tests, benchmarks). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_STABILITY_MS = 500;

/**
 * Keeps the index in step with the corpus folder while the bot runs. A file that appears or changes is read
 * once it has stopped growing (chokidar's awaitWriteFinish) and only if it did not change while being read;
 * it is then validated and added (replacing by id, atomically for questions), ignored as a duplicate, or
 * moved to the rejected folder. A deleted file's report leaves the index. Changes are applied one at a time,
 * in order, so the index never sees two versions of one report race.
 */
export function watchCorpus(options: WatchCorpusOptions): CorpusWatcher {
  const corpusDir = resolve(options.corpusDir);
  const rejectedDir = resolve(options.rejectedDir ?? defaultRejectedDir(corpusDir));
  const stabilityMs = options.stabilityMs ?? DEFAULT_STABILITY_MS;
  const unlinkGraceMs = options.unlinkGraceMs ?? 2 * stabilityMs;
  const log: WatchLog = options.log ?? (() => {});
  const { engine } = options;

  const emitter = new EventEmitter<CorpusEvents>();
  // Without a listener, EventEmitter throws on "error"; a watcher must never take the bot down.
  emitter.on("error", () => {});

  /** Corpus files whose report is indexed (several files may hold one report id). */
  const indexed = new Map<string, CatalogEntry>();
  /** Corpus files ignored because their bytes equal an indexed file's: source → hash. */
  const duplicates = new Map<string, string>();
  /** Reports removed a moment ago: a new file with the same identity soon after is an update, not news. */
  const recentlyRemoved = new Map<string, { entry: CatalogEntry; at: number }>();
  const pendingUnlinks = new Map<string, NodeJS.Timeout>();
  let queue: Promise<void> = Promise.resolve();
  /**
   * Files the initial load indexed that were not in the folder when watching began: they arrived during
   * the load, so they are new to the corpus. chokidar reports each of them as added (once its write has
   * finished, maybe after the load): it is then applied as a new file and announced, not skipped as known.
   */
  const arrivedDuringLoad = new Map<string, CatalogEntry>();
  /** The files chokidar found when watching began (it reports only later ones as added). */
  let initialFiles = new Set<string>();
  let closed = false;

  /** What the index holds, learnt from the engine (after the initial load, when there is one). */
  const catalogue = async () => {
    await watching;
    await options.initialLoad?.catch(() => {});
    for (const entry of await catalogFromReports(engine.reports(), corpusDir)) {
      if (options.initialLoad && !initialFiles.has(entry.source)) arrivedDuringLoad.set(entry.source, entry);
      else indexed.set(entry.source, entry);
    }
  };

  const enqueue = (task: () => Promise<void>) => {
    queue = queue.then(async () => {
      if (closed) return;
      try {
        await task();
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        log("error", "corpus watcher failed to apply a change", { error: failure.message });
        emitter.emit("error", failure);
      }
    });
  };

  const sourceOf = (path: string) => relative(corpusDir, resolve(path));

  const isIgnored = (path: string): boolean => {
    const absolute = resolve(path);
    if (absolute === corpusDir) return false;
    if (absolute === rejectedDir || absolute.startsWith(rejectedDir + sep)) return true;
    const name = basename(absolute);
    // Temporaries and notes are left alone; any other file that is not a report is refused when it lands.
    return name === "rejected" || isNotAReportFile(name);
  };

  const reject = async (source: string, error: ReportRejectedError, keepFile: boolean) => {
    const filed = await fileRejection(
      rejectedDir,
      source,
      keepFile ? { movePath: join(corpusDir, source) } : { none: true },
      error,
    );
    log("warn", "report rejected", { source, reason: error.reason, detail: error.detail });
    const event: RejectedEvent = { source, reason: error.reason };
    if (error.detail) event.detail = error.detail;
    if (filed.filePath) event.rejectedPath = filed.filePath;
    emitter.emit("rejected", event);
  };

  /** `quiet`: re-index without announcing (a byte-identical copy taking over from a deleted file). */
  const applyFile = async (source: string, quiet = false) => {
    const path = join(corpusDir, source);
    let before: Awaited<ReturnType<typeof stat>>;
    try {
      before = await stat(path);
    } catch {
      return; // Gone again before we got to it; its unlink is handled on its own.
    }
    if (!before.isFile()) return;
    try {
      assertReportSize(before.size);
    } catch (error) {
      if (!(error instanceof ReportRejectedError)) throw error;
      await reject(source, error, true);
      return;
    }
    const bytes = await readFile(path);
    const after = await stat(path).catch(() => undefined);
    if (
      !after ||
      after.size !== before.size ||
      after.mtimeMs !== before.mtimeMs ||
      after.size !== bytes.length
    ) {
      log("info", "file changed while being read; waiting for the next change", { source });
      return;
    }
    const hash = contentHash(bytes);
    // What the initial load indexed from this file, when it arrived during the load: replaced below.
    const loaded = arrivedDuringLoad.get(source);
    arrivedDuringLoad.delete(source);
    if (indexed.get(source)?.hash === hash || duplicates.get(source) === hash) return;

    let read: Awaited<ReturnType<typeof readReport>>;
    try {
      read = await readReport(bytes, source);
    } catch (error) {
      if (!(error instanceof ReportRejectedError)) throw error;
      // The index keeps whatever this file held before: a bad new version does not remove a good report.
      if (loaded && !indexed.has(source)) indexed.set(source, loaded);
      await reject(source, error, true);
      return;
    }

    const others = [...indexed.values()].filter((entry) => entry.source !== source);
    const classification = classify(read, others);
    if (classification.kind === "duplicate") {
      // This file held another report before it was overwritten with a copy: that report is gone.
      const replaced = indexed.get(source) ?? loaded;
      indexed.delete(source);
      if (
        replaced &&
        replaced.reportId !== classification.of.reportId &&
        !holdsReport(replaced.reportId, source)
      ) {
        engine.remove(replaced.reportId);
      }
      duplicates.set(source, hash);
      log("info", "duplicate report ignored", { source, duplicateOf: classification.of.source });
      emitter.emit("duplicate", { source, duplicateOf: classification.of.source });
      return;
    }
    duplicates.delete(source);

    const previous =
      indexed.get(source) ??
      (classification.kind === "update" ? classification.previous : undefined) ??
      takeRecentlyRemoved(identityKey(read.report));
    const report = { ...read.report, source };
    engine.add(report);
    for (const before of [previous, loaded]) {
      if (before && before.reportId !== report.id && !holdsReport(before.reportId, source))
        engine.remove(before.reportId);
    }
    indexed.set(source, catalogEntry(source, hash, report));

    const summary = summarize(report, read.format);
    const isUpdate = previous !== undefined && previous.identity === identityKey(report);
    if (quiet) return;
    log("info", isUpdate ? "report updated" : "report added", {
      source,
      reportId: report.id,
      items: summary.items,
    });
    if (isUpdate) emitter.emit("updated", { report, summary, source, previousSource: previous.source });
    else emitter.emit("added", { report, summary, source });
  };

  /** Whether a corpus file other than `except` still holds this report id. */
  const holdsReport = (reportId: string, except: string) =>
    [...indexed.values()].some((entry) => entry.reportId === reportId && entry.source !== except);

  const takeRecentlyRemoved = (identity: string): CatalogEntry | undefined => {
    const memory = recentlyRemoved.get(identity);
    recentlyRemoved.delete(identity);
    return memory && Date.now() - memory.at < 30_000 ? memory.entry : undefined;
  };

  const applyUnlink = async (source: string) => {
    if (await stat(join(corpusDir, source)).catch(() => undefined)) return; // Written again meanwhile.
    if (duplicates.delete(source)) return;
    const entry = indexed.get(source) ?? arrivedDuringLoad.get(source);
    arrivedDuringLoad.delete(source);
    if (!entry) return;
    indexed.delete(source);
    if (holdsReport(entry.reportId, source)) return;
    const twin = [...duplicates.entries()].find(([, hash]) => hash === entry.hash);
    if (twin) {
      // A byte-identical copy was ignored while this file existed: it now carries the report.
      duplicates.delete(twin[0]);
      await applyFile(twin[0], true);
      if (indexed.has(twin[0])) return;
    }
    engine.remove(entry.reportId);
    recentlyRemoved.set(entry.identity, { entry, at: Date.now() });
    log("info", "report removed", { source, reportId: entry.reportId });
    emitter.emit("removed", { reportId: entry.reportId, title: entry.title, source });
  };

  const onFile = (path: string) => {
    const source = sourceOf(path);
    const pending = pendingUnlinks.get(source);
    if (pending) {
      clearTimeout(pending);
      pendingUnlinks.delete(source);
    }
    enqueue(() => applyFile(source));
  };

  const onUnlink = (path: string) => {
    const source = sourceOf(path);
    clearTimeout(pendingUnlinks.get(source));
    pendingUnlinks.set(
      source,
      setTimeout(() => {
        pendingUnlinks.delete(source);
        enqueue(() => applyUnlink(source));
      }, unlinkGraceMs),
    );
  };

  let watcher: FSWatcher | undefined;
  const watching = (async () => {
    await mkdir(corpusDir, { recursive: true });
    if (closed) return;
    const fsWatcher = watch(corpusDir, {
      ignoreInitial: true,
      depth: 0,
      ignored: isIgnored,
      awaitWriteFinish: { stabilityThreshold: stabilityMs, pollInterval: options.pollMs ?? 50 },
    });
    watcher = fsWatcher;
    fsWatcher.on("add", onFile);
    fsWatcher.on("change", onFile);
    fsWatcher.on("unlink", onUnlink);
    fsWatcher.on("error", (error) => {
      const failure = error instanceof Error ? error : new Error(String(error));
      log("error", "corpus watcher error", { error: failure.message });
      emitter.emit("error", failure);
    });
    await new Promise<void>((resolveReady) => fsWatcher.once("ready", () => resolveReady()));
    initialFiles = new Set(fsWatcher.getWatched()[corpusDir] ?? []);
  })();
  // Every change waits for the catalogue: the first task of the queue.
  const catalogReady = catalogue();
  queue = catalogReady.catch(() => {});
  const ready = Promise.all([watching, catalogReady]).then(() => {
    log("info", "watching corpus folder", { corpusDir, reports: indexed.size });
  });

  const settled = async () => {
    // Scheduled deletions count as pending work; wait for them, then for the queue to drain.
    while (pendingUnlinks.size > 0) await new Promise((resolveLater) => setTimeout(resolveLater, 20));
    let current: Promise<void>;
    do {
      current = queue;
      await current;
    } while (current !== queue);
  };

  const close = async () => {
    closed = true;
    for (const timer of pendingUnlinks.values()) clearTimeout(timer);
    pendingUnlinks.clear();
    await ready.catch(() => {});
    await watcher?.close();
    await queue;
  };

  return Object.assign(emitter, { watching, ready, settled, close });
}
