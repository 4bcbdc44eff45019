import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateReports } from "../../tools/gen/generate.js";
import { REAL_CORPUS_DIR } from "../../tools/gen/paths.js";
import { readSourceReports } from "../../tools/gen/source-material.js";
import { writeCorpus } from "../../tools/gen/write-corpus.js";

/**
 * A temporary corpus folder: `reports` generated reports (deterministic for the seed) plus the two real
 * ones, so the development questions still have their answers among distractors.
 */
export function generatedCorpus(reports: number, seed = "tests"): { dir: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), "edu-corpus-"));
  const dir = join(root, "corpus");
  const sources = readSourceReports(REAL_CORPUS_DIR);
  const generated = generateReports({
    reports,
    seed,
    sources,
    excludeDistricts: new Set(sources.map((source) => source.district)),
  });
  writeCorpus(dir, generated, seed, [REAL_CORPUS_DIR]);
  for (const name of readdirSync(REAL_CORPUS_DIR)) copyFileSync(join(REAL_CORPUS_DIR, name), join(dir, name));
  return { dir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Questions that exercise filtered, unfiltered, cross-report and no-answer paths. */
export const PROBE_QUESTIONS = [
  "青浦2020年招录新教师多少名",
  "嘉定17年新建了多少个图书馆",
  "招录新教师多少名",
  "青浦和嘉定的交流轮岗",
  "学前教育入园率",
  "嘉定学生午餐标准多少钱",
  "教师培训",
  "青浦招路新教师",
];
