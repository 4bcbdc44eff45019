/**
 * Turns each ranking setting off (to its neutral value) and scores the development sets again: a setting
 * that changes nothing has no reason to exist. Shared by `npm run bench` and test/answer/settings.test.ts.
 */
import { defaultRankingSettings, type RankingSettings } from "../src/core/answer/settings.js";
import { type EvalScore, scoreQuestions } from "./eval.js";
import type { LabelledSet } from "./fit-confidence.js";

/** Each setting and the value that switches it off. */
export const NEUTRAL: Record<string, Partial<RankingSettings>> = {
  "fields.title": { fields: { ...defaultRankingSettings.fields, title: defaultRankingSettings.fields.text } },
  "fields.section": { fields: { ...defaultRankingSettings.fields, section: 0 } },
  k1: { k1: 0 },
  b: { b: 0 },
  bigramWeight: { bigramWeight: 0 },
  sentenceWeight: { sentenceWeight: 0 },
  finalists: { finalists: 0 },
  unknownWordShare: { unknownWordShare: 0 },
  partShare: { partShare: 0 },
  insideWordShare: { insideWordShare: 1 },
  figureBonus: { figureBonus: 0 },
  shapeBonus: { shapeBonus: 0 },
  labelBonus: { labelBonus: 0 },
  wordShare: { wordShare: 1 },
  noFigureFactor: { noFigureFactor: 1 },
  missingKindFactor: { missingKindFactor: 1 },
  otherPartFactor: { otherPartFactor: 1 },
  minConfidence: { minConfidence: 0 },
};

/**
 * One number to compare runs by: right first results, answering sentences that hold the expected text,
 * declined no-answer questions and complete cross ones.
 */
export function good(score: EvalScore): number {
  return score.hits + score.answerCount + score.declinedCount + score.crossCount;
}

export function scoreSets(sets: readonly LabelledSet[], settings: RankingSettings): EvalScore[] {
  return sets.map((set) => scoreQuestions(set.questions, (q) => set.engine.ask(q, { top: 5, settings })));
}

export function ablation(
  sets: readonly LabelledSet[],
  only: readonly string[] = Object.keys(NEUTRAL),
): { setting: string; good: number; base: number }[] {
  const base = scoreSets(sets, defaultRankingSettings).reduce((sum, score) => sum + good(score), 0);
  return Object.entries(NEUTRAL)
    .filter(([setting]) => only.includes(setting))
    .map(([setting, change]) => ({
      setting,
      base,
      good: scoreSets(sets, { ...defaultRankingSettings, ...change }).reduce(
        (sum, score) => sum + good(score),
        0,
      ),
    }));
}
