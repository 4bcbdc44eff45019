/**
 * The five hand-checked reports beside the project (../shared/eval/dev2/reports) must parse exactly as their
 * hand-written manifest says: sections in order with their titles, and every item number as printed. The
 * manifest is read at run time, never copied here.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseReportBytes } from "../../../src/ingest/read-report.js";

const DEV2 = fileURLToPath(new URL("../../../../shared/eval/dev2/reports", import.meta.url));
const MANIFEST = join(DEV2, "manifest.json");

interface ManifestEntry {
  district: string;
  year: number;
  sections: { n: number; title: string; items: string[] }[];
}

const manifest: Record<string, ManifestEntry> = existsSync(MANIFEST)
  ? JSON.parse(readFileSync(MANIFEST, "utf8"))
  : {};

describe.skipIf(!existsSync(MANIFEST))("the dev2 reports parse as their manifest says", () => {
  it.each(Object.keys(manifest))("%s", async (file) => {
    const expected = manifest[file]!;
    const { report } = await parseReportBytes(readFileSync(join(DEV2, file)), file);
    expect(report.district.startsWith(expected.district)).toBe(true);
    expect(report.year).toBe(expected.year);
    expect(report.sections.map((section) => section.no)).toEqual(expected.sections.map((s) => s.n));
    report.sections.forEach((section, index) => {
      expect(section.title.startsWith(expected.sections[index]!.title)).toBe(true);
    });
    expect(report.sections.map((section) => section.items.map((item) => item.no))).toEqual(
      expected.sections.map((section) => section.items),
    );
    // A report about what was done: no part of it is read as a plan.
    expect(report.sections.every((section) => section.part !== "plan")).toBe(true);
  });
});
