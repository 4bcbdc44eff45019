/**
 * Fits the answer decision (how confidence mixes word and character-pair coverage, and the threshold) on
 * labelled questions, with two-fold cross-validation: fit on one half, report on the other. The halves
 * are the development sets split by question number (odd / even), so each half has every style.
 *
 *   npx tsx bench/fit-confidence.ts            prints the grid's best per fold and the held-out figures
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defaultRankingSettings, type RankingSettings } from "../src/core/answer/settings.js";
import type { Answer } from "../src/core/domain/answer.js";
import type { Engine } from "../src/core/domain/engine.js";
import { createEngine } from "../src/core/engine.js";
import { loadCorpus } from "../src/ingest/load-corpus.js";
import { type EvalQuestion, matches } from "./eval.js";

const EVAL = fileURLToPath(new URL("../../shared/eval/", import.meta.url));

export interface LabelledSet {
  name: string;
  engine: Engine;
  questions: EvalQuestion[];
  /** Kept out of fitting and of the settings' guards: a check of what the others were tuned to. */
  heldOut?: boolean;
}

/** The sets settings are fitted and guarded on (not the held-out one). */
export const fittingSets = (sets: readonly LabelledSet[]) => sets.filter((set) => !set.heldOut);

export async function loadLabelledSets(): Promise<LabelledSet[]> {
  const sets: LabelledSet[] = [];
  const dev = `${EVAL}dev-questions.json`;
  if (existsSync(dev)) {
    const corpus = await loadCorpus(fileURLToPath(new URL("../corpus/", import.meta.url)));
    sets.push({
      name: "dev",
      engine: createEngine(corpus.reports),
      questions: JSON.parse(readFileSync(dev, "utf8")),
    });
  }
  const dev2 = `${EVAL}dev2/questions.json`;
  if (existsSync(dev2)) {
    const corpus = await loadCorpus(`${EVAL}dev2/reports`);
    sets.push({
      name: "dev2",
      engine: createEngine(corpus.reports),
      questions: JSON.parse(readFileSync(dev2, "utf8")),
    });
  }
  // Our own sets (bench/labelled, bench/labelled2): reports in layouts the shared sets lack; they ship with
  // the project.
  for (const [name, folder, heldOut] of [
    ["own", "./labelled/", false],
    ["own2", "./labelled2/", true],
    ["own3", "./labelled3/", true],
    ["own4", "./labelled4/", true],
    ["own5", "./labelled5/", true],
  ] as const) {
    const own = fileURLToPath(new URL(folder, import.meta.url));
    const corpus = await loadCorpus(`${own}reports`);
    sets.push({
      name,
      engine: createEngine(corpus.reports),
      questions: JSON.parse(readFileSync(`${own}questions.json`, "utf8")),
      ...(heldOut ? { heldOut } : {}),
    });
  }
  return sets;
}

/** One question's outcome under some settings, before the threshold: what the decision sees. */
interface Outcome {
  kind: EvalQuestion["kind"];
  /** The best result's confidence (0 when there is none, or when a structural reason declined). */
  confidence: number;
  /** The first result is right (ranked kinds), every expected item is in the top 5 (cross). */
  right: boolean;
}

function outcome(question: EvalQuestion, answer: Answer): Outcome {
  // A structural "no" (a district or year not covered) declines whatever the threshold is.
  const structural = answer.results.length === 0;
  const confidence = structural ? 0 : Math.max(...answer.results.map((result) => result.confidence));
  const right =
    question.kind === "cross"
      ? question.expect.every((expected) =>
          answer.results.slice(0, 5).some((result) => matches(result, expected)),
        )
      : question.kind !== "none" &&
        answer.results[0] !== undefined &&
        question.expect.some((e) => matches(answer.results[0]!, e));
  return { kind: question.kind, confidence, right };
}

