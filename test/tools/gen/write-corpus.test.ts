import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateReports } from "../../../tools/gen/generate.js";
import { REAL_CORPUS_DIR } from "../../../tools/gen/paths.js";
import { readSourceReports } from "../../../tools/gen/source-material.js";
import { type Manifest, RefusedOutputError, writeCorpus } from "../../../tools/gen/write-corpus.js";

const sources = readSourceReports(REAL_CORPUS_DIR);
const generate = (reports: number, seed = "w") => generateReports({ reports, seed, sources });

describe("writeCorpus", () => {
  it("writes N report files and a manifest that lists each with its expected counts", () => {
    const out = join(mkdtempSync(join(tmpdir(), "gen-")), "corpus");
    writeCorpus(out, generate(12), "w", [REAL_CORPUS_DIR]);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as Manifest;
    expect(manifest.files).toHaveLength(12);
    expect(readdirSync(out).filter((file) => file !== "manifest.json")).toHaveLength(12);
    for (const entry of manifest.files) {
      expect(existsSync(join(out, entry.file))).toBe(true);
      expect(entry.file).toMatch(
        new RegExp(`^${entry.year}-${entry.district}-${entry.districtCode}\\.(txt|md)$`),
      );
      expect(entry.sections).toBe(entry.sectionItems.length);
      expect(entry.items).toBe(entry.sectionItems.reduce((sum, count) => sum + count, 0));
    }
  });

  it("replaces its own previous run and leaves other files alone", () => {
    const out = mkdtempSync(join(tmpdir(), "gen-"));
    writeFileSync(join(out, "notes.txt"), "mine");
    writeCorpus(out, generate(10, "first"), "first", [REAL_CORPUS_DIR]);
    writeCorpus(out, generate(3, "second"), "second", [REAL_CORPUS_DIR]);
    expect(readdirSync(out).sort()).toHaveLength(3 + 2);
    expect(readFileSync(join(out, "notes.txt"), "utf8")).toBe("mine");
  });

  it("refuses the real corpus folder, a folder inside it, and a link to it", () => {
    const reports = generate(1);
    const link = join(mkdtempSync(join(tmpdir(), "gen-")), "link");
    symlinkSync(REAL_CORPUS_DIR, link);
    for (const out of [REAL_CORPUS_DIR, join(REAL_CORPUS_DIR, "synthetic"), link, join(link, "x")]) {
      expect(() => writeCorpus(out, reports, "w", [REAL_CORPUS_DIR])).toThrow(RefusedOutputError);
    }
    expect(existsSync(join(REAL_CORPUS_DIR, "synthetic"))).toBe(false);
  });
});
