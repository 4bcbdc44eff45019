import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEngineFromCorpus } from "../../src/app/load-engine.js";
import { type AddedEvent, watchCorpus } from "../../src/ingest/watch-corpus.js";
import { sampleReport, utf8TextBytes } from "../support/fixtures.js";

let root: string;
let corpusDir: string;
let elsewhere: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "symlinks-"));
  corpusDir = join(root, "corpus");
  elsewhere = join(root, "elsewhere");
  mkdirSync(corpusDir);
  mkdirSync(elsewhere);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("a symbolic link in the corpus folder", () => {
  it("is a report for the loader at start as it is for the watcher while running", async () => {
    const atStart = sampleReport({ district: "松江区" });
    writeFileSync(join(elsewhere, "songjiang.txt"), utf8TextBytes(atStart));
    symlinkSync(join(elsewhere, "songjiang.txt"), join(corpusDir, "songjiang.txt"));
    symlinkSync(join(elsewhere, "missing.txt"), join(corpusDir, "dangling.txt"));

    const load = createEngineFromCorpus({ corpusDir, dataDir: join(root, "data"), workers: 0 });
    const summary = await load.ready;
    expect(summary.files).toBe(1); // the dangling link is no file
    expect(load.engine.reports().map((report) => report.title)).toEqual([atStart.title]);

    const watcher = watchCorpus({ corpusDir, engine: load.engine, stabilityMs: 100, pollMs: 20 });
    try {
      await watcher.ready;
      const added = new Promise<AddedEvent>((resolve) => watcher.on("added", resolve));
      const whileRunning = sampleReport({ district: "嘉定区" });
      writeFileSync(join(elsewhere, "jiading.txt"), utf8TextBytes(whileRunning));
      symlinkSync(join(elsewhere, "jiading.txt"), join(corpusDir, "jiading.txt"));
      expect((await added).report.title).toBe(whileRunning.title);
    } finally {
      await watcher.close();
    }
    // After a restart both are there again.
    const restarted = createEngineFromCorpus({ corpusDir, dataDir: join(root, "data"), workers: 0 });
    await restarted.ready;
    expect(
      restarted.engine
        .reports()
        .map((report) => report.title)
        .sort(),
    ).toEqual([atStart.title, sampleReport({ district: "嘉定区" }).title].sort());
  }, 30_000);
});
