/**
 * Parsing: report text → sections and items, on generated reports in every supported layout.
 *
 *   npx tsx bench/parse.ts
 */
import { pathToFileURL } from "node:url";
import { parseReport } from "../src/core/parse/parse-report.js";
import { generateReports } from "../tools/gen/generate.js";
import { REAL_CORPUS_DIR } from "../tools/gen/paths.js";
import { readSourceReports } from "../tools/gen/source-material.js";
import { type Distribution, distribution, ms } from "./stats.js";

export interface ParseBenchResult {
  reports: number;
  megabytes: number;
  perReport: Distribution;
  megabytesPerSecond: number;
}

export function run(count = 300): ParseBenchResult {
  const generated = generateReports({
    reports: count,
    seed: "bench-parse",
    sources: readSourceReports(REAL_CORPUS_DIR),
  });
  // One warm-up pass so the figures are of steady-state code, not of the JIT's first look at it.
  for (const report of generated.slice(0, 20)) parseReport(report.text, { source: report.entry.file });
  const samples: number[] = [];
  let bytes = 0;
  for (const report of generated) {
    bytes += Buffer.byteLength(report.text);
    const start = performance.now();
    parseReport(report.text, { source: report.entry.file });
    samples.push(performance.now() - start);
  }
  const total = samples.reduce((sum, sample) => sum + sample, 0);
  return {
    reports: count,
    megabytes: bytes / 1024 / 1024,
    perReport: distribution(samples),
    megabytesPerSecond: bytes / 1024 / 1024 / (total / 1000),
  };
}

export function formatParseBench(result: ParseBenchResult): string {
  return `Parse — ${result.reports} generated reports (${result.megabytes.toFixed(1)} MB): per report p50 ${ms(result.perReport.p50)}, p99 ${ms(result.perReport.p99)}; ${result.megabytesPerSecond.toFixed(1)} MB/s`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) console.log(formatParseBench(run()));
