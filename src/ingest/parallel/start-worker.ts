import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { type ResourceLimits, Worker } from "node:worker_threads";

const BOOTSTRAP = new URL("./worker-bootstrap.mjs", import.meta.url);

/**
 * The URL of a worker body beside `importMetaUrl`, in the same language: `.js` once compiled (dist/),
 * `.ts` when run from the source (tsx, vitest).
 */
export function workerEntry(name: string, importMetaUrl: string): string {
  return new URL(`./${name}${extname(fileURLToPath(importMetaUrl))}`, importMetaUrl).href;
}

/**
 * Starts a worker thread on `entry`. Compiled JavaScript starts as it is; TypeScript goes through the
 * bootstrap, which makes it loadable in the worker (Node 20 hands no module hooks to workers).
 */
export function startWorker(entry: string, workerData: object, resourceLimits?: ResourceLimits): Worker {
  // A worker inherits the process's flags; one that only means something to the main script (--input-type
  // of `node -e`) makes the worker refuse to start.
  const execArgv = process.execArgv.filter((flag) => !flag.startsWith("--input-type"));
  const limits = { execArgv, ...(resourceLimits ? { resourceLimits } : {}) };
  return entry.endsWith(".js")
    ? new Worker(new URL(entry), { workerData, ...limits })
    : new Worker(BOOTSTRAP, { workerData: { ...workerData, entry }, ...limits });
}
