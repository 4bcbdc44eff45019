import { readFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { watch } from "chokidar";
import type pg from "pg";
import type { AddOutcome } from "./add-report.js";
import { isNotAReportFile } from "./corpus-catalog.js";
import { publishReport, type SharedCorpusLog } from "./shared-corpus.js";

export interface FolderPublisher {
  /** Resolves once the files already in the folder were published (or found to be there already). */
  readonly ready: Promise<void>;
  /** Resolves when every change seen so far is written (tests). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/**
 * With PostgreSQL, an instance's watched folder feeds the shared corpus: each file that appears or changes
 * (once it stopped growing) is published once for every instance; what is already there (same bytes, from
 * any instance) is a duplicate and changes nothing. Removing a file does not remove the shared report: the
 * other instances' folders may still hold it.
 */
export function publishFolder(
  pool: pg.Pool,
  folder: string,
  options: { stabilityMs?: number; log?: SharedCorpusLog; onOutcome?: (outcome: AddOutcome) => void } = {},
): FolderPublisher {
  const dir = resolve(folder);
  const log = options.log ?? (() => {});
  let queue: Promise<void> = Promise.resolve();
  const publish = (path: string) => {
    queue = queue.then(async () => {
      try {
        const outcome = await publishReport(pool, { bytes: await readFile(path), name: basename(path) });
        if (outcome.status === "rejected")
          log("warn", "report rejected", { source: basename(path), reason: outcome.reason });
        else if (outcome.status !== "duplicate")
          log("info", "report published to the shared corpus", {
            source: outcome.source,
            status: outcome.status,
          });
        options.onOutcome?.(outcome);
      } catch (error) {
        log("error", "could not publish a report", {
          source: basename(path),
          error: (error as Error).message,
        });
      }
    });
  };
  const watcher = watch(dir, {
    depth: 0,
    ignored: (path) =>
      resolve(path) !== dir && (basename(path) === "rejected" || isNotAReportFile(basename(path))),
    awaitWriteFinish: { stabilityThreshold: options.stabilityMs ?? 500, pollInterval: 50 },
  });
  watcher.on("add", publish);
  watcher.on("change", publish);
  watcher.on("error", (error) => log("error", "folder watcher error", { error: String(error) }));
  const ready = new Promise<void>((done) => watcher.once("ready", () => done())).then(() => queue);
  const settled = async () => {
    let current: Promise<void>;
    do {
      current = queue;
      await current;
    } while (current !== queue);
  };
  return {
    ready,
    settled,
    close: async () => {
      await watcher.close();
      await settled();
    },
  };
}
