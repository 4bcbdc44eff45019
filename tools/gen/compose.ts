/**
 * Plans one synthetic report's content: which real sections and items it reuses, in which order, which are
 * dropped, moved to another section or merged, with titles reworded, names localized and figures re-drawn.
 * The plan is layout-free: the writers in render-*.ts decide how it is printed.
 */
import { mutateFigures } from "./figures.js";
import { type County, needsParentInTitle, publisherOf, shortNameIsUnique } from "./gazetteer.js";
import { paraphraseItemTitle, paraphraseSectionTitle } from "./paraphrase.js";
import type { Rng } from "./prng.js";
import type { SourceItem, SourceReport } from "./source-material.js";

export interface PlannedItem {
  /** First clause, without its 。. */
  title: string;
  /** The rest of the item, one paragraph; may be empty when the item is all sub-points. */
  body: string;
  /** Sub-point contents without markers; empty when the item has none. */
  subpoints: string[];
}

export interface PlannedSection {
  title: string;
  items: PlannedItem[];
}

export interface PlannedReport {
  county: County;
  year: number;
  title: string;
  /** Whether the title names the district by its short form only (2020年青浦教育工作总结). */
  titleUsesShortName: boolean;
  publisher: string;
  /** Publication date, ISO yyyy-mm-dd. */
  date: string;
  docNo: string;
  intro: string;
  sections: PlannedSection[];
}

interface PooledItem {
  item: SourceItem;
  source: SourceReport;
}

const MAX_ITEMS_PER_SECTION = 9;

/** Replaces the real reports' own place names with the synthetic district's (青浦 → 昆山, 上海市 → 江苏省). */
function localizer(sources: readonly SourceReport[], county: County): (text: string) => string {
  const replacements: [string, string][] = [];
  for (const source of sources) {
    replacements.push([source.district, county.name]);
    if (source.districtShortName !== source.district)
      replacements.push([source.districtShortName, county.shortName]);
  }
  replacements.push(["上海市", county.provinceName], ["上海", county.provinceShortName]);
  // A county's own bodies are 县委/县级, not 区委/区级 as in the Shanghai districts the text comes from.
  const level = /(县|旗)$/.exec(county.name)?.[1];
  if (level)
    for (const word of ["区委", "区级", "全区", "本区", "我区"])
      replacements.push([word, word.replace("区", level)]);
  const pattern = new RegExp(replacements.map(([from]) => from).join("|"), "g");
  const lookup = new Map(replacements);
  return (text) => text.replace(pattern, (found) => lookup.get(found) ?? found);
}

function sentencesOf(text: string): string[] {
  return text.match(/[^。]+。?/g)?.map((sentence) => sentence.trim()) ?? [];
}

/** Items that had no sub-points sometimes list their measures as 一是…二是… instead of plain sentences. */
function maybeSplitIntoSubpoints(item: PlannedItem, rng: Rng): PlannedItem {
  if (item.subpoints.length > 0 || !rng.chance(0.15)) return item;
  const sentences = sentencesOf(item.body);
  if (sentences.length < 3) return item;
  const lead = rng.chance(0.5) ? sentences.shift()! : "";
  return { ...item, body: lead, subpoints: sentences.slice(0, 5) };
}

function mergeAdjacent(items: PlannedItem[], rng: Rng): PlannedItem[] {
  const mergeable = items
    .map((_item, index) => index)
    .filter(
      (index) =>
        index + 1 < items.length && !items[index]!.subpoints.length && !items[index + 1]!.subpoints.length,
    );
  if (mergeable.length === 0) return items;
  const at = rng.pick(mergeable);
  const first = items[at]!;
  const second = items[at + 1]!;
  // The second item's title becomes an ordinary sentence of the first: its content stays findable.
  const merged = { title: first.title, body: `${first.body}${second.title}。${second.body}`, subpoints: [] };
  return [...items.slice(0, at), merged, ...items.slice(at + 2)];
}

function chineseDate(isoDate: string): { year: number; month: number; day: number } {
  const [year, month, day] = isoDate.split("-").map(Number);
  return { year: year!, month: month!, day: day! };
}

