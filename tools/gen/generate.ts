/**
 * Generates a synthetic corpus in memory: one district and year per report, a content plan, a layout, the
 * printed text and the manifest entry that says what a correct parser must find. Pure: no file system, so
 * tests can check determinism and content without writing anything.
 */
import { planReport } from "./compose.js";
import { type County, countyDivisions } from "./gazetteer.js";
import { chooseLayout, type Layout, layoutName } from "./layout.js";
import { Rng } from "./prng.js";
import { renderReport } from "./render.js";
import type { SourceReport } from "./source-material.js";

export const FIRST_YEAR = 2010;
export const LAST_YEAR = 2025;

export interface ManifestEntry {
  file: string;
  district: string;
  districtCode: string;
  province: string;
  year: number;
  title: string;
  /** Present when a header block prints it on its own line, so a parser can be held to it. */
  publisher?: string;
  /** Publication date (ISO), when the text prints one. */
  date?: string;
  docNo?: string;
  layout: string;
  sections: number;
  items: number;
  /** Item count of each section, in order. */
  sectionItems: number[];
  /** The layout's details, for telling which variant a parser mismatch comes from. */
  layoutDetails: Omit<Layout, "indent" | "markerGap"> & { indent: string; markerGap: string };
}

export interface GeneratedReport {
  entry: ManifestEntry;
  text: string;
}

export interface GenerateOptions {
  reports: number;
  seed: string;
  sources: readonly SourceReport[];
  /** District names to leave out entirely (by default the real reports' own districts). */
  excludeDistricts?: ReadonlySet<string>;
}

/** Spaces are invisible in the manifest: name them so a reader can see which one a file uses. */
function describeSpaces(text: string): string {
  return [...text].map((char) => (char === "\u00a0" ? "NBSP" : char === "\u3000" ? "IDSP" : "SP")).join("+");
}

/**
 * One county per report, walking a seeded shuffle of all divisions (so every report of a 3,000-report corpus
 * is a different district) and a random year; a district meets a year at most once.
 */
function assignDistricts(options: GenerateOptions): { county: County; year: number }[] {
  const counties = countyDivisions().filter((county) => !options.excludeDistricts?.has(county.name));
  const yearsPerDistrict = LAST_YEAR - FIRST_YEAR + 1;
  if (options.reports > counties.length * yearsPerDistrict) {
    throw new Error(`at most ${counties.length * yearsPerDistrict} reports: one per district and year`);
  }
  const order = new Rng(`${options.seed}/districts`).shuffle(counties);
  const taken = new Set<string>();
  return Array.from({ length: options.reports }, (_, index) => {
    const county = order[index % order.length]!;
    let year = new Rng(`${options.seed}/year/${index}`).int(FIRST_YEAR, LAST_YEAR);
    while (taken.has(`${county.code}:${year}`)) year = year === LAST_YEAR ? FIRST_YEAR : year + 1;
    taken.add(`${county.code}:${year}`);
    return { county, year };
  });
}

export function generateReports(options: GenerateOptions): GeneratedReport[] {
  return assignDistricts(options).map(({ county, year }, index) => {
    // Each report draws from its own stream: changing one report's layout code never shifts another's.
    const rng = new Rng(`${options.seed}/report/${index}`);
    const plan = planReport(options.sources, county, year, rng);
    const layout = chooseLayout(plan.sections.length, rng);
    if (plan.titleUsesShortName && layout.header === "none") {
      // A short-form title (2020年青浦教育工作总结) is only unambiguous next to the publisher line that names
      // the full district, as in the real 青浦 report.
      if (layout.format === "text") layout.header = "publisher-lines";
      else plan.title = `${year}年${county.name}教育工作总结`;
    }
    const text = renderReport(plan, layout, rng);
    const extension = layout.format === "markdown" ? "md" : "txt";
    const sectionItems = plan.sections.map((section) => section.items.length);
    // Metadata is expected only where the text prints it on a line of its own (header block), the way a
    // reader would find it; a title that starts with the bureau's name is not counted as a publisher line.
    const printsMetadataBlock = layout.header !== "none";
    const printsDocNo =
      layout.header === "scraped" || (layout.header === "gov-info" && text.includes(plan.docNo));
    const entry: ManifestEntry = {
      file: `${year}-${county.name}-${county.code}.${extension}`,
      district: county.name,
      districtCode: county.code,
      province: county.provinceName,
      year,
      title: plan.title,
      ...(printsMetadataBlock ? { publisher: plan.publisher, date: plan.date } : {}),
      // Spaces inside a 文号 (嘉教【2017 】66号) are typing slips, not part of the number.
      ...(printsDocNo ? { docNo: plan.docNo.replace(/\s+/g, "") } : {}),
      layout: layoutName(layout),
      sections: plan.sections.length,
      items: sectionItems.reduce((sum, count) => sum + count, 0),
      sectionItems,
      layoutDetails: {
        ...layout,
        indent: describeSpaces(layout.indent),
        markerGap: describeSpaces(layout.markerGap),
      },
    };
    return { entry, text };
  });
}
