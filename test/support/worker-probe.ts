/**
 * Started with `tsx` by test/ingest/worker-bootstrap.test.ts: under the tsx CLI (as `npm run ask` and
 * `npm start` run) a worker does not inherit the TypeScript loader, which vitest's own process would hide.
 * Prints the district the worker read from the report named on the command line, or the worker's error.
 */
import { Worker } from "node:worker_threads";

const [corpusDir, path] = process.argv.slice(2) as [string, string];
const worker = new Worker(new URL("../../src/ingest/parallel/worker-bootstrap.mjs", import.meta.url), {
  workerData: {
    corpusDir,
    entry: new URL("../../src/ingest/parallel/analyse-worker.ts", import.meta.url).href,
  },
});
const timer = setTimeout(() => {
  console.log("timeout");
  process.exit(1);
}, 20_000);
worker.once("message", (results: { file: { report?: { district: string } } }[]) => {
  console.log(results[0]?.file.report?.district ?? "no report");
  clearTimeout(timer);
  void worker.terminate();
});
worker.once("error", (error) => {
  console.log(`error: ${error.message}`);
  clearTimeout(timer);
  process.exit(1);
});
worker.postMessage({ files: [{ position: 0, path }] });
