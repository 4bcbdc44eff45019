import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngineFromCorpus } from "../../src/app/load-engine.js";
import { createEngine } from "../../src/core/engine.js";
import { listReportFiles, loadCorpus } from "../../src/ingest/load-corpus.js";
import type { AnalysedFile } from "../../src/ingest/parallel/analyse-file.js";
import { analyseFiles } from "../../src/ingest/parallel/analyse-files.js";
import { generatedCorpus, PROBE_QUESTIONS } from "../support/generated-corpus.js";

let corpus: ReturnType<typeof generatedCorpus>;
beforeAll(() => {
  corpus = generatedCorpus(36, "parallel");
  // Files that fail must fail the same way on every path.
  writeFileSync(join(corpus.dir, "empty.txt"), "");
  writeFileSync(join(corpus.dir, "not-a-report.txt"), "只是一句话，没有标题也没有条目。");
});
afterAll(() => corpus.cleanup());

async function analyseAll(workers: number): Promise<{ file: AnalysedFile; position: number }[]> {
  const files = await listReportFiles(corpus.dir);
  const results: { file: AnalysedFile; position: number }[] = [];
  await analyseFiles(files, corpus.dir, (file, position) => void results.push({ file, position }), {
    workers,
    batchSize: 3,
  });
  return results;
}

describe("parallel parsing and segmentation", () => {
  it("gives worker threads' results in file order, identical to analysing on one thread", async () => {
    const [parallel, sequential] = [await analyseAll(2), await analyseAll(0)];
    expect(parallel.map((result) => result.position)).toEqual(sequential.map((_, position) => position));
    expect(parallel).toEqual(sequential);
    expect(parallel.filter((result) => result.file.failure)).toHaveLength(2);
  });

  it("builds the index a sequential load builds: same reports, failures and answers", async () => {
    const load = createEngineFromCorpus({ corpusDir: corpus.dir, workers: 2, snapshot: false });
    const summary = await load.ready;
    const sequential = await loadCorpus(corpus.dir);
    const reference = createEngine(sequential.reports);
    expect(summary.failures).toEqual(sequential.failures);
    expect(load.engine.reports()).toEqual(reference.reports());
    for (const question of PROBE_QUESTIONS)
      expect(load.engine.ask(question, { top: 5 }), question).toEqual(reference.ask(question, { top: 5 }));
  });
});
