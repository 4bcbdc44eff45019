/**
 * The large-corpus benchmark: 300, 1,000 and 3,000 generated reports plus the two real ones (and the two
 * alone, as the baseline). Per size, in fresh processes so memory figures are the corpus's own: a full
 * build (parse + segment on worker threads, index, write the snapshot), a cold start from that snapshot,
 * RSS and heap, answer latency over the development questions, and hit@1 / hit@3 on them with every
 * generated report present as a distractor.
 *
 *   npx tsx bench/scale.ts [--sizes 300,1000,3000] [--cold-starts N] [--work-dir DIR]
 *                                                        (npm run bench -- --scale calls run())
 *
 * --cold-starts N: N cold starts per size (fresh processes); the table shows their median, and each one is
 * printed. --work-dir DIR: generate corpora there and keep them, so a later run skips generating them (the
 * snapshot is always rebuilt first).
 */
import { execFile } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs, promisify } from "node:util";
import { createEngineFromCorpus } from "../src/app/load-engine.js";
import { generateReports } from "../tools/gen/generate.js";
import { REAL_CORPUS_DIR } from "../tools/gen/paths.js";
import { readSourceReports } from "../tools/gen/source-material.js";
import { writeCorpus } from "../tools/gen/write-corpus.js";
import { type EvalQuestion, scoreQuestions } from "./eval.js";
import { distribution, mb, ms, pct } from "./stats.js";

const DEV_QUESTIONS = fileURLToPath(new URL("../../shared/eval/dev-questions.json", import.meta.url));
const DEV2 = fileURLToPath(new URL("../../shared/eval/dev2/", import.meta.url));
const SEED = "scale-bench";
const THIS_FILE = fileURLToPath(import.meta.url);

export interface ScaleRow {
  generated: number;
  reports: number;
  items: number;
  buildMs: number;
  snapshotBytes: number;
  coldStartMs: number;
  /** Every cold start measured (the figure above is their median). */
  coldStarts: number[];
  rss: number;
  heap: number;
  answerP50: number;
  answerP99: number;
  hitAt1: number;
  hitAt3: number;
  /** hit@1 on the questions that name both their district and year. */
  hitAt1Named: number;
  /** Questions that went wrong, for the reader (not the figures). */
  failures: string[];
}

interface Measured {
  reports: number;
  items: number;
  loadMs: number;
  snapshotBytes: number;
  source: string;
  rss: number;
  heap: number;
  answerP50?: number;
  answerP99?: number;
  hitAt1?: number;
  hitAt3?: number;
  hitAt1Named?: number;
  failures?: string[];
}

/** Both development sets (their reports are in every corpus of this benchmark). */
function loadQuestions(): EvalQuestion[] {
  const sets = [DEV_QUESTIONS, join(DEV2, "questions.json")].filter((file) => existsSync(file));
  return sets.flatMap((file) => JSON.parse(readFileSync(file, "utf8")) as EvalQuestion[]);
}

/** The dev2 reports (not their README or manifest), copied beside the real ones. */
function copyDev2Reports(dir: string): void {
  const reports = join(DEV2, "reports");
  if (!existsSync(reports)) return;
  for (const name of readdirSync(reports)) {
    if (/^(README\.md|manifest\.json)$/.test(name)) continue;
    copyFileSync(join(reports, name), join(dir, name));
  }
}

/** Writes `count` generated reports (fixed seed) and copies the two real reports beside them. */
function makeCorpus(root: string, count: number): string {
  const dir = join(root, `corpus-${count}`);
  const done = join(root, `corpus-${count}.done`);
  if (existsSync(done)) return dir;
  rmSync(dir, { recursive: true, force: true });
  const sources = readSourceReports(REAL_CORPUS_DIR);
  if (count > 0) {
    const generated = generateReports({
      reports: count,
      seed: SEED,
      sources,
      excludeDistricts: new Set(sources.map((source) => source.district)),
    });
    writeCorpus(dir, generated, SEED, [REAL_CORPUS_DIR]);
  }
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(REAL_CORPUS_DIR)) copyFileSync(join(REAL_CORPUS_DIR, name), join(dir, name));
  copyDev2Reports(dir);
  writeFileSync(done, "");
  return dir;
}

