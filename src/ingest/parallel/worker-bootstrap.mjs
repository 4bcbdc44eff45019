// Plain JavaScript on purpose: Node starts a worker from a file it can load by itself. Under `tsx` the
// worker inherits tsx's loader through execArgv; under vitest (which transforms in-process) it does not,
// so register tsx here before importing the TypeScript worker body.
import { workerData } from "node:worker_threads";

if (!process.execArgv.some((arg) => arg.includes("tsx"))) {
  const { register } = await import("tsx/esm/api");
  register();
}
await import(workerData.entry);
