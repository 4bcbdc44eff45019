/**
 * Time from a report file landing in the watched corpus folder to its items being searchable, with the
 * watcher settings the bot runs with. Each drop is a different report (district and year), in turn as
 * .txt (GBK), .html, .docx and .pdf, written the way `npm run add` writes (a hidden temporary renamed into
 * place). "Searchable" means engine.ask returns the new report's item for a question about it.
 *
 *   npx tsx bench/ingest-latency.ts        (or import { run } from a combined benchmark)
 */
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createEngine } from "../src/core/engine.js";
import { watchCorpus } from "../src/ingest/watch-corpus.js";
import {
  cjkPdfBytes,
  docxBytes,
  type FixtureReport,
  gbkTextBytes,
  htmlPage,
  sampleReport,
} from "../test/support/fixtures.js";

const DISTRICTS = [
  "黄浦区",
  "徐汇区",
  "长宁区",
  "静安区",
  "普陀区",
  "虹口区",
  "杨浦区",
  "闵行区",
  "宝山区",
  "金山区",
];
const FORMATS = ["txt", "html", "docx", "pdf"] as const;
type Format = (typeof FORMATS)[number];

export interface IngestLatencyOptions {
  drops?: number;
  /** The watcher's stability window (ms); default: the watcher's own default, as the bot runs it. */
  stabilityMs?: number;
}

export interface IngestLatencyResult {
  drops: number;
  stabilityMs: number | "default";
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Mean per format, to show what conversion itself costs on top of the stability window. */
  meanByFormatMs: Record<Format, number>;
}

async function bytesFor(format: Format, report: FixtureReport): Promise<Buffer> {
  switch (format) {
    case "txt":
      return gbkTextBytes(report);
    case "html":
      return htmlPage(report);
    case "docx":
      return docxBytes(report);
    case "pdf":
      return cjkPdfBytes(report);
  }
}

function percentile(sorted: number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? Number.NaN;
}

export async function run(options: IngestLatencyOptions = {}): Promise<IngestLatencyResult> {
  const drops = options.drops ?? 20;
  const root = await mkdtemp(join(tmpdir(), "ingest-latency-"));
  const corpusDir = join(root, "corpus");
  await mkdir(corpusDir);
  const engine = createEngine([]);
  const watcher = watchCorpus({
    corpusDir,
    engine,
    ...(options.stabilityMs !== undefined ? { stabilityMs: options.stabilityMs } : {}),
  });
  await watcher.ready;

  const timings: Array<{ format: Format; ms: number }> = [];
  try {
    for (let drop = 0; drop < drops; drop++) {
      const district = DISTRICTS[drop % DISTRICTS.length]!;
      const year = 2010 + Math.floor(drop / DISTRICTS.length);
      const format = FORMATS[drop % FORMATS.length]!;
      const report = sampleReport({ district, year });
      const bytes = await bytesFor(format, report);
      const question = `${district}${year}年招录新教师多少名`;
      const isSearchable = () => {
        const first = engine.ask(question).results[0];
        return first?.report.district === district && first.report.year === year;
      };

      const temporary = join(corpusDir, `.drop-${drop}.tmp`);
      await writeFile(temporary, bytes);
      const landed = performance.now();
      await rename(temporary, join(corpusDir, `report-${drop}.${format}`));
      const deadline = landed + 15_000;
      while (!isSearchable()) {
        if (performance.now() > deadline)
          throw new Error(`drop ${drop} (${format}) not searchable within 15 s`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      timings.push({ format, ms: performance.now() - landed });
    }
  } finally {
    await watcher.close();
    await rm(root, { recursive: true, force: true });
  }

  const sorted = timings.map((timing) => timing.ms).sort((a, b) => a - b);
  const meanByFormatMs = Object.fromEntries(
    FORMATS.map((format) => {
      const own = timings.filter((timing) => timing.format === format).map((timing) => timing.ms);
      return [format, own.reduce((sum, ms) => sum + ms, 0) / Math.max(own.length, 1)];
    }),
  ) as Record<Format, number>;
  return {
    drops,
    stabilityMs: options.stabilityMs ?? "default",
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.at(-1) ?? Number.NaN,
    meanByFormatMs,
  };
}

export function formatIngestLatency(result: IngestLatencyResult): string {
  const byFormat = Object.entries(result.meanByFormatMs)
    .map(([format, ms]) => `${format} ${ms.toFixed(0)} ms`)
    .join(", ");
  return [
    `ingest latency (file lands → searchable), ${result.drops} drops, stability window ${result.stabilityMs === "default" ? "default (500 ms)" : `${result.stabilityMs} ms`}:`,
    `  p50 ${result.p50Ms.toFixed(0)} ms · p99 ${result.p99Ms.toFixed(0)} ms · max ${result.maxMs.toFixed(0)} ms`,
    `  mean by format: ${byFormat}`,
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.stdout.write(`${formatIngestLatency(await run())}\n`);
}
