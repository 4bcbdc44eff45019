/**
 * A report file dropped into the corpus folder at any moment of the bot's start — before the load lists
 * the folder, while it restores or analyses, while it saves the snapshot, after it — is searchable and
 * reported as added exactly once (the notices hang on that event). Files there before the start are the
 * corpus, not news.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type LiveCorpus, openLiveCorpus } from "../../src/app/live-corpus.js";
import type { LoadPhase } from "../../src/app/load-engine.js";
import { sampleReport, utf8TextBytes } from "../support/fixtures.js";

const STABILITY_MS = 200;
/** Every wait is bounded. */
const WITHIN_MS = 10_000;

const seeds = [
  sampleReport({ district: "嘉定区", year: 2019 }),
  sampleReport({ district: "青浦区", year: 2020 }),
];
const arrival = sampleReport({ district: "松江区", year: 2021 });

let root: string;
let live: LiveCorpus | undefined;

afterEach(async () => {
  await live?.close();
  live = undefined;
  await rm(root, { recursive: true, force: true });
});

async function corpusWithSeeds(): Promise<{ corpusDir: string; dataDir: string }> {
  root = await mkdtemp(join(tmpdir(), "live-corpus-"));
  const corpusDir = join(root, "corpus");
  const dataDir = join(root, "data");
  await mkdir(corpusDir);
  for (const [n, seed] of seeds.entries())
    await writeFile(join(corpusDir, `seed-${n}.txt`), utf8TextBytes(seed));
  return { corpusDir, dataDir };
}

/** Starts the corpus, drops the new report at `moment`, and returns every "added" source once all is quiet. */
async function dropAt(moment: LoadPhase | "before start" | "after ready", withSnapshot = false) {
  const { corpusDir, dataDir } = await corpusWithSeeds();
  if (withSnapshot) {
    // A first start writes the snapshot the second one restores.
    const first = openLiveCorpus({ corpusDir, dataDir, workers: 0, stabilityMs: STABILITY_MS });
    await first.load.ready;
    await first.close();
  }
  const drop = () => writeFile(join(corpusDir, "arrival.txt"), utf8TextBytes(arrival));
  if (moment === "before start") await drop();
  const phases: LoadPhase[] = [];
  live = openLiveCorpus({
    corpusDir,
    dataDir,
    workers: 0,
    stabilityMs: STABILITY_MS,
    atPhase: async (phase) => {
      phases.push(phase);
      if (phase === moment) await drop();
    },
  });
  const added: string[] = [];
  live.watcher.on("added", (event) => added.push(event.source));
  const summary = await live.load.ready;
  if (moment === "after ready") {
    await live.watcher.ready;
    await drop();
  }
  expect(phases).toContain(moment === "before start" || moment === "after ready" ? "scanning" : moment);

  // Searchable, within a bounded wait; then quiet: every change seen has been applied and no write is
  // still settling (the watcher waits STABILITY_MS for a write to finish).
  const deadline = Date.now() + WITHIN_MS;
  const found = () => live!.load.engine.reports().some((report) => report.district === "松江区");
  while (!found() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  if (moment !== "before start")
    while (added.length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
  await new Promise((resolve) => setTimeout(resolve, 3 * STABILITY_MS));
  await live.watcher.settled();
  return { added, summary, reports: live.load.engine.reports() };
}

describe("a report added while the bot starts", { timeout: 30_000 }, () => {
  it("is part of the corpus, not news, when it was there before the start", async () => {
    const { added, reports } = await dropAt("before start");
    expect(added).toEqual([]);
    expect(reports.map((report) => report.district).sort()).toEqual(["嘉定区", "松江区", "青浦区"]);
  });

  for (const moment of ["scanning", "analysing", "saving", "after ready"] as const) {
    it(`is indexed and reported once when it lands at "${moment}"`, async () => {
      const { added, reports } = await dropAt(moment);
      expect(added).toEqual(["arrival.txt"]);
      expect(reports.map((report) => report.district).sort()).toEqual(["嘉定区", "松江区", "青浦区"]);
    });
  }

  it('is indexed and reported once when it lands while a snapshot is "restoring"', async () => {
    const { added, reports, summary } = await dropAt("restoring", true);
    expect(summary.source).toBe("snapshot");
    expect(added).toEqual(["arrival.txt"]);
    expect(reports.map((report) => report.district).sort()).toEqual(["嘉定区", "松江区", "青浦区"]);
  });
});
