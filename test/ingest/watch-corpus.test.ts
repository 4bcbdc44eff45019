import { mkdir, mkdtemp, open, readdir, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Engine } from "../../src/core/domain/engine.js";
import { createEngine } from "../../src/core/engine.js";
import { loadCorpus } from "../../src/ingest/load-corpus.js";
import { type CorpusEvents, type CorpusWatcher, watchCorpus } from "../../src/ingest/watch-corpus.js";
import {
  binaryJunk,
  cjkPdfBytes,
  docxBytes,
  type FixtureReport,
  htmlPage,
  sampleReport,
  utf8TextBytes,
} from "../support/fixtures.js";

const STABILITY_MS = 300;
/** Every wait is bounded: a change must be searchable well within this. */
const WITHIN_MS = 8_000;

let root: string;
let corpusDir: string;
let engine: Engine;
let watcher: CorpusWatcher;
let events: Array<{ type: keyof CorpusEvents; source?: string }>;

const seed = sampleReport({ district: "嘉定区", year: 2019 });

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "watch-corpus-"));
  corpusDir = join(root, "corpus");
  await mkdir(corpusDir);
  await writeFile(join(corpusDir, "seed.txt"), utf8TextBytes(seed));
  engine = createEngine((await loadCorpus(corpusDir)).reports);
  watcher = watchCorpus({ corpusDir, engine, stabilityMs: STABILITY_MS });
  events = [];
  for (const type of ["added", "updated", "removed", "rejected", "duplicate"] as const) {
    watcher.on(type, (event: { source: string }) => events.push({ type, source: event.source }));
  }
  await watcher.ready;
});

afterEach(async () => {
  await watcher.close();
  await rm(root, { recursive: true, force: true });
});

function nextEvent<K extends keyof CorpusEvents>(type: K): Promise<CorpusEvents[K][0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${type}" event within ${WITHIN_MS} ms`)), WITHIN_MS);
    watcher.once(type, ((event: CorpusEvents[K][0]) => {
      clearTimeout(timer);
      resolve(event);
    }) as never);
  });
}

