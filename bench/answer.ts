/**
 * The answer pipeline on the shipped corpus: cold start (read + parse + index), quality on the
 * development questions against a plain MiniSearch baseline, and answer latency in process.
 *
 *   npx tsx bench/answer.ts        (or through npm run bench)
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createEngine } from "../src/core/engine.js";
import { loadCorpus } from "../src/ingest/load-corpus.js";
import { miniSearchBaseline } from "./baselines.js";
import type { ColdStart } from "./cold-start.js";
import { type EvalQuestion, type EvalScore, scoreQuestions } from "./eval.js";
import { type Distribution, distribution, mb, ms, pct, timed } from "./stats.js";

export const CORPUS = fileURLToPath(new URL("../corpus/", import.meta.url));
export const DEV_QUESTIONS = fileURLToPath(new URL("../../shared/eval/dev-questions.json", import.meta.url));

export interface AnswerBenchResult {
  reports: number;
  items: number;
  coldStartMs: number;
  segmenterLoadMs: number;
  parseMs: number;
  indexBuildMs: number;
  heapUsed: number;
  ours: EvalScore;
  baseline: EvalScore;
  /** Steady state: after the warm-up below. */
  latency: Distribution;
  baselineLatency: Distribution;
  /** The first answers of the process, while the JIT is still compiling the pipeline's many paths. */
  warmingLatency: Distribution;
}

/** Cold start measured in a child process, where nothing is loaded yet. */
function measureColdStart(): ColdStart {
  const script = fileURLToPath(new URL("./cold-start.ts", import.meta.url));
  const output = execFileSync(process.execPath, ["--import", "tsx", script, CORPUS], { encoding: "utf8" });
  return JSON.parse(output.trim().split("\n").at(-1)!) as ColdStart;
}

/** Rounds of the development questions asked before the steady-state measurement (see run). */
const WARMING_ROUNDS = 60;

export async function run(rounds = 100): Promise<AnswerBenchResult> {
  const cold = measureColdStart();
  const parsed = await timed(() => loadCorpus(CORPUS));
  const engine = createEngine(parsed.value.reports);
  const items = parsed.value.reports.reduce(
    (sum, report) => sum + report.sections.reduce((count, section) => count + section.items.length, 0),
    0,
  );
  if (!existsSync(DEV_QUESTIONS)) throw new Error(`development questions not found at ${DEV_QUESTIONS}`);
  const questions = JSON.parse(readFileSync(DEV_QUESTIONS, "utf8")) as EvalQuestion[];
  const baseline = miniSearchBaseline(parsed.value.reports);

  const ours = scoreQuestions(questions, (question) => engine.ask(question, { top: 5 }));
  const theirs = scoreQuestions(questions, baseline);

  // The first answers of a process run while V8 is still compiling the pipeline (its many paths take
  // ~1,000 answers to settle on two cores): measured apart, so the steady-state figure is of settled code.
  const warmingSamples: number[] = [];
  for (let round = 0; round < WARMING_ROUNDS; round++) {
    for (const { q } of questions) {
      const start = performance.now();
      engine.ask(q, { top: 5 });
      warmingSamples.push(performance.now() - start);
      baseline(q);
    }
  }
  const samples: number[] = [];
  const baselineSamples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const { q } of questions) {
      const start = performance.now();
      engine.ask(q, { top: 5 });
      samples.push(performance.now() - start);
      const baselineStart = performance.now();
      baseline(q);
      baselineSamples.push(performance.now() - baselineStart);
    }
  }
  return {
    reports: parsed.value.reports.length,
    items,
    ...cold,
    ours,
    baseline: theirs,
    latency: distribution(samples),
    baselineLatency: distribution(baselineSamples),
    warmingLatency: distribution(warmingSamples),
  };
}

export function formatAnswerBench(result: AnswerBenchResult): string {
  const row = (name: string, ours: string, baseline: string) => `| ${name} | ${ours} | ${baseline} |`;
  const { ours, baseline } = result;
  return [
    `Answer pipeline — ${result.reports} reports, ${result.items} items, ${ours.questions} development questions`,
    "",
    "| measure | edu-report-bot | MiniSearch BM25 + jieba |",
    "|---|---|---|",
    row("hit@1", pct(ours.hitAt1), pct(baseline.hitAt1)),
    row("hit@3", pct(ours.hitAt3), pct(baseline.hitAt3)),
    row("MRR", ours.mrr.toFixed(3), baseline.mrr.toFixed(3)),
    row("answer sentence holds the expected text", pct(ours.answerSentence), pct(baseline.answerSentence)),
    row("numeric: number in the answer sentence", pct(ours.numberInSentence), pct(baseline.numberInSentence)),
    row("cross-report recall@5", pct(ours.crossRecallAt5), pct(baseline.crossRecallAt5)),
    row("no-answer questions declined", pct(ours.declined), pct(baseline.declined)),
    row("answer latency p50", ms(result.latency.p50), ms(result.baselineLatency.p50)),
    row("answer latency p99", ms(result.latency.p99), ms(result.baselineLatency.p99)),
    row(
      `first ${result.warmingLatency.n} answers of the process (JIT warming): p50 / p99`,
      `${ms(result.warmingLatency.p50)} / ${ms(result.warmingLatency.p99)}`,
      "",
    ),
    "",
    `Cold start in a fresh process ${ms(result.coldStartMs)} (jieba dictionary ${ms(result.segmenterLoadMs)}, read + parse ${ms(result.parseMs)}, index build ${ms(result.indexBuildMs)}); heap after build ${mb(result.heapUsed)}; steady-state latency over ${result.latency.n} answers after ${result.warmingLatency.n} warming ones.`,
    ...(ours.failures.length > 0 ? ["", `Misses: ${ours.failures.join("; ")}`] : []),
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(formatAnswerBench(await run()));
}
