/**
 * Answer quality on both development sets, beside two plain BM25 + jieba baselines in the same run, per
 * kind of question; the two-fold fit of the decision; and what each ranking setting is worth.
 *
 *   npx tsx bench/quality.ts        (or npm run bench -- --only quality)
 */
import { pathToFileURL } from "node:url";
import { defaultRankingSettings } from "../src/core/answer/settings.js";
import { ablation } from "./ablation.js";
import { miniSearchBaseline, winkBaseline } from "./baselines.js";
import { type EvalQuestion, type EvalScore, type ScoredAnswer, scoreQuestions } from "./eval.js";
import { crossValidate, fittingSets, type LabelledSet, loadLabelledSets } from "./fit-confidence.js";
import { pct } from "./stats.js";

type Asker = (question: string) => ScoredAnswer;

const KINDS = ["numeric", "fact", "topic", "cross", "none"] as const;

function byKind(questions: readonly EvalQuestion[], ask: Asker): Record<(typeof KINDS)[number], EvalScore> {
  return Object.fromEntries(
    KINDS.map((kind) => [
      kind,
      scoreQuestions(
        questions.filter((q) => q.kind === kind),
        ask,
      ),
    ]),
  ) as Record<(typeof KINDS)[number], EvalScore>;
}

function figure(kind: (typeof KINDS)[number], score: EvalScore): string {
  if (score.questions === 0) return "–";
  if (kind === "cross") return pct(score.crossComplete);
  if (kind === "none") return pct(score.declined);
  return `${pct(score.hitAt1)} / ${pct(score.hitAt3)}`;
}

export function qualityTable(set: LabelledSet): string {
  const reports = set.engine.reports();
  const askers: [string, Asker][] = [
    ["edu-report-bot", (q) => set.engine.ask(q, { top: 5 })],
    ["MiniSearch BM25", miniSearchBaseline(reports)],
    ["wink-bm25", winkBaseline(reports)],
  ];
  const scores = askers.map(([name, ask]) => ({
    name,
    all: scoreQuestions(set.questions, ask),
    kinds: byKind(set.questions, ask),
  }));
  const header = `| ${set.name} (${set.questions.length} questions, ${reports.length} reports) | ${scores.map((s) => s.name).join(" | ")} |`;
  const rule = `|---|${scores.map(() => "---").join("|")}|`;
  const rows = [
    `| hit@1 / hit@3 (numeric, fact, topic) | ${scores.map((s) => `${pct(s.all.hitAt1)} / ${pct(s.all.hitAt3)}`).join(" | ")} |`,
    `| answer sentence holds the expected text | ${scores.map((s) => pct(s.all.answerSentence)).join(" | ")} |`,
    `| cross: every expected item in the top 5 | ${scores.map((s) => pct(s.all.crossComplete)).join(" | ")} |`,
    `| no-answer questions declined | ${scores.map((s) => pct(s.all.declined)).join(" | ")} |`,
    ...KINDS.filter((kind) => kind !== "cross" && kind !== "none").map(
      (kind) => `| ${kind}: hit@1 / hit@3 | ${scores.map((s) => figure(kind, s.kinds[kind])).join(" | ")} |`,
    ),
  ];
  return [header, rule, ...rows].join("\n");
}

export async function run(): Promise<string> {
  const sets = await loadLabelledSets();
  const tables = sets.map(qualityTable);
  const fit = crossValidate(fittingSets(sets));
  const ablated = ablation(fittingSets(sets))
    .map((row) => `| ${row.setting} | ${row.good - row.base} |`)
    .join("\n");
  return [
    "Answer quality beside plain BM25 + jieba baselines (same items, same tokens, same run)",
    "",
    tables.join("\n\n"),
    "",
    `Decision fitted by two-fold cross-validation (odd / even question numbers of dev, dev2 and own; own2–own5 held out); shipped: wordShare ${defaultRankingSettings.wordShare}, noFigureFactor ${defaultRankingSettings.noFigureFactor}, minConfidence ${defaultRankingSettings.minConfidence}:`,
    ...fit.map((line) => `- ${line}`),
    "",
    "Each setting switched off (change in questions handled well, dev, dev2 and own together):",
    "",
    "| setting | change |",
    "|---|---|",
    ablated,
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) console.log(await run());