async function eventually(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + WITHIN_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${WITHIN_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** What a user asking about the report would read: the answer sentence, if any. */
function answerAbout(report: FixtureReport): string | undefined {
  const answer = engine.ask(`${report.district}${report.year}年招录新教师多少名`);
  const first = answer.results[0];
  return answer.found && first?.report.district === report.district ? first.excerpt : undefined;
}

describe("watching the corpus folder", () => {
  it("makes a dropped report searchable without a restart", async () => {
    const report = sampleReport();
    expect(answerAbout(report)).toBeUndefined();
    const added = nextEvent("added");
    await writeFile(join(corpusDir, "new.docx"), await docxBytes(report));
    const event = await added;
    expect(event.summary).toMatchObject({
      title: report.title,
      district: "松江区",
      year: 2023,
      sections: 3,
      items: 6,
    });
    expect(answerAbout(report)).toContain("215");
    expect(answerAbout(seed)).toContain("215"); // the seed report is still answered
  });

  it("replaces a report when its file is replaced, and announces an update", async () => {
    const report = sampleReport();
    await writeFile(join(corpusDir, "r.html"), htmlPage(report));
    await nextEvent("added");
    const revised = sampleReport();
    revised.sections[1]!.items[0]!.text = revised.sections[1]!.items[0]!.text.replace("215名", "230名");

    const updated = nextEvent("updated");
    await writeFile(join(corpusDir, "r.html"), htmlPage(revised));
    expect((await updated).previousSource).toBe("r.html");
    expect(answerAbout(report)).toContain("230");
    expect(answerAbout(report)).not.toContain("215");
    expect(engine.reports().filter((entry) => entry.district === "松江区")).toHaveLength(1);
  });

  it("treats a new file with the same district, year and title as an update of the old one", async () => {
    await writeFile(join(corpusDir, "v1.txt"), utf8TextBytes(sampleReport()));
    await nextEvent("added");
    const revised = sampleReport();
    revised.sections[0]!.items.push({ title: "加强廉政建设", text: "开展廉政教育活动20场。" });
    const updated = nextEvent("updated");
    await writeFile(join(corpusDir, "v2.pdf"), cjkPdfBytes(revised));
    const event = await updated;
    expect(event.previousSource).toBe("v1.txt");
    expect(event.summary.items).toBe(7);
    expect(engine.reports().filter((entry) => entry.district === "松江区")).toHaveLength(1);
  });

  it("removes a report's items when its file is deleted", async () => {
    const report = sampleReport();
    await writeFile(join(corpusDir, "gone.txt"), utf8TextBytes(report));
    await nextEvent("added");
    const removed = nextEvent("removed");
    await rm(join(corpusDir, "gone.txt"));
    expect((await removed).title).toBe(report.title);
    expect(answerAbout(report)).toBeUndefined();
    expect(engine.reports().map((entry) => entry.district)).toEqual(["嘉定区"]);
  });

  it("never reads a file that is still being written", async () => {
    const bytes = await docxBytes(sampleReport());
    const added = nextEvent("added");
    const handle = await open(join(corpusDir, "slow.docx"), "w");
    // Chunks arrive with pauses shorter than the stability window: a half file is a broken zip.
    const chunk = Math.ceil(bytes.length / 6);
    for (let offset = 0; offset < bytes.length; offset += chunk) {
      await handle.write(bytes.subarray(offset, offset + chunk));
      await new Promise((resolve) => setTimeout(resolve, STABILITY_MS / 3));
    }
    await handle.close();
    expect((await added).summary.items).toBe(6);
    await watcher.settled();
    expect(events.filter((event) => event.type === "rejected")).toEqual([]);
    expect(events.filter((event) => event.type === "added")).toHaveLength(1);
  });

  it("moves a bad file to rejected/ with its reason and leaves the index untouched", async () => {
    const before = engine.reports().map((entry) => entry.id);
    const rejected = nextEvent("rejected");
    await writeFile(join(corpusDir, "junk.pdf"), binaryJunk());
    const event = await rejected;
    expect(event.reason).toContain("无法读取 PDF");
    expect(engine.reports().map((entry) => entry.id)).toEqual(before);
    expect((await readdir(join(root, "rejected"))).sort()).toEqual(["junk.pdf", "junk.pdf.reason.txt"]);
    expect(await readdir(corpusDir)).toEqual(["seed.txt"]);
  });

  it("ignores a byte-identical copy, and keeps the report when one of the two copies is deleted", async () => {
    const duplicate = nextEvent("duplicate");
    await writeFile(join(corpusDir, "copy.txt"), utf8TextBytes(seed));
    expect((await duplicate).duplicateOf).toBe("seed.txt");
    await rm(join(corpusDir, "seed.txt"));
    await eventually(() => engine.reports()[0]?.source === "copy.txt");
    expect(answerAbout(seed)).toContain("215");
    expect(events.map((event) => event.type)).toEqual(["duplicate"]);
  });

  it("ignores hidden files, temporaries and the rejected folder", async () => {
    await writeFile(join(corpusDir, ".draft.txt"), utf8TextBytes(sampleReport()));
    await writeFile(join(corpusDir, "download.pdf.part"), binaryJunk());
    await mkdir(join(corpusDir, "rejected"));
    await writeFile(join(corpusDir, "rejected", "old.txt"), binaryJunk());
    await new Promise((resolve) => setTimeout(resolve, STABILITY_MS * 3));
    await watcher.settled();
    expect(events).toEqual([]);
  });

  it("sees a file renamed into place (how `npm run add` writes) exactly once", async () => {
    const added = nextEvent("added");
    await writeFile(join(corpusDir, ".incoming.tmp"), utf8TextBytes(sampleReport()));
    await rename(join(corpusDir, ".incoming.tmp"), join(corpusDir, "placed.txt"));
    await added;
    await watcher.settled();
    expect(events).toEqual([{ type: "added", source: "placed.txt" }]);
  });

  it("closes cleanly: later drops change nothing", async () => {
    await watcher.close();
    await writeFile(join(corpusDir, "late.txt"), utf8TextBytes(sampleReport()));
    await new Promise((resolve) => setTimeout(resolve, STABILITY_MS * 2));
    expect(engine.reports()).toHaveLength(1);
  });
});