/** In a child process: load the corpus (build or restore, whichever the snapshot allows) and measure. */
async function measure(corpusDir: string, dataDir: string, answer: boolean): Promise<Measured> {
  const started = performance.now();
  const load = createEngineFromCorpus({ corpusDir, dataDir });
  const summary = await load.ready;
  const loadMs = performance.now() - started;
  globalThis.gc?.();
  const memory = process.memoryUsage();
  const reports = load.engine.reports();
  const measured: Measured = {
    reports: reports.length,
    items: reports.reduce(
      (sum, report) => sum + report.sections.reduce((count, section) => count + section.items.length, 0),
      0,
    ),
    loadMs,
    snapshotBytes: summary.snapshotBytes,
    source: summary.source,
    rss: memory.rss,
    heap: memory.heapUsed,
  };
  const questions = loadQuestions();
  if (!answer || questions.length === 0) return measured;
  const ask = (q: string) => load.engine.ask(q, { top: 5 });
  for (const question of questions) ask(question.q); // warm-up: JIT, jieba, caches
  const samples: number[] = [];
  for (let round = 0; round < 20; round++) {
    for (const question of questions) {
      const start = performance.now();
      ask(question.q);
      samples.push(performance.now() - start);
    }
  }
  const latency = distribution(samples);
  const score = scoreQuestions(questions, ask);
  const named = questions.filter((question) => {
    if (question.kind === "none" || question.kind === "cross") return false;
    const { understanding } = ask(question.q);
    return understanding.districts.length > 0 && understanding.years.length > 0;
  });
  const namedScore = scoreQuestions(named, ask);
  return {
    ...measured,
    answerP50: latency.p50,
    answerP99: latency.p99,
    hitAt1: score.hitAt1,
    hitAt3: score.hitAt3,
    hitAt1Named: namedScore.hitAt1,
    failures: score.failures,
  };
}

async function inChild(corpusDir: string, dataDir: string, answer: boolean): Promise<Measured> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      ...process.execArgv.filter((arg) => !arg.startsWith("--expose-gc")),
      "--expose-gc",
      THIS_FILE,
      "--child",
      JSON.stringify({ corpusDir, dataDir, answer }),
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as Measured;
}

