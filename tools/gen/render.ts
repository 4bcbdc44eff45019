/**
 * Prints a planned report in a chosen layout, as plain text or Markdown. The printed structure matches the
 * plan one to one, so the plan's section and item counts are what a correct parser must find.
 */
import type { PlannedItem, PlannedReport } from "./compose.js";
import type { Layout } from "./layout.js";
import { chineseNumeral, circledNumeral, toFullWidthDigits } from "./numerals.js";
import { govInfoHeader, pageFooter, publisherLines, scrapedHeader, signature } from "./page-junk.js";
import type { Rng } from "./prng.js";

function itemMarker(layout: Layout, number: number): string {
  switch (layout.itemMarker) {
    case "dot":
      return `${number}.`;
    case "fullwidth-dot":
      return `${number}．`;
    case "dunhao":
      return `${number}、`;
    case "chinese-paren":
      return `（${chineseNumeral(number)}）`;
    case "ascii-paren":
      return `(${number})`;
    case "fullwidth-paren":
      return `（${number}）`;
    case "none":
      return "";
  }
}

function subpointMarker(layout: Layout, position: number): string {
  switch (layout.subpointStyle) {
    case "shi-inline":
    case "shi-lines":
      return `${chineseNumeral(position)}是`;
    case "paren-lines":
      return `（${position}）`;
    case "circled-inline":
    case "circled-lines":
      return circledNumeral(position);
  }
}

function endsSentence(text: string): string {
  return /[。；;！]$/.test(text) ? text : `${text}。`;
}

/** The item as paragraphs: its head paragraph, then one per sub-point when the style puts them on lines. */
function itemParagraphs(item: PlannedItem, head: string, layout: Layout): string[] {
  const first = `${head}${item.body}`;
  if (item.subpoints.length === 0) return [first];
  const subpoints = item.subpoints.map(
    (text, index) => `${subpointMarker(layout, index + 1)}${endsSentence(text)}`,
  );
  const inline = layout.subpointStyle === "shi-inline" || layout.subpointStyle === "circled-inline";
  return inline ? [`${first}${subpoints.join("")}`] : [first, ...subpoints];
}

function textItemHead(item: PlannedItem, marker: string, layout: Layout): string {
  return marker ? `${marker}${layout.markerGap}${item.title}。` : `${item.title}。`;
}

function markdownItemHead(
  item: PlannedItem,
  number: number,
  layout: Layout,
  boldInsidePeriod: boolean,
): string {
  const bold = boldInsidePeriod ? `**${item.title}。**` : `**${item.title}**。`;
  switch (layout.markdownItemStyle) {
    case "numbered-bold":
      return `${number}. ${bold}`;
    case "numbered-plain":
      return `${number}. ${item.title}。`;
    case "bold-paragraph":
      return bold;
  }
}

/** Chinese commas where the scraped originals have ASCII ones; thousands separators (376,702) stay. */
function withChineseCommas(text: string): string {
  return text.replace(/,(?!\d)|(?<!\d),/g, "，");
}

export function renderReport(plan: PlannedReport, layout: Layout, rng: Rng): string {
  const boldInsidePeriod = rng.chance(0.5);
  const body: string[] = [];
  let itemNumber = 0;
  plan.sections.forEach((section, sectionIndex) => {
    const heading = `${chineseNumeral(sectionIndex + 1)}、${section.title}`;
    body.push(layout.format === "markdown" ? `## ${heading}` : heading);
    if (layout.numbering === "restart") itemNumber = 0;
    const unnumbered = layout.unnumberedSections.includes(sectionIndex);
    for (const item of section.items) {
      itemNumber++;
      const head =
        layout.format === "markdown"
          ? markdownItemHead(item, itemNumber, layout, boldInsidePeriod)
          : textItemHead(item, unnumbered ? "" : itemMarker(layout, itemNumber), layout);
      body.push(...itemParagraphs(item, head, layout));
    }
  });

  let paragraphs = [plan.intro, ...body];
  if (layout.fullWidthCommas) paragraphs = paragraphs.map(withChineseCommas);
  if (layout.fullWidthDigits) paragraphs = paragraphs.map(toFullWidthDigits);
  paragraphs = paragraphs.map((paragraph) =>
    paragraph.startsWith("#") ? paragraph : layout.indent + paragraph,
  );
  const bodyText = paragraphs.join(layout.blankLineBetweenParagraphs ? "\n\n" : "\n");

  const header =
    layout.format === "markdown"
      ? `# ${plan.title}\n`
      : layout.header === "scraped"
        ? scrapedHeader(plan, rng)
        : layout.header === "gov-info"
          ? `${govInfoHeader(plan, rng)}\n`
          : layout.header === "publisher-lines"
            ? `${publisherLines(plan)}\n`
            : `${plan.title}\n`;
  const footer =
    layout.footer === "page-junk"
      ? `\n\n${pageFooter(rng)}`
      : layout.footer === "signature"
        ? `\n\n${signature(plan)}`
        : "";
  return `${header}\n${bodyText}${footer}\n`;
}
