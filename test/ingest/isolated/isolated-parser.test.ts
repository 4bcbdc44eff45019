import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngineFromCorpus } from "../../../src/app/load-engine.js";
import { CRASHED_FILES } from "../../../src/ingest/isolated/crashed-files.js";
import { FileCrashedError, IsolatedParser } from "../../../src/ingest/isolated/isolated-parser.js";
import { LIMITS } from "../../../src/ingest/limits/limits.js";
import { sampleReport, utf8TextBytes } from "../../support/fixtures.js";

/**
 * A page of plain paragraphs just inside the limits (1.9 million characters of text, 5.8 MB): building its
 * tree takes cheerio far more than 64 MB of heap, so under a 64 MB cap it kills the worker every time.
 */
function heapHungryPage(): Buffer {
  const paragraph = `<p>${"教育工作总结报告内容".repeat(30)}</p>\n`;
  const count = Math.floor((LIMITS.textChars * 0.95) / 300);
  return Buffer.from(
    `<html><head><title>t</title></head><body><div>${paragraph.repeat(count)}</div></body></html>`,
  );
}

/** Counts turns of this thread's event loop until `work` settles: a blocked thread would count none. */
async function turnsWhile(work: Promise<unknown>): Promise<number> {
  let settled = false;
  void work.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  let turns = 0;
  while (!settled) {
    await new Promise((resolve) => setImmediate(resolve));
    turns++;
  }
  return turns;
}

async function failureOf(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error("the file was accepted");
}

const report = sampleReport();
let hungry: Buffer;
beforeAll(() => {
  hungry = heapHungryPage();
});

describe("IsolatedParser", () => {
  it("loses only its worker to a file that exhausts the heap, answers meanwhile, and reads the next file", async () => {
    const parser = new IsolatedParser({ heapMb: 64, fileMs: 120_000 });
    try {
      const attempt = failureOf(parser.parse(hungry, "hungry.html"));
      // This thread keeps turning while the worker chokes on the file.
      expect(await turnsWhile(attempt)).toBeGreaterThan(50);
      const error = await attempt;
      expect(error).toBeInstanceOf(FileCrashedError);
      expect((error as FileCrashedError).kind).toBe("memory");
      expect((error as FileCrashedError).reason).toContain("超出内存限制");
      // A fresh worker takes the next file.
      const { report: parsed } = await parser.parse(utf8TextBytes(report), "ok.txt");
      expect(parsed.title).toBe(report.title);
    } finally {
      await parser.close();
    }
  }, 120_000);

  it("refuses a file that runs past the time limit", async () => {
    const parser = new IsolatedParser({ heapMb: 256, fileMs: 1 });
    try {
      const error = await failureOf(parser.parse(utf8TextBytes(report), "slow.txt"));
      expect(error).toBeInstanceOf(FileCrashedError);
      expect((error as FileCrashedError).kind).toBe("timeout");
      expect((error as FileCrashedError).reason).toContain("超时");
    } finally {
      await parser.close();
    }
  }, 60_000);

  it("passes a parser's refusal through with its reason", async () => {
    const parser = new IsolatedParser();
    try {
      const error = await failureOf(parser.parse(Buffer.from("只是一句话。"), "note.txt"));
      expect(error).not.toBeInstanceOf(FileCrashedError);
      expect((error as Error).name).toBe("ReportRejectedError");
    } finally {
      await parser.close();
    }
  }, 60_000);
});

describe("a corpus file that crashes its worker at start-up", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "edu-crash-"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("costs one worker once: the other reports load, and the next start does not read it again", async () => {
    const corpusDir = join(root, "corpus");
    const dataDir = join(root, "data");
    rmSync(corpusDir, { recursive: true, force: true });
    mkdirSync(corpusDir, { recursive: true });
    writeFileSync(join(corpusDir, "a-hungry.html"), hungry);
    writeFileSync(join(corpusDir, "b-report.txt"), utf8TextBytes(report));
    writeFileSync(join(corpusDir, "c-report.txt"), utf8TextBytes(sampleReport({ district: "嘉定区" })));
    const options = {
      corpusDir,
      dataDir,
      workers: 1,
      snapshot: false,
      workerLimits: { heapMb: 64, fileMs: 120_000 },
    };

    const first = await createEngineFromCorpus(options).ready;
    expect(first.reports).toBe(2);
    expect(first.failures).toEqual([
      { file: "a-hungry.html", reason: expect.stringContaining("超出内存限制") },
    ]);
    expect(first.analysed).toBe(3);
    const remembered = JSON.parse(readFileSync(join(dataDir, CRASHED_FILES), "utf8"));
    expect(Object.values(remembered)).toEqual([expect.objectContaining({ name: "a-hungry.html" })]);

    const second = await createEngineFromCorpus(options).ready;
    expect(second.reports).toBe(2);
    expect(second.failures).toEqual(first.failures);
    expect(second.analysed).toBe(2); // the crashed file was not read again
  }, 180_000);
});
