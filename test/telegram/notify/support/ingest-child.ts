/**
 * `npm start`'s ingest path in a process of its own, for the kill-during-ingest test:
 * `tsx ingest-child.ts CORPUS_DIR DATA_DIR`. Loads the corpus, reconciles the notices, watches the folder and
 * queues a notice per added report (no broadcaster: the crash under test is in ingestion). Prints `ready`,
 * then `added <source>` per report, until it is killed.
 */
import { createEngineFromCorpus } from "../../../../src/app/load-engine.js";
import { watchCorpus } from "../../../../src/ingest/watch-corpus.js";
import { openStore } from "../../../../src/persist/store.js";
import { announceCorpusEvents } from "../../../../src/telegram/notify/announce-corpus-events.js";
import { NoticeReconciler } from "../../../../src/telegram/notify/reconcile-notices.js";

const [corpusDir, dataDir] = process.argv.slice(2);
if (!corpusDir || !dataDir) throw new Error("usage: ingest-child.ts CORPUS_DIR DATA_DIR");

const store = openStore({ dataDir });
const load = createEngineFromCorpus({ corpusDir, dataDir, workers: 0 });
await load.ready;
const reconciler = new NoticeReconciler({
  store,
  dataDir,
  reports: () => load.engine.reports(),
  wake: () => {},
});
await reconciler.run();
const watcher = watchCorpus({ corpusDir, engine: load.engine, stabilityMs: 100, pollMs: 20 });
announceCorpusEvents(watcher, { store, wake: () => {}, reconcile: () => reconciler.request() });
watcher.on("added", (event) => process.stdout.write(`added ${event.source}\n`));
await watcher.ready;
process.stdout.write("ready\n");
// Runs until killed.
setInterval(() => {}, 60_000);
