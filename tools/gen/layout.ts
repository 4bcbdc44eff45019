/**
 * Chooses how a report is printed, across the structures the parser supports. Combinations that real
 * reports do not use, or that would be ambiguous even to a careful reader, are ruled out here: （1） sub-points
 * under （1） items, 一是 lines in a section whose paragraphs carry no numbers, numbering that runs through
 * the report around an unnumbered section.
 */
import type { Rng } from "./prng.js";

export type ItemMarker =
  | "dot" // 1.
  | "fullwidth-dot" // 1．
  | "dunhao" // 1、
  | "chinese-paren" // （一）
  | "ascii-paren" // (1)
  | "fullwidth-paren" // （1）
  | "none"; // paragraphs without numbers

export type SubpointStyle = "shi-inline" | "shi-lines" | "paren-lines" | "circled-inline" | "circled-lines";

export type MarkdownItemStyle = "numbered-bold" | "numbered-plain" | "bold-paragraph";

export interface Layout {
  format: "text" | "markdown";
  itemMarker: ItemMarker;
  /** Whether item numbers run through the whole report (青浦) or restart in each section (嘉定). */
  numbering: "through" | "restart";
  subpointStyle: SubpointStyle;
  markdownItemStyle: MarkdownItemStyle;
  header: "none" | "scraped" | "gov-info" | "publisher-lines";
  footer: "none" | "page-junk" | "signature";
  /** Put before every paragraph: nothing, two spaces (嘉定), two full-width spaces, two NBSP. */
  indent: string;
  /** Between an item marker and its title. */
  markerGap: string;
  blankLineBetweenParagraphs: boolean;
  fullWidthDigits: boolean;
  /** Write Chinese commas (，) where the scraped real reports have ASCII ones. */
  fullWidthCommas: boolean;
  /** Sections (0-based) whose paragraphs carry no numbers inside an otherwise numbered report. */
  unnumberedSections: number[];
}

const INLINE_SUBPOINTS: SubpointStyle[] = ["shi-inline", "circled-inline"];

export function chooseLayout(sectionCount: number, rng: Rng): Layout {
  const format = rng.chance(0.2) ? "markdown" : "text";
  const markdownItemStyle = rng.weighted<MarkdownItemStyle>([
    ["numbered-bold", 3],
    ["numbered-plain", 2],
    ["bold-paragraph", 1],
  ]);
  const itemMarker: ItemMarker =
    format === "markdown"
      ? markdownItemStyle === "bold-paragraph"
        ? "none"
        : "dot"
      : rng.weighted<ItemMarker>([
          ["dot", 4],
          ["fullwidth-dot", 2],
          ["dunhao", 2],
          ["chinese-paren", 2],
          ["ascii-paren", 1],
          ["fullwidth-paren", 1],
          ["none", 1],
        ]);
  // Parenthesised markers restart in every section in real reports; plain numbers do either.
  const numbering =
    itemMarker === "dot" || itemMarker === "fullwidth-dot" || itemMarker === "dunhao"
      ? rng.chance(0.5)
        ? "through"
        : "restart"
      : "restart";
  const subpointCandidates: SubpointStyle[] =
    itemMarker === "none"
      ? INLINE_SUBPOINTS
      : itemMarker === "ascii-paren" || itemMarker === "fullwidth-paren"
        ? ["shi-inline", "shi-lines", "circled-inline", "circled-lines"]
        : ["shi-inline", "shi-lines", "paren-lines", "circled-inline", "circled-lines"];
  const unnumberedSections =
    itemMarker !== "none" && numbering === "restart" && format === "text" && rng.chance(0.15)
      ? [rng.int(0, sectionCount - 1)]
      : [];
  const subpointStyle =
    unnumberedSections.length > 0 ? rng.pick(INLINE_SUBPOINTS) : rng.pick(subpointCandidates);
  const header =
    format === "markdown"
      ? "none"
      : rng.weighted<Layout["header"]>([
          ["none", 4],
          ["scraped", 3],
          ["gov-info", 2],
          ["publisher-lines", 2],
        ]);
  // A trailing signature would read as one more paragraph in a section without numbers.
  const signatureFits = itemMarker !== "none" && !unnumberedSections.includes(sectionCount - 1);
  const footer =
    header === "scraped"
      ? rng.chance(0.8)
        ? "page-junk"
        : "none"
      : signatureFits && rng.chance(0.25)
        ? "signature"
        : "none";
  return {
    format,
    itemMarker,
    numbering,
    subpointStyle,
    markdownItemStyle,
    header,
    footer,
    indent:
      format === "markdown"
        ? ""
        : rng.weighted([
            ["", 5],
            ["  ", 2],
            ["\u3000\u3000", 2],
            ["\u00a0\u00a0", 1],
          ]),
    markerGap: rng.weighted([
      ["", 6],
      [" ", 1],
      ["\u00a0", 1],
      ["\u3000", 1],
    ]),
    blankLineBetweenParagraphs: format === "markdown" || rng.chance(0.5),
    fullWidthDigits: format === "text" && rng.chance(0.07),
    fullWidthCommas: rng.chance(0.4),
    unnumberedSections,
  };
}

/** A short readable name for the manifest and for checking that layouts are mixed. */
export function layoutName(layout: Layout): string {
  const items = layout.format === "markdown" ? layout.markdownItemStyle : layout.itemMarker;
  const parts = [layout.format, items, layout.itemMarker === "none" ? "unnumbered" : layout.numbering];
  if (layout.unnumberedSections.length > 0) parts.push("mixed-unnumbered");
  return parts.join("/");
}
