import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function genCorpus(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "tools/gen-corpus.ts", ...args], {
    encoding: "utf8",
    cwd: join(import.meta.dirname, "../../.."),
  });
}

function snapshot(folder: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(folder).map((file) => [file, readFileSync(join(folder, file), "utf8")]),
  );
}

describe("npm run gen-corpus", () => {
  it("writes N reports and a manifest, byte-identical for the same seed", () => {
    const [first, second] = [mkdtempSync(join(tmpdir(), "gen-")), mkdtempSync(join(tmpdir(), "gen-"))];
    for (const out of [first, second]) {
      const run = genCorpus("--reports", "20", "--out", out, "--seed", "cli");
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/wrote 20 reports/);
    }
    const files = snapshot(first);
    expect(Object.keys(files)).toHaveLength(21);
    expect(JSON.parse(files["manifest.json"]!).files).toHaveLength(20);
    expect(snapshot(second)).toEqual(files);
  });

  it("refuses to write into corpus/ and explains a bad command line", () => {
    const refused = genCorpus("--reports", "2", "--out", "corpus/synthetic");
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/refusing to write into/);
    const bad = genCorpus("--reports", "many", "--out", mkdtempSync(join(tmpdir(), "gen-")));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--reports must be a whole number/);
  });
});
