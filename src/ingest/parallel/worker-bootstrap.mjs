// Plain JavaScript on purpose: Node starts a worker from a file it can load by itself. Node 20 does not
// hand the main thread's module hooks (tsx under `npm run`, vitest's transform) to a worker, so the worker
// registers tsx itself before importing the TypeScript worker body.
import { workerData } from "node:worker_threads";

if (workerData.entry.endsWith(".ts")) {
  const { register } = await import("tsx/esm/api");
  register();
}
await import(workerData.entry);
