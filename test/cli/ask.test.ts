import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CORPUS_DIR } from "../support/corpus.js";
import { distEntry, ROOT } from "../support/dist.js";

/** `npm run ask` runs the built command with plain node. */
const ASK = distEntry("cli/ask.js");
/** Index snapshots of these runs go to a temporary folder, not the developer's data/. */
const DATA = mkdtempSync(join(tmpdir(), "ask-data-"));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function ask(args: string[], input?: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [ASK, ...args],
      // The local-folder behaviour: CI exports DATABASE_URL for the PostgreSQL tests, not for these.
      {
        cwd: ROOT,
        env: { ...process.env, CORPUS_DIR: "", DATA_DIR: DATA, DATABASE_URL: "", ...env },
        timeout: 90_000,
      },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
    child.stdin?.end(input ?? "");
  });
}

// Each test runs its own processes: they run side by side (their index snapshots are written atomically).
describe.concurrent("npm run ask", { timeout: 120_000 }, () => {
  it("prints a readable answer with its citation", async () => {
    const run = await ask(["青浦2020年招录新教师多少名"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("196名");
    expect(run.stdout).toContain("《2020年青浦教育工作总结》");
    expect(run.stdout).toContain("第29条 强化教师梯队打造");
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it("prints the documented JSON object", async () => {
    const run = await ask(["--json", "青浦2020年招录新教师多少名"]);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ query: "青浦2020年招录新教师多少名", found: true, answer: { result: 0 } });
    expect(json.results[0]).toMatchObject({
      report: { district: "青浦区", year: 2020, title: "2020年青浦教育工作总结", docNo: null },
      section: { no: 5, title: "建设高质量教育人才队伍" },
      item: { no: "29", title: "强化教师梯队打造" },
    });
    expect(json.answer.text).toBe(json.results[0].excerpt);
    expect(typeof json.results[0].score).toBe("number");
  });

  it("returns at most --top results", async () => {
    const two = JSON.parse((await ask(["--json", "--top", "2", "青浦2020年教师培训"])).stdout);
    const three = JSON.parse((await ask(["--json", "--top", "3", "青浦2020年教师培训"])).stdout);
    expect(two.results).toHaveLength(2);
    expect(three.results).toHaveLength(3);
    expect(three.results.slice(0, 2)).toEqual(two.results);
    // More than the default three when the reports hold that many relevant items.
    const five = JSON.parse((await ask(["--json", "--top", "5", "青浦2020年教师"])).stdout);
    expect(five.results).toHaveLength(5);
  });

  it("says the question is empty instead of printing nothing", async () => {
    for (const args of [[""], ["--json", "  "]]) {
      const run = await ask(args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain("问题是空的");
      expect(run.stderr).toContain("用法");
    }
  });

  it("answers one question per stdin line as JSON Lines", async () => {
    const run = await ask([], "青浦2020年招录新教师多少名\n\n海淀区有多少学校\n😀\n");
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.found)).toEqual([true, false, false]);
    expect(lines[1].note).toContain("海淀区");
  });

  it("rejects a bad command line with usage and a non-zero code, no stack trace", async () => {
    const run = await ask(["--top", "abc", "问题"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--top");
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it("keeps answering from good reports when a corpus file is unreadable or unparsable", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ask-corpus-"));
    cpSync(CORPUS_DIR, dir, { recursive: true });
    writeFileSync(join(dir, "broken.txt"), "这不是一份报告");
    writeFileSync(join(dir, "empty.md"), "");
    writeFileSync(join(dir, "junk.txt"), Buffer.from([0, 159, 146, 150, 255, 0, 1]));
    const run = await ask(["--corpus", dir, "青浦2020年招录新教师多少名"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("196名");
    expect(run.stderr).toContain("broken.txt");
    expect(run.stderr).toContain("empty.md");
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it("says so when the corpus folder does not exist", async () => {
    const run = await ask(["--corpus", "/nonexistent/folder", "问题"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("/nonexistent/folder");
  });
});

describe("npm run ask with an index snapshot", { timeout: 120_000 }, () => {
  it("answers the same from the snapshot written by the first run", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "ask-snapshot-"));
    const first = await ask(["--json", "青浦2020年招录新教师多少名"], undefined, { DATA_DIR: dataDir });
    expect(existsSync(join(dataDir, "index.snapshot.jsonl"))).toBe(true);
    const second = await ask(["--json", "青浦2020年招录新教师多少名"], undefined, { DATA_DIR: dataDir });
    expect(JSON.parse(second.stdout)).toEqual(JSON.parse(first.stdout));
  });
});
