/**
 * Cold start in a fresh process: jieba's dictionary, reading and parsing the corpus, building the index.
 * Run as a child by bench/answer.ts (a process that already loaded jieba would measure a warm start);
 * prints one JSON line.
 *
 *   node --import tsx bench/cold-start.ts [CORPUS_DIR]
 */
import { fileURLToPath } from "node:url";
import { createEngine } from "../src/core/engine.js";
import { fullJieba } from "../src/core/zh/segment.js";
import { loadCorpus } from "../src/ingest/load-corpus.js";

export interface ColdStart {
  segmenterLoadMs: number;
  parseMs: number;
  indexBuildMs: number;
  coldStartMs: number;
  heapUsed: number;
}

const corpus = process.argv[2] ?? fileURLToPath(new URL("../corpus/", import.meta.url));
const start = performance.now();
// Reports are cut with the whole dictionary: its load is the first cost of a build.
fullJieba();
const segmenterLoaded = performance.now();
const { reports } = await loadCorpus(corpus);
const parsed = performance.now();
createEngine(reports);
const built = performance.now();
const result: ColdStart = {
  segmenterLoadMs: segmenterLoaded - start,
  parseMs: parsed - segmenterLoaded,
  indexBuildMs: built - parsed,
  coldStartMs: built - start,
  heapUsed: process.memoryUsage().heapUsed,
};
console.log(JSON.stringify(result));
