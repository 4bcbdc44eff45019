/**
 * Reads the shipped real reports (corpus/) at generation time and cuts them into the vocabulary the
 * generator recombines: section titles, items (title, body, sub-points) and opening paragraphs. This is a
 * deliberately small reader for the two known shapes, not the product parser: the generator must not depend
 * on the code it is meant to test.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface SourceItem {
  title: string;
  /** The item's text after its title, without its sub-points. */
  body: string;
  /** 一是… 二是… contents, markers removed. */
  subpoints: string[];
}

export interface SourceSection {
  title: string;
  items: SourceItem[];
}

export interface SourceReport {
  file: string;
  /** Full district name (青浦区) and the short form its text uses (青浦): both are replaced in the output. */
  district: string;
  districtShortName: string;
  year: number;
  intro: string;
  sections: SourceSection[];
}

const SECTION_LINE = /^([一二三四五六七八九十]+)、\s*(.+)$/;
const ITEM_LINE = /^(\d+)[.．、]\s*(.+)$/;
const SUBPOINT_LINE = /^[一二三四五六七八九十]+是/;
const SUBPOINT_MARKER = /[一二三四五六七八九十]是/g;

/** Splits `一是A。二是B。` into [A。, B。]; text before the first marker stays in the body. */
function splitInlineSubpoints(text: string): { body: string; subpoints: string[] } {
  if (!text.includes("一是") || !text.includes("二是")) return { body: text, subpoints: [] };
  const starts = [...text.matchAll(SUBPOINT_MARKER)].map((match) => match.index);
  const first = text.indexOf("一是");
  const ordered = starts.filter((start) => start >= first);
  const subpoints = ordered.map((start, i) => text.slice(start + 2, ordered[i + 1] ?? text.length).trim());
  return { body: text.slice(0, first).trim(), subpoints };
}

function splitTitle(text: string): { title: string; rest: string } {
  const end = text.indexOf("。");
  if (end < 0) return { title: text.trim(), rest: "" };
  return { title: text.slice(0, end).trim(), rest: text.slice(end + 1).trim() };
}

function districtFromFile(file: string, text: string): { district: string; year: number } {
  const named = /^(\d{4})-([^-]+?[区县市旗])-/.exec(file);
  if (named) return { year: Number(named[1]), district: named[2]! };
  const title = /(?:市)?([\u4e00-\u9fa5]{2,6}?[区县])(?:教育局)?(\d{4})年/.exec(text);
  if (title) return { district: title[1]!, year: Number(title[2]) };
  throw new Error(`cannot tell the district and year of source report ${file}`);
}

export function readSourceReport(file: string, text: string): SourceReport {
  const { district, year } = districtFromFile(file, text);
  const lines = text
    .replace(/[\u00a0\u3000]/g, " ")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const sections: SourceSection[] = [];
  let intro = "";
  let item: SourceItem | undefined;
  for (const line of lines) {
    const section = SECTION_LINE.exec(line);
    if (section) {
      sections.push({ title: section[2]!.trim(), items: [] });
      item = undefined;
      continue;
    }
    const current = sections[sections.length - 1];
    if (!current) {
      // The opening paragraph is the long one that starts with the year; the rest is page and notice text.
      if (line.length > 60 && /^\d{4}年/.test(line)) intro = line;
      continue;
    }
    const numbered = ITEM_LINE.exec(line);
    if (numbered) {
      const { title, rest } = splitTitle(numbered[2]!);
      const { body, subpoints } = splitInlineSubpoints(rest);
      item = { title, body, subpoints };
      current.items.push(item);
    } else if (item && SUBPOINT_LINE.test(line)) {
      item.subpoints.push(line.slice(2).trim());
    } else if (item) {
      item.body = item.body ? `${item.body}${line}` : line;
    }
  }
  const shortName = district.length >= 3 ? district.slice(0, -1) : district;
  return { file, district, districtShortName: shortName, year, intro, sections };
}

/** Every .txt and .md report in the folder, in file-name order so the vocabulary order is stable. */
export function readSourceReports(folder: string): SourceReport[] {
  const files = readdirSync(folder)
    .filter((file) => /\.(txt|md)$/.test(file))
    .sort();
  const reports = files.map((file) => readSourceReport(file, readFileSync(join(folder, file), "utf8")));
  const usable = reports.filter((report) => report.sections.some((section) => section.items.length > 0));
  if (usable.length === 0) throw new Error(`no report with numbered items in ${folder}`);
  return usable;
}