/** Questions handled well at threshold θ: right and confident, or a "none" question declined. */
function goodAt(outcomes: readonly Outcome[], threshold: number): number {
  return outcomes.filter((o) =>
    o.kind === "none" ? o.confidence < threshold : o.right && o.confidence >= threshold,
  ).length;
}

export function outcomes(
  sets: readonly LabelledSet[],
  settings: RankingSettings,
  part: (index: number) => boolean,
): Outcome[] {
  const out: Outcome[] = [];
  for (const set of sets) {
    set.questions.forEach((question, index) => {
      if (!part(index)) return;
      out.push(outcome(question, set.engine.ask(question.q, { top: 5, settings })));
    });
  }
  return out;
}

const THRESHOLDS = Array.from({ length: 61 }, (_, i) => 0.1 + i * 0.01);

function bestThreshold(list: readonly Outcome[]): { threshold: number; good: number } {
  let best = { threshold: 0.5, good: -1 };
  for (const threshold of THRESHOLDS) {
    const good = goodAt(list, threshold);
    if (good > best.good) best = { threshold, good };
  }
  return best;
}

/** The two-fold fit, as report lines: each fold's fitted decision and its held-out figure. */
export function crossValidate(sets: readonly LabelledSet[]): string[] {
  const lines: string[] = [];
  const console = { log: (line: string) => lines.push(line) };
  const folds = [(i: number) => i % 2 === 0, (i: number) => i % 2 === 1];
  const grid: Partial<RankingSettings>[] = [];
  for (const wordShare of [0.2, 0.3, 0.4, 0.5, 0.6, 0.8])
    for (const noFigureFactor of [0.4, 0.6, 0.8, 1])
      for (const unknownWordShare of [0.25, 0.5, 0.75, 1])
        grid.push({ wordShare, noFigureFactor, unknownWordShare });

  for (const [foldIndex, fit] of folds.entries()) {
    const held = folds[1 - foldIndex]!;
    let best: { settings: RankingSettings; threshold: number; good: number; n: number } | undefined;
    for (const change of grid) {
      const settings = { ...defaultRankingSettings, ...change };
      const list = outcomes(sets, settings, fit);
      const { threshold, good } = bestThreshold(list);
      if (!best || good > best.good) best = { settings, threshold, good, n: list.length };
    }
    const heldList = outcomes(sets, best!.settings, held);
    const heldGood = goodAt(heldList, best!.threshold);
    const { wordShare, noFigureFactor, unknownWordShare } = best!.settings;
    console.log(
      `fold ${foldIndex + 1}: fitted wordShare=${wordShare} noFigureFactor=${noFigureFactor} unknownWordShare=${unknownWordShare} minConfidence=${best!.threshold.toFixed(2)}` +
        ` — fit ${best!.good}/${best!.n}, held-out ${heldGood}/${heldList.length} (${((100 * heldGood) / heldList.length).toFixed(1)} %)`,
    );
  }
  // The shipped mix, with only its threshold fitted per fold: what the defaults are worth on unseen questions.
  for (const [foldIndex, fit] of folds.entries()) {
    const held = folds[1 - foldIndex]!;
    const { threshold, good } = bestThreshold(outcomes(sets, defaultRankingSettings, fit));
    const heldList = outcomes(sets, defaultRankingSettings, held);
    const heldGood = goodAt(heldList, threshold);
    console.log(
      `fold ${foldIndex + 1}, shipped mix: minConfidence=${threshold.toFixed(2)} — fit ${good}, held-out ${heldGood}/${heldList.length} (${((100 * heldGood) / heldList.length).toFixed(1)} %)`,
    );
  }
  const all = outcomes(sets, defaultRankingSettings, () => true);
  console.log(
    `shipped settings (minConfidence=${defaultRankingSettings.minConfidence}): ${goodAt(all, defaultRankingSettings.minConfidence)}/${all.length} handled well on the fitting sets together`,
  );
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of crossValidate(fittingSets(await loadLabelledSets()))) console.log(line);
}
