import type { Worker } from "node:worker_threads";
import type { Report } from "../../core/domain/report.js";
import { ReportRejectedError } from "../../core/parse/errors.js";
import type { ReportFormat } from "../extract-text.js";
import { WORKER_LIMITS } from "../limits/limits.js";
import { startWorker, workerEntry } from "../parallel/start-worker.js";
import type { ParseRequest, ParseResponse } from "./parse-worker.js";

/**
 * A file that killed the worker reading it (out of memory) or ran past the time limit. It is a rejection
 * like any other (moved to rejected/ with this reason), and the loader remembers it (see crashed-files).
 */
export class FileCrashedError extends ReportRejectedError {
  constructor(
    readonly kind: "memory" | "timeout" | "crash",
    detail: string,
  ) {
    super(
      kind === "timeout"
        ? "文件处理超时（超出报告文件的时间限制），可能是损坏或恶意构造的文件"
        : "文件处理时超出内存限制或出错，可能是损坏或恶意构造的文件",
      detail,
    );
    this.name = "FileCrashedError";
  }
}

export interface IsolationLimits {
  heapMb: number;
  fileMs: number;
}

const WORKER_ENTRY = workerEntry("parse-worker", import.meta.url);

/** How long an idle worker is kept for the next file before it is stopped. */
const IDLE_MS = 15_000;

interface Job {
  request: ParseRequest;
  resolve: (value: { report: Report; format: ReportFormat }) => void;
  reject: (error: unknown) => void;
}

export function workerResourceLimits(heapMb: number) {
  return { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: Math.min(64, heapMb / 4) };
}

/**
 * Parses untrusted files one at a time in a worker thread with a heap cap and a time limit per file. A file
 * that exhausts either costs that worker (a new one takes the next file), never the caller's thread: the
 * bot keeps answering while a zip bomb or a pathological page is read and refused. The worker is unref'd
 * while idle, so it never keeps a process alive, and stopped after a while without work.
 */
export class IsolatedParser {
  private worker: Worker | undefined;
  private readonly queue: Job[] = [];
  private current: Job | undefined;
  private timer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private nextId = 1;

  constructor(private readonly limits: IsolationLimits = WORKER_LIMITS) {}

  parse(bytes: Uint8Array, source: string): Promise<{ report: Report; format: ReportFormat }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { id: this.nextId++, bytes, source }, resolve, reject });
      this.pump();
    });
  }

  /** Stops the worker now (pending files are refused). */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    for (const job of this.queue.splice(0)) job.reject(new Error("parser closed"));
    const worker = this.worker;
    this.worker = undefined;
    if (worker) {
      worker.removeAllListeners();
      await worker.terminate();
    }
    this.current?.reject(new Error("parser closed"));
    this.current = undefined;
    clearTimeout(this.timer);
  }

  private pump(): void {
    if (this.current || this.queue.length === 0) return;
    clearTimeout(this.idleTimer);
    const job = this.queue.shift()!;
    this.current = job;
    const worker = this.ensureWorker();
    worker.ref();
    this.timer = setTimeout(() => {
      this.fail(new FileCrashedError("timeout", `no result after ${this.limits.fileMs} ms`));
    }, this.limits.fileMs);
    worker.postMessage(job.request);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker(WORKER_ENTRY, {}, workerResourceLimits(this.limits.heapMb));
    worker.on("message", (response: ParseResponse) => this.settle(response));
    worker.on("error", (error: Error & { code?: string }) => {
      const kind = error.code === "ERR_WORKER_OUT_OF_MEMORY" ? "memory" : "crash";
      this.fail(new FileCrashedError(kind, error.message));
    });
    worker.on("exit", (code) => {
      if (this.worker === worker) this.fail(new FileCrashedError("crash", `worker exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  private settle(response: ParseResponse): void {
    const job = this.current;
    if (!job || job.request.id !== response.id) return;
    clearTimeout(this.timer);
    this.current = undefined;
    if (response.ok) job.resolve({ report: response.report, format: response.format as ReportFormat });
    else if (response.rejected)
      job.reject(new ReportRejectedError(response.rejected.reason, response.rejected.detail));
    else job.reject(new Error(response.error));
    this.afterJob();
  }

  /** The current file killed or outlived the worker: refuse it, drop the worker, go on with the next. */
  private fail(error: FileCrashedError): void {
    const job = this.current;
    clearTimeout(this.timer);
    this.current = undefined;
    const worker = this.worker;
    this.worker = undefined;
    if (worker) {
      worker.removeAllListeners();
      worker.on("error", () => {});
      void worker.terminate();
    }
    job?.reject(error);
    this.afterJob();
  }

  private afterJob(): void {
    if (this.queue.length > 0) {
      this.pump();
      return;
    }
    this.worker?.unref();
    this.idleTimer = setTimeout(() => {
      const worker = this.worker;
      this.worker = undefined;
      if (worker) {
        worker.removeAllListeners();
        void worker.terminate();
      }
    }, IDLE_MS);
    this.idleTimer.unref();
  }
}

let shared: IsolatedParser | undefined;

/** The process's parser for untrusted files (watcher, `npm run add`, admin uploads). */
export function isolatedParser(): IsolatedParser {
  shared ??= new IsolatedParser();
  return shared;
}
