import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportEngine } from "../../../src/core/engine.js";
import { listReportFiles } from "../../../src/ingest/load-corpus.js";
import type { AnalysedFile } from "../../../src/ingest/parallel/analyse-file.js";
import { analyseFiles } from "../../../src/ingest/parallel/analyse-files.js";
import { currentBuildStamp } from "../../../src/persist/snapshot/build-stamp.js";
import { corpusStamp } from "../../../src/persist/snapshot/corpus-stamp.js";
import { restoreEngine } from "../../../src/persist/snapshot/restore-engine.js";
import { readSnapshot, writeSnapshot } from "../../../src/persist/snapshot/snapshot-file.js";
import { generatedCorpus, PROBE_QUESTIONS } from "../../support/generated-corpus.js";

let corpus: ReturnType<typeof generatedCorpus>;
let dataDir: string;
let files: AnalysedFile[];
let built: ReportEngine;

beforeAll(async () => {
  corpus = generatedCorpus(6, "snapshot-file");
  // The same report twice (same id): the later file replaces the earlier one in the index, so the
  // snapshot stores the earlier one's items from its analysis rather than from the index.
  const first = readdirSync(corpus.dir).sort()[0]!;
  copyFileSync(join(corpus.dir, first), join(corpus.dir, `zz-copy-${first}`));
  dataDir = mkdtempSync(join(tmpdir(), "edu-snapshot-file-"));
  const paths = await listReportFiles(corpus.dir);
  files = [];
  await analyseFiles(
    paths,
    corpus.dir,
    (file, position) => {
      files[position] = file;
    },
    { workers: 0 },
  );
  built = new ReportEngine();
  for (const file of files) if (file.report) built.addAnalysed(file.report, file.analysis);
});
afterAll(() => {
  corpus.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

async function roundTrip() {
  const path = join(dataDir, "index.snapshot");
  await writeSnapshot(path, {
    header: {
      magic: "edu-report-bot/index-snapshot",
      stamp: currentBuildStamp(),
      corpus: corpusStamp(files),
      files: files.length,
      createdAt: new Date().toISOString(),
    },
    files,
    index: built.exportIndex(),
  });
  return readSnapshot(path);
}

describe("snapshot file (format 2)", () => {
  it("gives back every file, report and analysis as written", async () => {
    const ids = files.flatMap((file) => (file.report ? [file.report.id] : []));
    expect(new Set(ids).size).toBe(ids.length - 1);
    const read = await roundTrip();
    expect(read.files).toHaveLength(files.length);
    read.files.forEach((file, position) => {
      const original = files[position]!;
      expect(file.name).toBe(original.name);
      expect(file.sha256).toBe(original.sha256);
      expect(file.report).toEqual(original.report);
      expect(file.failure).toEqual(original.failure);
      // Decoded on demand (a changed corpus reuses unchanged files' analyses).
      expect(file.analysis).toEqual(original.analysis);
    });
  });

  it("stores items as the index holds them, and restores an index that exports the same state", async () => {
    const read = await roundTrip();
    const exported = built.exportIndex();
    expect(read.index.terms).toEqual(exported.terms);
    expect(read.index.search).toEqual(exported.search);
    expect(read.index.bigramDf).toEqual(exported.bigramDf);
    const last = new Map<string, number>();
    read.files.forEach((file, position) => {
      if (file.report) last.set(file.report.id, position);
    });
    for (const [reportId, position] of last) {
      const held = exported.items.get(reportId)!;
      const stored = read.itemsOf(position);
      expect(stored.length).toBe(held.items.length);
      stored.forEach((item, i) => {
        const expected = held.items[i]!;
        expect(item.folded).toBe(expected.folded);
        expect(item.lengths).toEqual({ ...expected.lengths });
        expect([...item.termIds]).toEqual([...expected.termIds]);
        expect([...item.counts]).toEqual([...expected.counts]);
      });
    }

    const restored = await restoreEngine(read);
    const again = restored.exportIndex();
    expect(again.terms).toEqual(exported.terms);
    expect(again.search).toEqual(exported.search);
    expect(again.bigramDf).toEqual(exported.bigramDf);
    expect(restored.reports()).toEqual(built.reports());
    for (const question of PROBE_QUESTIONS)
      expect(restored.ask(question, { top: 5 }), question).toEqual(built.ask(question, { top: 5 }));
  });
});
