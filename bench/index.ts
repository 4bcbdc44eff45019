/**
 * Indexing: parsed reports → the search index (jieba segmentation, FlexSearch, ranking statistics).
 *
 *   npx tsx bench/index.ts
 */
import { pathToFileURL } from "node:url";
import { createEngine } from "../src/core/engine.js";
import { parseReport } from "../src/core/parse/parse-report.js";
import { jieba } from "../src/core/zh/segment.js";
import { generateReports } from "../tools/gen/generate.js";
import { REAL_CORPUS_DIR } from "../tools/gen/paths.js";
import { readSourceReports } from "../tools/gen/source-material.js";
import { mb, ms } from "./stats.js";

export interface IndexBenchResult {
  reports: number;
  items: number;
  buildMs: number;
  itemsPerSecond: number;
  heapDelta: number;
}

export function run(count = 300): IndexBenchResult {
  jieba();
  const reports = generateReports({
    reports: count,
    seed: "bench-index",
    sources: readSourceReports(REAL_CORPUS_DIR),
  }).map((generated) => parseReport(generated.text, { source: generated.entry.file }));
  const items = reports.reduce(
    (sum, report) => sum + report.sections.reduce((n, s) => n + s.items.length, 0),
    0,
  );
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const start = performance.now();
  const engine = createEngine(reports);
  const buildMs = performance.now() - start;
  global.gc?.();
  const heapDelta = process.memoryUsage().heapUsed - heapBefore;
  if (engine.reports().length !== reports.length) throw new Error("index lost reports");
  return { reports: count, items, buildMs, itemsPerSecond: items / (buildMs / 1000), heapDelta };
}

export function formatIndexBench(result: IndexBenchResult): string {
  return `Index build — ${result.reports} generated reports, ${result.items} items: ${ms(result.buildMs)} (${result.itemsPerSecond.toFixed(0)} items/s), heap +${mb(result.heapDelta)}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) console.log(formatIndexBench(run()));
