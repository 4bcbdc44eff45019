import type { Item, Section, SubPoint } from "../report/types.js";
import { isFooterStart, isForwardingNotice, isPageFurniture, isSignatureLine } from "./junk.js";
import type { Paragraph } from "./lines.js";
import { type MarkerStyle, readMarker, readSectionHeading } from "./markers.js";

/** An item title longer than this is not a clause but a whole paragraph without a full stop. */
const MAX_TITLE = 60;

/** Splits an item's first paragraph into its title (first clause, up to 。) and the rest. */
export function splitTitle(paragraph: string): { title: string; text: string } {
  const stop = paragraph.search(/[。！？]/);
  if (stop >= 0 && stop <= MAX_TITLE) {
    return { title: paragraph.slice(0, stop).trim(), text: paragraph.slice(stop + 1).trim() };
  }
  // No full stop early enough: fall back to the first clause that reads as a title.
  const clause = paragraph.search(/[；：;:，,]/);
  if (clause > 0 && clause <= MAX_TITLE) {
    return { title: paragraph.slice(0, clause).trim(), text: paragraph.slice(clause + 1).trim() };
  }
  if (paragraph.length <= MAX_TITLE) return { title: paragraph, text: "" };
  return { title: "", text: paragraph };
}

interface ItemDraft {
  no: string;
  title: string;
  paragraphs: string[];
  subpoints: { marker: string; paragraphIndex: number }[];
}

interface SectionDraft {
  title: string;
  lead: string[];
  items: ItemDraft[];
  itemStyle?: MarkerStyle;
}

function newItem(no: string, firstParagraph: string): ItemDraft {
  const { title, text } = splitTitle(firstParagraph);
  return { no, title, paragraphs: text ? [text] : [], subpoints: [] };
}

function finishItem(draft: ItemDraft): Item {
  let text = "";
  const starts: number[] = [];
  draft.paragraphs.forEach((paragraph, index) => {
    if (index > 0) text += "\n";
    starts.push(text.length);
    text += paragraph;
  });
  const item: Item = { no: draft.no, title: draft.title, text };
  if (draft.subpoints.length > 0) {
    item.subpoints = draft.subpoints.map((point, index): SubPoint => {
      const start = starts[point.paragraphIndex]!;
      const nextPoint = draft.subpoints[index + 1];
      const end = nextPoint ? starts[nextPoint.paragraphIndex]! - 1 : text.length;
      return { no: `${draft.no}.${index + 1}`, marker: point.marker, start, end };
    });
  }
  if (!item.title && !item.text) item.title = draft.no;
  return item;
}

function finishSection(draft: SectionDraft, no: number): Section {
  const items: Item[] = [];
  if (draft.items.length === 0) {
    // A section whose paragraphs carry no numbers: each paragraph is an item, numbered by position.
    draft.lead.forEach((paragraph, index) => {
      items.push(finishItem(newItem(String(index + 1), paragraph)));
    });
  } else {
    if (draft.lead.length > 0) {
      // The section's own paragraphs before its first numbered item.
      const { title, text } = splitTitle(draft.lead[0]!);
      items.push({ no: null, title, text: [text, ...draft.lead.slice(1)].filter(Boolean).join("\n") });
    }
    items.push(...draft.items.map(finishItem));
  }
  return { no, title: draft.title, items };
}

function isNoise(text: string): boolean {
  return isPageFurniture(text) || isSignatureLine(text) || isForwardingNotice(text);
}

/**
 * Reads sections and items from the paragraphs that follow the report's header. Numbering styles are
 * resolved per section: the first style met is the item style, any other style nested under an item
 * is a sub-point (一是…, （1）, ①).
 */
export function readSections(paragraphs: readonly Paragraph[]): Section[] {
  const drafts: SectionDraft[] = [];
  let lastValue = 0;
  for (const paragraph of paragraphs) {
    const text = paragraph.text;
    if (isFooterStart(text)) break;
    const heading = readSectionHeading(text);
    if (heading && (drafts.length === 0 || heading.value === lastValue + 1)) {
      drafts.push({ title: heading.title, lead: heading.rest ? [heading.rest] : [], items: [] });
      lastValue = heading.value;
      continue;
    }
    const section = drafts.at(-1);
    if (!section || isNoise(text)) continue;
    const marker = readMarker(text);
    const current = section.items.at(-1);
    if (marker && marker.style !== "cn-shi" && (section.itemStyle ?? marker.style) === marker.style) {
      section.itemStyle = marker.style;
      section.items.push(newItem(String(marker.value), marker.rest));
    } else if (marker && current) {
      current.subpoints.push({ marker: marker.printed, paragraphIndex: current.paragraphs.length });
      current.paragraphs.push(text);
    } else if (current) {
      current.paragraphs.push(text);
    } else {
      section.lead.push(text);
    }
  }
  return drafts.map((draft, index) => finishSection(draft, index + 1));
}

/** Markdown reports may mark sections only with headings: turn those into 一、-style headings. */
export function promoteMarkdownHeadings(paragraphs: readonly Paragraph[]): Paragraph[] {
  if (paragraphs.some((paragraph) => readSectionHeading(paragraph.text))) return [...paragraphs];
  const levels = paragraphs.map((paragraph) => paragraph.heading).filter((level) => level > 0);
  if (levels.length < 2) return [...paragraphs];
  const top = Math.min(...levels);
  // The single top-level heading is the title; sections sit one level below it.
  const sectionLevel = levels.filter((level) => level === top).length === 1 ? top + 1 : top;
  let count = 0;
  return paragraphs.map((paragraph) => {
    if (paragraph.heading !== sectionLevel || readMarker(paragraph.text)) return paragraph;
    count++;
    return { ...paragraph, text: `${toChineseNumeral(count)}、${paragraph.text}` };
  });
}

function toChineseNumeral(value: number): string {
  const digits = "〇一二三四五六七八九";
  if (value < 10) return digits[value]!;
  const tens = Math.floor(value / 10);
  const units = value % 10;
  return `${tens > 1 ? digits[tens] : ""}十${units ? digits[units] : ""}`;
}

/** A （一） line that is a heading, not an item: short, and no sentence inside it. */
function isParenHeading(paragraph: Paragraph): boolean {
  const marker = readMarker(paragraph.text);
  if (marker?.style !== "cn-paren") return false;
  const body = marker.rest.replace(/[。：:]$/, "");
  return body.length <= 40 && !/[。！？；]/.test(body);
}

/**
 * Reports without 一、 headings sometimes use （一） headings for their sections and 1. for the items
 * under them: turn those headings into 一、-style ones. Only when every （一） line reads as a heading and
 * numbered items follow them; otherwise （一） numbers items, as usual.
 */
export function promoteParenHeadings(paragraphs: readonly Paragraph[]): Paragraph[] {
  if (paragraphs.some((paragraph) => readSectionHeading(paragraph.text))) return [...paragraphs];
  const parens = paragraphs.filter((paragraph) => readMarker(paragraph.text)?.style === "cn-paren");
  if (parens.length < 2 || !parens.every(isParenHeading)) return [...paragraphs];
  const hasItems = paragraphs.some((paragraph) => {
    const style = readMarker(paragraph.text)?.style;
    return style === "arabic" || style === "arabic-paren";
  });
  if (!hasItems) return [...paragraphs];
  return paragraphs.map((paragraph) => {
    const marker = readMarker(paragraph.text);
    if (marker?.style !== "cn-paren") return paragraph;
    return {
      ...paragraph,
      text: `${toChineseNumeral(marker.value)}、${marker.rest.replace(/[。：:]$/, "")}`,
    };
  });
}