export interface ScaleOptions {
  /** Cold starts per size (each in a fresh process); the row shows their median. */
  coldStarts?: number;
  /** Keep generated corpora here (and reuse them) instead of a temporary folder. */
  workDir?: string;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export async function run(
  sizes: readonly number[] = [0, 300, 1000, 3000],
  options: ScaleOptions = {},
): Promise<ScaleRow[]> {
  const keep = options.workDir !== undefined;
  const root = options.workDir ?? mkdtempSync(join(tmpdir(), "edu-scale-"));
  mkdirSync(root, { recursive: true });
  const rows: ScaleRow[] = [];
  try {
    for (const generated of sizes) {
      const corpusDir = makeCorpus(root, generated);
      const dataDir = join(root, `data-${generated}`);
      rmSync(dataDir, { recursive: true, force: true });
      const build = await inChild(corpusDir, dataDir, false);
      const cold = await inChild(corpusDir, dataDir, true);
      const coldStarts = [cold.loadMs];
      for (let run = 1; run < (options.coldStarts ?? 1); run++) {
        const again = await inChild(corpusDir, dataDir, false);
        if (again.source !== "snapshot") throw new Error(`expected a snapshot start, got ${again.source}`);
        coldStarts.push(again.loadMs);
      }
      if (build.source !== "rebuilt" || cold.source !== "snapshot")
        throw new Error(`expected a build then a snapshot start, got ${build.source} then ${cold.source}`);
      if (coldStarts.length > 1)
        console.error(
          `${generated} generated: cold starts ${coldStarts.map((value) => ms(value)).join(", ")}`,
        );
      rows.push({
        generated,
        reports: cold.reports,
        items: cold.items,
        buildMs: build.loadMs,
        snapshotBytes: build.snapshotBytes,
        coldStartMs: median(coldStarts),
        coldStarts,
        rss: cold.rss,
        heap: cold.heap,
        answerP50: cold.answerP50 ?? Number.NaN,
        answerP99: cold.answerP99 ?? Number.NaN,
        hitAt1: cold.hitAt1 ?? Number.NaN,
        hitAt3: cold.hitAt3 ?? Number.NaN,
        hitAt1Named: cold.hitAt1Named ?? Number.NaN,
        failures: cold.failures ?? [],
      });
      if (!keep) rmSync(corpusDir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    }
  } finally {
    if (!keep) rmSync(root, { recursive: true, force: true });
  }
  return rows;
}

/** How a figure grows from one size to the next, per report: ~1 means linear. */
function growth(rows: readonly ScaleRow[], pick: (row: ScaleRow) => number): string {
  const sized = rows.filter((row) => row.generated > 0);
  const steps: string[] = [];
  for (let i = 1; i < sized.length; i++) {
    const [a, b] = [sized[i - 1]!, sized[i]!];
    const perReport = pick(b) / b.reports / (pick(a) / a.reports);
    steps.push(
      `${a.generated}→${b.generated}: ×${(pick(b) / pick(a)).toFixed(2)} (per report ×${perReport.toFixed(2)})`,
    );
  }
  return steps.join(", ");
}

export function formatScaleBench(rows: readonly ScaleRow[]): string {
  const header =
    "| generated | reports | items | full build | snapshot file | cold start | RSS | heap | RSS / heap per 1,000 items* | answer p50 | answer p99 | hit@1 | hit@3 | hit@1, district+year named |";
  // *Above the smallest row (the process's own fixed cost: code, jieba's dictionary, the gazetteer).
  const base = rows[0]!;
  const perThousand = (row: ScaleRow, pick: (row: ScaleRow) => number) =>
    row === base ? "—" : mb(((pick(row) - pick(base)) / (row.items - base.items)) * 1000);
  const lines = rows.map(
    (row) =>
      `| ${row.generated} | ${row.reports} | ${row.items} | ${ms(row.buildMs)} | ${mb(row.snapshotBytes)} | ${ms(row.coldStartMs)} | ${mb(row.rss)} | ${mb(row.heap)} | ${perThousand(row, (r) => r.rss)} / ${perThousand(row, (r) => r.heap)} | ${ms(row.answerP50)} | ${ms(row.answerP99)} | ${pct(row.hitAt1)} | ${pct(row.hitAt3)} | ${pct(row.hitAt1Named)} |`,
  );
  const failures = rows
    .filter((row) => row.failures.length > 0)
    .map((row) => `  ${row.generated} generated: ${row.failures.join("; ")}`);
  return [
    header,
    `|${"---|".repeat(14)}`,
    ...lines,
    "*above the first row (fixed cost of the process: code, jieba dictionary, gazetteer)",
    "",
    `growth — full build: ${growth(rows, (row) => row.buildMs)}`,
    `growth — cold start: ${growth(rows, (row) => row.coldStartMs)}`,
    `growth — heap: ${growth(rows, (row) => row.heap)}`,
    `growth — answer p99: ${growth(rows, (row) => row.answerP99)}`,
    ...(failures.length > 0 ? ["missed development questions:", ...failures] : []),
  ].join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      child: { type: "string" },
      sizes: { type: "string" },
      "cold-starts": { type: "string" },
      "work-dir": { type: "string" },
    },
  });
  if (values.child) {
    const { corpusDir, dataDir, answer } = JSON.parse(values.child) as {
      corpusDir: string;
      dataDir: string;
      answer: boolean;
    };
    console.log(JSON.stringify(await measure(corpusDir, dataDir, answer)));
    return;
  }
  const sizes = values.sizes ? values.sizes.split(",").map(Number) : undefined;
  const options: ScaleOptions = {
    ...(values["cold-starts"] ? { coldStarts: Number(values["cold-starts"]) } : {}),
    ...(values["work-dir"] ? { workDir: values["work-dir"] } : {}),
  };
  console.log(formatScaleBench(await run(sizes, options)));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
