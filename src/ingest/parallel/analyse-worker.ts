/**
 * Worker thread body: analyses the files the main thread sends, a batch at a time, and posts each batch's
 * results back. Parsing and jieba are CPU-bound and synchronous: here they run beside the main thread,
 * which only inserts results into the index and keeps answering.
 */
import { parentPort, workerData } from "node:worker_threads";
import { analyseFile } from "./analyse-file.js";

export interface AnalyseRequest {
  /** Positions (in the load's file list) and absolute paths. */
  files: { position: number; path: string }[];
}

const { corpusDir } = workerData as { corpusDir: string };
const port = parentPort!;

port.on("message", async (request: AnalyseRequest) => {
  const results = [];
  for (const { position, path } of request.files)
    results.push({ position, file: await analyseFile(path, corpusDir) });
  port.postMessage(results);
});
