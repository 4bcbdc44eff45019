import { createHash } from "node:crypto";
import { itemCount, type Report } from "../domain/report.js";
import { gazetteer } from "../zh/gazetteer.js";
import { ReportRejectedError } from "./errors.js";
import { splitFrontMatter } from "./front-matter.js";
import { type Paragraph, type TextFormat, toParagraphs } from "./lines.js";
import { readSectionHeading } from "./markers.js";
import { districtIn, divisionNamedIn, readHeader, yearIn } from "./metadata.js";
import { promoteMarkdownHeadings, promoteParenHeadings, readSections } from "./structure.js";
import { spellOutTables } from "./tables.js";

export interface ParseOptions {
  /** File name the text came from (relative to the corpus folder). */
  source: string;
  format?: TextFormat;
}

function stableId(code: string, year: number, title: string): string {
  return `${code}-${year}-${createHash("sha1").update(title).digest("hex").slice(0, 6)}`;
}

function firstSectionIndex(paragraphs: readonly Paragraph[]): number {
  const index = paragraphs.findIndex((paragraph) => readSectionHeading(paragraph.text)?.value === 1);
  if (index >= 0) return index;
  return paragraphs.findIndex((paragraph) => readSectionHeading(paragraph.text) !== undefined);
}

function resolveDistrict(name: string): { name: string; code: string } | undefined {
  const district = gazetteer().resolve(name)[0];
  return district ? { name: district.name, code: district.code } : undefined;
}

/**
 * Parses one report's text into its sections and items, with the metadata it states about itself.
 * Throws ReportRejectedError (with a reason a user can read) when the text is not a usable report.
 */
export function parseReport(text: string, options: ParseOptions): Report {
  const format = options.format ?? (options.source.toLowerCase().endsWith(".md") ? "md" : "txt");
  const { frontMatter, body } = splitFrontMatter(text);
  const paragraphs = spellOutTables(
    promoteParenHeadings(promoteMarkdownHeadings(toParagraphs(body, format))),
  );
  if (paragraphs.length === 0) throw new ReportRejectedError("文件没有文字内容", "empty report");

  let bodyStart = firstSectionIndex(paragraphs);
  let sections = bodyStart >= 0 ? readSections(paragraphs.slice(bodyStart)) : [];
  if (sections.length === 0) {
    // No 一、 headings at all: read the whole text as one section of numbered items.
    bodyStart = Math.min(paragraphs.length, 1);
    const whole = readSections([
      { text: "一、正文", heading: 0, afterBlank: true },
      ...paragraphs.slice(bodyStart),
    ]);
    sections = whole.filter(
      (section) =>
        section.items.some((item) => item.no !== null && item.no !== "1") || section.items.length > 1,
    );
  }
  const header = readHeader(paragraphs.slice(0, Math.max(bodyStart, 1)));

  const title = frontMatter.title ?? header.title;
  if (!title) throw new ReportRejectedError("没有找到报告标题", "no title");
  // Without items it is no report at all, whatever else is missing: say that first.
  if (itemCount({ sections }) === 0)
    throw new ReportRejectedError("没有找到任何条目（如「一、」「1.」）", "no items");

  // Only what precedes the body may name the district (a 文件 header, a signature line): a word of the body
  // never does (建成县智慧教育平台 does not name 成县).
  const headerText = paragraphs
    .slice(0, Math.max(bodyStart, 1))
    .map((paragraph) => paragraph.text)
    .join("\n");
  const place =
    (frontMatter.district && resolveDistrict(frontMatter.district)) ||
    (header.district && header.districtCode
      ? { name: header.district, code: header.districtCode }
      : undefined) ||
    divisionNamedIn(headerText) ||
    districtIn(headerText, "text");
  if (!place) throw new ReportRejectedError("无法识别报告所属的区县", "no district in title or text");

  const year =
    frontMatter.year ??
    header.year ??
    (header.preamble ? yearIn(header.preamble) : undefined) ??
    (header.date ? Number(header.date.slice(0, 4)) : undefined);
  if (year === undefined || year < 1949 || year > 2100) {
    throw new ReportRejectedError("无法识别报告的年份", "no year in title or text");
  }

  const report: Report = {
    id: stableId(place.code, year, title),
    title,
    district: place.name,
    year,
    source: options.source,
    sections,
  };
  const publisher = frontMatter.publisher ?? header.publisher;
  if (publisher) report.publisher = publisher;
  const date = frontMatter.date ?? header.date;
  if (date) report.date = date;
  const docNo = frontMatter.docNo ?? header.docNo;
  if (docNo) report.docNo = docNo;
  if (header.preamble) report.preamble = header.preamble;
  return report;
}
