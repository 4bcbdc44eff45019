import { availableParallelism } from "node:os";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { type AnalysedFile, analyseFile } from "./analyse-file.js";
import type { AnalyseRequest } from "./analyse-worker.js";

export interface AnalyseOptions {
  /** Worker threads (default: `defaultWorkerCount`); 0 analyses on the calling thread. */
  workers?: number;
  /** Files per message: small enough to keep both workers busy to the end, large enough to cut chatter. */
  batchSize?: number;
}

/** Receives each file in list order (whatever order the workers finish in), one at a time. */
export type FileSink = (file: AnalysedFile, position: number) => void | Promise<void>;

// The worker body is JavaScript beside this file once compiled (dist/), started as it is. Run from the
// TypeScript source (tsx, vitest), it is started through the bootstrap, which makes TypeScript loadable in
// the worker.
const here = fileURLToPath(import.meta.url);
const WORKER_ENTRY = new URL(`./analyse-worker${extname(here)}`, import.meta.url).href;
const COMPILED = extname(here) === ".js";
const BOOTSTRAP = new URL("./worker-bootstrap.mjs", import.meta.url);
const startWorker = (corpusDir: string) =>
  COMPILED
    ? new Worker(new URL(WORKER_ENTRY), { workerData: { corpusDir } })
    : new Worker(BOOTSTRAP, { workerData: { corpusDir, entry: WORKER_ENTRY } });

/**
 * Below this many files, workers cost more than they save. A worker pays ~0.4 s to start (Node, jieba's
 * dictionary, the gazetteer) before its first file, and a generated report takes ~8 ms to analyse; measured
 * on this project's 2-core machine (whole load, reports inserted into the index): 2 files 0.5 s on the
 * calling thread vs 0.8 s with one worker, 50 files 1.0 s vs 1.3 s, 150 files 2.4 s vs 1.9 s, 400 files
 * 6.9 s vs 4.5 s.
 */
export const MIN_FILES_FOR_WORKERS = 100;

/**
 * Workers for `files` files: none for a small corpus; otherwise one per core but one, since the calling
 * thread is busy too (it inserts every result into the index and answers questions meanwhile) — on two
 * cores a second worker made the 400-file load slower (6.4 s vs 4.5 s).
 */
export function defaultWorkerCount(files: number): number {
  return files < MIN_FILES_FOR_WORKERS ? 0 : Math.max(1, availableParallelism() - 1);
}

/**
 * Reads, parses and segments `paths` on worker threads and hands each result to `sink` in list order, so
 * the index built from them is the one a sequential load builds (same items, same document ids).
 */
export async function analyseFiles(
  paths: readonly string[],
  corpusDir: string,
  sink: FileSink,
  options: AnalyseOptions = {},
): Promise<void> {
  const batchSize = options.batchSize ?? 4;
  const workers = Math.min(
    options.workers ?? defaultWorkerCount(paths.length),
    Math.ceil(paths.length / batchSize),
  );
  if (workers <= 0) {
    for (const [position, path] of paths.entries()) await sink(await analyseFile(path, corpusDir), position);
    return;
  }
  const delivery = new OrderedDelivery(sink);
  let next = 0;
  const takeBatch = (): AnalyseRequest["files"] => {
    const files = paths
      .slice(next, next + batchSize)
      .map((path, offset) => ({ position: next + offset, path }));
    next += files.length;
    return files;
  };

  const runWorker = () =>
    new Promise<void>((resolve, reject) => {
      const worker = startWorker(corpusDir);
      let inFlight = takeBatch();
      const finish = (error?: unknown) => {
        worker.removeAllListeners();
        void worker.terminate();
        if (error) reject(error);
        else resolve();
      };
      worker.on("message", (results: { position: number; file: AnalysedFile }[]) => {
        for (const { position, file } of results) delivery.put(position, file);
        inFlight = takeBatch();
        if (inFlight.length > 0) worker.postMessage({ files: inFlight } satisfies AnalyseRequest);
        else finish();
      });
      // A crashed worker (out of memory, a native fault) must not lose files: analyse its batch here.
      worker.on("error", (error) => {
        Promise.all(
          inFlight.map(async ({ position, path }) =>
            delivery.put(position, await analyseFile(path, corpusDir)),
          ),
        ).then(() => finish(), finish);
        void error;
      });
      worker.postMessage({ files: inFlight } satisfies AnalyseRequest);
    });

  await Promise.all(Array.from({ length: workers }, runWorker));
  // Files that no worker took (all crashed) are analysed here.
  while (next < paths.length)
    for (const { position, path } of takeBatch()) delivery.put(position, await analyseFile(path, corpusDir));
  await delivery.drained();
}

/** Buffers results that arrive out of order and feeds the sink strictly in order, one call at a time. */
class OrderedDelivery {
  private readonly waiting = new Map<number, AnalysedFile>();
  private nextPosition = 0;
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(private readonly sink: FileSink) {}

  put(position: number, file: AnalysedFile): void {
    this.waiting.set(position, file);
    this.chain = this.chain
      .then(() => this.flush())
      .catch((error) => {
        this.failure ??= error;
      });
  }

  private async flush(): Promise<void> {
    for (let file = this.waiting.get(this.nextPosition); file; file = this.waiting.get(this.nextPosition)) {
      this.waiting.delete(this.nextPosition);
      await this.sink(file, this.nextPosition++);
    }
  }

  async drained(): Promise<void> {
    await this.chain;
    if (this.failure) throw this.failure;
  }
}
