import { type CorpusWatcher, type WatchLog, watchCorpus } from "../ingest/watch-corpus.js";
import { type CorpusLoad, type CorpusLoadOptions, createEngineFromCorpus } from "./load-engine.js";

export interface LiveCorpusOptions
  extends Pick<CorpusLoadOptions, "corpusDir" | "dataDir" | "workers" | "snapshot" | "atPhase"> {
  log?: WatchLog;
  /** See WatchCorpusOptions.stabilityMs. */
  stabilityMs?: number;
}

export interface LiveCorpus {
  load: CorpusLoad;
  watcher: CorpusWatcher;
  close(): Promise<void>;
}

/**
 * The corpus as the bot serves it: loaded (from the snapshot, or parsed) and kept in step with its folder.
 * The watcher starts first and the load lists the folder only once the watcher sees every change, so a
 * file added at any moment is indexed and reported as added exactly once: before watching began it is
 * simply part of the corpus; after, the watcher reports it (once the load has ended, against what the
 * load indexed), whether or not the load's listing picked it up too.
 */
export function openLiveCorpus(options: LiveCorpusOptions): LiveCorpus {
  let watchingBegan!: () => void;
  const startAfter = new Promise<void>((resolve) => {
    watchingBegan = resolve;
  });
  const { log, stabilityMs, ...loadOptions } = options;
  const load = createEngineFromCorpus({ ...loadOptions, startAfter });
  const watcher = watchCorpus({
    corpusDir: options.corpusDir,
    engine: load.engine,
    initialLoad: load.ready,
    ...(log ? { log } : {}),
    ...(stabilityMs !== undefined ? { stabilityMs } : {}),
  });
  // A watcher that cannot start (folder unreadable) must not hold the load back: it reports its own error.
  watcher.watching.then(watchingBegan, watchingBegan);
  return { load, watcher, close: () => watcher.close() };
}