function publicationDate(year: number, rng: Rng): string {
  // Summaries come out at the year's end or in the first months of the next year.
  const inDecember = rng.chance(0.35);
  const publishedYear = inDecember ? year : year + 1;
  const month = inDecember ? 12 : rng.int(1, 4);
  const day = inDecember ? rng.int(15, 31) : rng.int(1, 28);
  return `${publishedYear}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function documentNumber(county: County, date: string, rng: Rng): string {
  const abbreviation = county.shortName.charAt(0);
  const [open, close] = rng.pick([
    ["〔", "〕"],
    ["【", "】"],
    ["[", "]"],
  ] as const);
  const { year } = chineseDate(date);
  const spacing = rng.chance(0.15) ? " " : "";
  return `${abbreviation}教${open}${year}${spacing}${close}${rng.int(1, 160)}号`;
}

function reportTitle(
  county: County,
  year: number,
  publisher: string,
  rng: Rng,
): { title: string; short: boolean } {
  const shortIsSafe = shortNameIsUnique(county) && !needsParentInTitle(county);
  const name = needsParentInTitle(county) ? `${county.parentName}${county.name}` : county.name;
  const style = rng.weighted([
    ["year-first", 4],
    ["bureau-first", 3],
    ["publisher-first", 2],
    ["district-year", 1],
    ["year-period", 1],
    ["short", shortIsSafe ? 1 : 0],
  ] as const);
  switch (style) {
    case "year-first":
      return { title: `${year}年${name}教育工作总结`, short: false };
    case "bureau-first":
      return { title: `${name}教育局${year}年工作总结`, short: false };
    case "publisher-first":
      return { title: `${publisher}${year}年工作总结`, short: false };
    case "district-year":
      return { title: `${name}${year}年教育工作总结`, short: false };
    case "year-period":
      return { title: `${year}年度${name}教育工作总结`, short: false };
    case "short":
      return { title: `${year}年${county.shortName}教育工作总结`, short: true };
  }
}

export function planReport(
  sources: readonly SourceReport[],
  county: County,
  year: number,
  rng: Rng,
): PlannedReport {
  const localize = localizer(sources, county);
  const rewrite = (text: string, source: SourceReport) =>
    mutateFigures(localize(text), rng, { yearShift: year - source.year });

  const allSections = sources.flatMap((source) => source.sections.map((section) => ({ section, source })));
  const sectionCount = rng.int(3, Math.min(7, allSections.length));
  const chosen = rng.sample(allSections, sectionCount);
  const chosenSet = new Set(chosen.map(({ section }) => section));
  // Items of sections this report leaves out can still turn up elsewhere, the way a topic changes heading.
  const strays: PooledItem[] = rng.shuffle(
    allSections
      .filter(({ section }) => !chosenSet.has(section))
      .flatMap(({ section, source }) => section.items.map((item) => ({ item, source }))),
  );

  const sections: PlannedSection[] = chosen.map(({ section, source }) => {
    let pooled: PooledItem[] = section.items.filter(() => rng.chance(0.8)).map((item) => ({ item, source }));
    if (pooled.length === 0) pooled = [{ item: rng.pick(section.items), source }];
    if (rng.chance(0.35)) pooled.push(...strays.splice(0, rng.int(1, 2)));
    if (rng.chance(0.45)) pooled = rng.shuffle(pooled);
    let items: PlannedItem[] = pooled.slice(0, MAX_ITEMS_PER_SECTION).map(({ item, source: itemSource }) => {
      const keptSubpoints =
        item.subpoints.length > 3 && rng.chance(0.3)
          ? rng.sample(item.subpoints, item.subpoints.length - 1)
          : item.subpoints;
      return maybeSplitIntoSubpoints(
        {
          title: rewrite(paraphraseItemTitle(item.title, rng), itemSource),
          body: rewrite(item.body, itemSource),
          subpoints: keptSubpoints.map((subpoint) => rewrite(subpoint, itemSource)),
        },
        rng,
      );
    });
    if (items.length >= 3 && rng.chance(0.15)) items = mergeAdjacent(items, rng);
    return { title: rewrite(paraphraseSectionTitle(section.title, rng), source), items };
  });

  const introSource = rng.pick(sources.filter((source) => source.intro !== ""));
  const publisher = publisherOf(county, rng.chance(0.3));
  const date = publicationDate(year, rng);
  const { title, short } = reportTitle(county, year, publisher, rng);
  return {
    county,
    year,
    title,
    titleUsesShortName: short,
    publisher,
    date,
    docNo: documentNumber(county, date, rng),
    intro: introSource
      ? rewrite(introSource.intro, introSource)
      : `${year}年,${county.shortName}教育各项工作取得新进展。`,
    sections,
  };
}
