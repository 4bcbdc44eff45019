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
  // A worker inherits the process's flags, and one that only means something to the main script (the
  // --input-type of `node -e`) makes it refuse to start: only then are the flags given, without that one
  // (given flags are checked strictly, so passing them otherwise would refuse per-process ones like --expose-gc).
  const inherited = process.execArgv;
  const limits = {
    ...(inherited.some((flag) => flag.startsWith("--input-type"))
      ? { execArgv: inherited.filter((flag) => !flag.startsWith("--input-type")) }
      : {}),
    ...(resourceLimits ? { resourceLimits } : {}),
  };
  return entry.endsWith(".js")
    ? new Worker(new URL(entry), { workerData, ...limits })
    : new Worker(BOOTSTRAP, { workerData: { ...workerData, entry }, ...limits });
}
