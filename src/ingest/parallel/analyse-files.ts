import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { relative } from "node:path";
import { FileCrashedError, type IsolationLimits, workerResourceLimits } from "../isolated/isolated-parser.js";
import { WORKER_LIMITS } from "../limits/limits.js";
import { contentHash } from "../read-report.js";
import { type AnalysedFile, analyseFile } from "./analyse-file.js";
import type { AnalyseRequest } from "./analyse-worker.js";
import { startWorker, workerEntry } from "./start-worker.js";

export interface AnalyseOptions {
  /** Worker threads (default: `defaultWorkerCount`); 0 analyses on the calling thread. */
  workers?: number;
  /** Files per message: small enough to keep both workers busy to the end, large enough to cut chatter. */
  batchSize?: number;
  /** Heap cap of each worker and time allowed per file (default WORKER_LIMITS). */
  limits?: IsolationLimits;
}

/** Receives each file in list order (whatever order the workers finish in), one at a time. */
export type FileSink = (file: AnalysedFile, position: number) => void | Promise<void>;

const WORKER_ENTRY = workerEntry("analyse-worker", import.meta.url);

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
 *
 * Workers run with a heap cap and a time limit per batch. A batch whose worker dies or runs out of time is
 * tried again one file at a time, each in a fresh worker, so the file to blame is found and the others
 * still load; the culprit becomes a failure with `crashed` set. A crashed file is never retried on this
 * thread: that is what used to take the whole process down with it.
 */
export async function analyseFiles(
  paths: readonly string[],
  corpusDir: string,
  sink: FileSink,
  options: AnalyseOptions = {},
): Promise<void> {
  const batchSize = options.batchSize ?? 4;
  const limits = options.limits ?? WORKER_LIMITS;
  const workers = Math.min(
    options.workers ?? defaultWorkerCount(paths.length),
    Math.ceil(paths.length / batchSize),
  );
  if (workers <= 0) {
    for (const [position, path] of paths.entries()) await sink(await analyseFile(path, corpusDir), position);
    return;
  }
  const delivery = new OrderedDelivery(sink);
  const suspects: AnalyseRequest["files"] = [];
  let next = 0;
  const takeBatch = (): AnalyseRequest["files"] => {
    const files = paths
      .slice(next, next + batchSize)
      .map((path, offset) => ({ position: next + offset, path }));
    next += files.length;
    return files;
  };

  await Promise.all(
    Array.from({ length: workers }, () =>
      runWorker(
        corpusDir,
        limits,
        takeBatch,
        (results) => {
          for (const { position, file } of results) delivery.put(position, file);
        },
        (batch) => suspects.push(...batch),
      ),
    ),
  );
  // Each file of a batch that crashed, alone in a worker of its own.
  for (const suspect of suspects) {
    let pending = [suspect];
    let crash: FileCrashedError | undefined;
    await runWorker(
      corpusDir,
      limits,
      () => pending.splice(0),
      (results) => {
        for (const { position, file } of results) delivery.put(position, file);
      },
      (_batch, error) => {
        crash = error;
      },
    );
    pending = [];
    if (crash) delivery.put(suspect.position, await crashedFile(suspect.path, corpusDir, crash));
  }
  await delivery.drained();
}

/** A worker fed batches by `take` until it returns none; a batch it dies on goes to `crashed`. */
function runWorker(
  corpusDir: string,
  limits: IsolationLimits,
  take: () => AnalyseRequest["files"],
  deliver: (results: { position: number; file: AnalysedFile }[]) => void,
  crashed: (batch: AnalyseRequest["files"], error: FileCrashedError) => void,
): Promise<void> {
  return new Promise<void>((resolve) => {
    let inFlight = take();
    if (inFlight.length === 0) {
      resolve();
      return;
    }
    const worker = startWorker(WORKER_ENTRY, { corpusDir }, workerResourceLimits(limits.heapMb));
    let timer: NodeJS.Timeout | undefined;
    const send = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () => stop(new FileCrashedError("timeout", `no result after ${limits.fileMs * inFlight.length} ms`)),
        limits.fileMs * inFlight.length,
      );
      worker.postMessage({ files: inFlight } satisfies AnalyseRequest);
    };
    const stop = (error?: FileCrashedError) => {
      clearTimeout(timer);
      worker.removeAllListeners();
      worker.on("error", () => {});
      void worker.terminate();
      if (error) crashed(inFlight, error);
      resolve();
    };
    worker.on("message", (results: { position: number; file: AnalysedFile }[]) => {
      deliver(results);
      inFlight = take();
      if (inFlight.length > 0) send();
      else stop();
    });
    worker.on("error", (error: Error & { code?: string }) =>
      stop(
        new FileCrashedError(error.code === "ERR_WORKER_OUT_OF_MEMORY" ? "memory" : "crash", error.message),
      ),
    );
    worker.on("exit", (code) => stop(new FileCrashedError("crash", `worker exited with code ${code}`)));
    send();
  });
}

/** The failure recorded for a file that crashed its worker on its own (its bytes hashed, never parsed). */
async function crashedFile(path: string, corpusDir: string, error: FileCrashedError): Promise<AnalysedFile> {
  const name = relative(corpusDir, path);
  try {
    const bytes = await readFile(path);
    return {
      name,
      size: bytes.byteLength,
      sha256: contentHash(bytes),
      failure: error.message,
      crashed: true,
    };
  } catch (readError) {
    return { name, size: -1, sha256: "", failure: (readError as Error).message };
  }
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
