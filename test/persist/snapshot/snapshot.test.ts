import {
  appendFileSync,
  copyFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createEngineFromCorpus, SNAPSHOT_FILE } from "../../../src/app/load-engine.js";
import type { Engine } from "../../../src/core/domain/engine.js";
import { createEngine } from "../../../src/core/engine.js";
import { loadCorpus } from "../../../src/ingest/load-corpus.js";
import { currentBuildStamp } from "../../../src/persist/snapshot/build-stamp.js";
import { generatedCorpus, PROBE_QUESTIONS } from "../../support/generated-corpus.js";

let corpus: ReturnType<typeof generatedCorpus>;
let dataDir: string;
let reference: Engine;
/**
 * A snapshot of the untouched corpus, built once: tests start from a copy instead of rebuilding. Loads run
 * on the test's thread (workers: 0): starting a worker costs more than these 32 files (workers have their
 * own tests in test/ingest/parallel-loading.test.ts).
 */
let template: string;

beforeAll(async () => {
  corpus = generatedCorpus(30, "snapshot");
  reference = createEngine((await loadCorpus(corpus.dir)).reports);
  template = mkdtempSync(join(tmpdir(), "edu-template-"));
  await createEngineFromCorpus({ corpusDir: corpus.dir, dataDir: template, workers: 0 }).ready;
});
afterAll(() => {
  corpus.cleanup();
  rmSync(template, { recursive: true, force: true });
});
const withSnapshot = () => copyFileSync(join(template, SNAPSHOT_FILE), join(dataDir, SNAPSHOT_FILE));
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), "edu-data-"));
  return () => rmSync(dataDir, { recursive: true, force: true });
});

const load = (options: Partial<Parameters<typeof createEngineFromCorpus>[0]> = {}) =>
  createEngineFromCorpus({ corpusDir: corpus.dir, dataDir, workers: 0, ...options });

function expectSameAnswers(engine: Engine, expected: Engine = reference): void {
  for (const question of PROBE_QUESTIONS)
    expect(engine.ask(question, { top: 5 }), question).toEqual(expected.ask(question, { top: 5 }));
}

describe("index snapshot", () => {
  it("is written by a full build and restores the same engine on the next start, without parsing", async () => {
    const first = await load().ready;
    expect(first).toMatchObject({ source: "rebuilt", rebuildReason: "no snapshot", analysed: 32 });
    expect(first.snapshotBytes).toBeGreaterThan(0);

    const second = load();
    const summary = await second.ready;
    expect(summary).toMatchObject({ source: "snapshot", reused: 32, analysed: 0, reports: 32 });
    expect(second.engine.reports()).toEqual(reference.reports());
    expect(second.engine.coverage()).toEqual(reference.coverage());
    expectSameAnswers(second.engine);
    // Still a working index after the restore: add and remove go through FlexSearch's imported state.
    const [someReport] = reference.reports();
    expect(second.engine.remove(someReport!.id)).toBe(true);
    expect(second.engine.report(someReport!.id)).toBeUndefined();
    second.engine.add(someReport!);
    expect(second.engine.ask("青浦2020年招录新教师多少名").found).toBe(true);
  });

  it("re-analyses only a changed file and answers from its new content", async () => {
    withSnapshot();
    const file = join(corpus.dir, "2020-青浦区-教育工作总结.txt");
    const original = readFileSync(file, "utf8");
    try {
      writeFileSync(file, original.replace("2020年招录新教师196名", "2020年招录新教师197名"));
      const changed = load();
      const summary = await changed.ready;
      expect(summary).toMatchObject({
        source: "rebuilt",
        rebuildReason: "corpus changed",
        reused: 31,
        analysed: 1,
      });
      expect(changed.engine.ask("青浦2020年招录新教师多少名").answer?.text).toContain("197名");
      // The snapshot written after the partial rebuild is current again.
      expect((await load().ready).source).toBe("snapshot");
    } finally {
      writeFileSync(file, original);
    }
  });

  it.each([
    ["dictionary", { dictionary: "another dictionary" }],
    ["stopwords", { stopwords: "other stopwords" }],
    ["code", { code: "other code" }],
  ])("is stale when the %s changed, and rebuilt in full", async (what, change) => {
    withSnapshot();
    const summary = await load({ stamp: { ...currentBuildStamp(), ...change } }).ready;
    expect(summary.source).toBe("rebuilt");
    expect(summary.rebuildReason).toBe(`stale snapshot (${what} changed)`);
    expect(summary.analysed).toBe(32);
  });

  it.each([
    [
      "a flipped byte",
      (path: string) => {
        const bytes = readFileSync(path);
        const at = Math.floor(bytes.length / 2);
        bytes[at] = bytes[at]! ^ 0x01;
        writeFileSync(path, bytes);
      },
      /corrupt snapshot \((checksum mismatch|unreadable JSON|wrong number of lines)/,
    ],
    ["a truncated file", (path: string) => truncateSync(path, 5000), /corrupt snapshot/],
    ["garbage appended", (path: string) => appendFileSync(path, "{}\n"), /corrupt snapshot/],
    ["not a snapshot at all", (path: string) => writeFileSync(path, "hello\n"), /corrupt snapshot/],
  ])("is never trusted when damaged (%s): rebuilt, same answers", async (_, damage, reason) => {
    withSnapshot();
    damage(join(dataDir, SNAPSHOT_FILE));
    const damaged = load();
    const summary = await damaged.ready;
    expect(summary.source).toBe("rebuilt");
    expect(summary.rebuildReason).toMatch(reason);
    expectSameAnswers(damaged.engine);
    expect((await load().ready).source).toBe("snapshot");
  });
});

describe("answering while a corpus loads", () => {
  it("reports progress (N of M) and answers from what is loaded, never throwing", async () => {
    const loading = createEngineFromCorpus({ corpusDir: corpus.dir, workers: 2, snapshot: false });
    const seen: number[] = [];
    let answeredDuringLoad = 0;
    while (loading.progress().phase !== "ready") {
      const { loaded, total } = loading.progress();
      seen.push(loaded);
      if (total > 0) expect(loading.loadingNote()).toContain(`已加载 ${loaded} / ${total} 份`);
      const answer = loading.engine.ask("青浦2020年招录新教师多少名");
      expect(typeof answer.found).toBe("boolean");
      answeredDuringLoad++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await loading.ready;
    expect(answeredDuringLoad).toBeGreaterThan(3);
    expect(new Set(seen).size).toBeGreaterThan(3);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(loading.progress()).toEqual({ phase: "ready", loaded: 32, total: 32 });
    expect(loading.loadingNote()).toBeUndefined();
    expectSameAnswers(loading.engine);
  });

  it("keeps reports removed during a snapshot restore removed", async () => {
    withSnapshot();
    const extra = reference.reports().find((report) => report.district === "青浦区")!;
    const restoring = load();
    restoring.engine.remove(extra.id);
    const summary = await restoring.ready;
    expect(summary.source).toBe("snapshot");
    expect(restoring.engine.report(extra.id)).toBeUndefined();
  });
});
