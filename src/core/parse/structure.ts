import type { Item, ReportPart, Section, SubPoint } from "../domain/report.js";
import {
  isAttachmentHeading,
  isFooterStart,
  isForwardingNotice,
  isPageFurniture,
  isSignatureLine,
} from "./junk.js";
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
  /** An attachment after the report (附表…): its paragraphs are one unnumbered item. */
  appendix?: boolean;
  part?: ReportPart;
  lead: string[];
  items: ItemDraft[];
  itemStyle?: ItemStyle;
}

/**
 * An item is numbered by one of the marker styles, or by 一、 when the sections are 第一部分 parts, or it
 * carries no number but opens with a form of its own (see readLabel), numbered by position.
 */
type ItemStyle = MarkerStyle | "cn" | LabelStyle;

type LabelStyle = "bracket" | "bullet";

/** A label in 【】 that opens an item (【学校建设】全年实施…): words, no field (【字体：大 中 小】). */
const BRACKET_LABEL = /^【([^】：:\s|]{2,30})】\s*(.*)$/u;

/**
 * An unnumbered paragraph that opens an item by its form: a top-level Markdown list entry
 * (`- **学校建设。** 全年…`), or a 【标题】 label (its words are the item's title). Paragraphs after it that
 * have no such form — prose, nested entries, a table and its caption — continue that item, as they
 * continue a numbered one; those before a section's first such paragraph are the section's lead.
 */
function readLabel(paragraph: Paragraph): { style: LabelStyle; title?: string; rest: string } | undefined {
  if (paragraph.bullet === 1) return { style: "bullet", rest: paragraph.text };
  const bracket = BRACKET_LABEL.exec(paragraph.text);
  if (bracket) return { style: "bracket", title: bracket[1]!, rest: bracket[2]! };
  return undefined;
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

/**
 * The report's closing paragraph, which looks ahead to the next year's work (2023年，…教育局将… /
 * 下一步，我们将…): it opens with a year or a word pointing ahead, and 将 follows within its first clause.
 */
const CLOSING =
  /^(?:(?:(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})年度?|下一步|新的一年|今后|未来|展望\S{0,6}年)[，,]?[^。，,；;]{0,24}将/u;

/**
 * In the last section of a report whose paragraphs carry no numbers, a last paragraph that is the report's
 * closing (see CLOSING) is no item of its own: it stays with the item before it, as it does after a numbered
 * item. Not in a plan section, nor when other paragraphs of the section look ahead too: there it is the plan.
 */
function withoutClosing(draft: SectionDraft, last: boolean): string[] {
  const paragraphs = draft.lead;
  if (!last || draft.part === "plan" || paragraphs.length < 2) return paragraphs;
  const closing = paragraphs.at(-1)!;
  if (!CLOSING.test(closing) || paragraphs.slice(0, -1).some((paragraph) => CLOSING.test(paragraph)))
    return paragraphs;
  return [...paragraphs.slice(0, -2), `${paragraphs.at(-2)!}\n${closing}`];
}

/** An attachment heading followed by content of its own (not straight by 抄送, a date, the end). */
function opensAppendix(paragraphs: readonly Paragraph[], index: number): boolean {
  if (!isAttachmentHeading(paragraphs[index]!.text)) return false;
  const next = paragraphs[index + 1];
  return next !== undefined && !isFooterStart(next.text) && !isNoise(next.text);
}

function finishSection(draft: SectionDraft, no: number, last: boolean): Section {
  const items: Item[] = [];
  if (draft.appendix) {
    const title =
      draft.title.replace(/^附(?:表|件|录)?\s*[\d一二三四五六七八九十]*\s*[:：]?\s*/, "") || draft.title;
    if (draft.lead.length > 0) items.push({ no: null, title, text: draft.lead.join("\n") });
    return { no, title, items };
  }
  if (draft.items.length === 0) {
    // A section whose paragraphs carry no numbers: each paragraph is an item, numbered by position.
    withoutClosing(draft, last).forEach((paragraph, index) => {
      items.push(finishItem(newItem(String(index + 1), paragraph)));
    });
  } else {
    if (draft.lead.length > 0) {
      // The section's own paragraphs before its first numbered item.
      const { title, text } = splitTitle(draft.lead[0]!);
      items.push({ no: null, title, text: [text, ...draft.lead.slice(1)].filter(Boolean).join("\n") });
    }
    // Numbers that repeat inside one section (a list restarting under an unmarked sub-heading) would give two
    // items one reference: such a section's items are numbered by position instead.
    const numbers = draft.items.map((item) => item.no);
    const unique = new Set(numbers).size === numbers.length;
    items.push(
      ...draft.items.map((item, index) => finishItem(unique ? item : { ...item, no: String(index + 1) })),
    );
  }
  const section: Section = { no, title: draft.title, items };
  if (draft.part) section.part = draft.part;
  return section;
}

function isNoise(text: string): boolean {
  return isPageFurniture(text) || isSignatureLine(text) || isForwardingNotice(text);
}

/** Before the part phrase of a plan heading: a year, or words that point ahead (下一步, 明年, 今后). */
const AHEAD = "(?:(?:19|20)\\d{2}|[〇零○一二三四五六七八九]{4})年度?|下一步|明年|今后|来年|新的一年|未来";
const PLAN_TITLE = new RegExp(
  `^(?:${AHEAD})?的?(?:全区|全县|全市)?(?:教育)?工作(?:思路|计划|打算|设想|安排|要点|重点)|^(?:${AHEAD}).{0,12}(?:思路|计划|打算|设想|安排|要点|重点工作|主要任务|重点任务|目标任务)`,
  "u",
);
const SUMMARY_TITLE =
  /(?:工作总结|工作回顾|总结回顾|主要工作|主要成[绩效]|工作成[绩效]|取得的成[绩效]|完成情况|开展情况|一年来)/u;
/** A part heading is a heading, not a sentence. */
const MAX_PART_TITLE = 30;

/**
 * The part a heading opens in a report that is both a summary and a plan: 2021年工作总结 / 主要工作成效 →
 * summary; 2022年工作思路 / 下一步工作打算 → plan. Ordinary section titles (重点工作, 加强教师队伍建设) are neither.
 */
export function partOfHeading(title: string): ReportPart | undefined {
  const text = title.replace(/[：:。]$/, "").trim();
  if (!text || text.length > MAX_PART_TITLE || /[，,；;。！？]/.test(text)) return undefined;
  if (SUMMARY_TITLE.test(text)) return "summary";
  if (PLAN_TITLE.test(text)) return "plan";
  return undefined;
}

/** What one paragraph of the body is, once the document's numbering levels are known. */
type Event =
  | { kind: "part"; part?: ReportPart }
  | { kind: "section"; title: string; rest: string; value: number; part?: ReportPart; restart: boolean }
  | { kind: "text" };

/** A short line of its own that names a part (2022年工作思路), with no numbering. */
function unnumberedPart(text: string): ReportPart | undefined {
  if (readMarker(text) || readSectionHeading(text)) return undefined;
  return partOfHeading(text);
}

/**
 * Resolves the numbering levels of a report body from the document itself: which heading styles occur
 * (第N部分 parts, 一、 headings, （一） headings under them) and which of them only divide the report
 * into a summary and a plan. The rule:
 * - Headings that all name a summary or a plan part (第一部分 2021年工作总结 / 第二部分 2022年工作思路, or
 *   one 一、 heading per part with （一） headings below) divide parts; the level below them holds the sections.
 * - Otherwise the top heading level holds the sections: 第N部分 when a report has several (then 一、 numbers
 *   its items), else 一、. A lone 第一部分 heading only opens the body.
 * - A short unnumbered line that names a part (2022年工作思路) opens that part: a section of its own when
 *   numbered items follow it directly, a divider when headings follow (and these may restart at 一、).
 * Every section after a plan heading belongs to the plan, every one before it to the summary.
 */
function resolveLevels(paragraphs: readonly Paragraph[]): { events: Event[]; itemHeadings: boolean } {
  const headings = paragraphs.map((paragraph) => readSectionHeading(paragraph.text));
  const partHeadings = headings.filter((heading) => heading?.style === "part");
  const cnHeadings = headings.filter((heading) => heading?.style === "cn");
  const namesParts = (list: typeof headings) =>
    list.length > 0 && list.every((heading) => heading && partOfHeading(heading.title));

  // Which paragraphs divide parts, which open sections.
  let sectionStyle: "part" | "cn" | "paren" = "cn";
  let dividerStyle: "part" | "cn" | undefined;
  if (
    partHeadings.length > 0 &&
    cnHeadings.length > 0 &&
    (namesParts(partHeadings) || partHeadings.length === 1)
  ) {
    dividerStyle = "part";
  } else if (partHeadings.length >= 2) {
    sectionStyle = "part";
  } else if (
    cnHeadings.length >= 2 &&
    namesParts(cnHeadings) &&
    cnHeadings.some((heading) => partOfHeading(heading!.title) === "plan") &&
    paragraphs.some(isParenHeading) &&
    paragraphs.every(
      (paragraph) => readMarker(paragraph.text)?.style !== "cn-paren" || isParenHeading(paragraph),
    )
  ) {
    // 一、2021年工作总结 / （一）… / 二、2022年工作思路 / （一）…: the （一） headings are the sections.
    dividerStyle = "cn";
    sectionStyle = "paren";
  }

  const events: Event[] = paragraphs.map((paragraph, index): Event => {
    const heading = headings[index];
    if (heading && heading.style === dividerStyle)
      return { kind: "part", part: partOfHeading(heading.title) };
    if (heading && heading.style === sectionStyle) {
      return {
        kind: "section",
        title: heading.title,
        rest: heading.rest,
        value: heading.value,
        part: partOfHeading(heading.title),
        restart: false,
      };
    }
    if (sectionStyle === "paren" && isParenHeading(paragraph)) {
      const marker = readMarker(paragraph.text)!;
      return {
        kind: "section",
        title: marker.rest.replace(/[。：:]$/, ""),
        rest: "",
        value: marker.value,
        restart: false,
      };
    }
    return { kind: "text" };
  });

  // Unnumbered part lines, after the first section: a divider before headings, a section before items. A
  // summary line counts only in a report that has a plan part too (一年来的主要工作 alone divides nothing).
  const firstSection = events.findIndex((event) => event.kind === "section");
  if (firstSection < 0) return { events, itemHeadings: sectionStyle === "part" };
  const partLines = new Map<number, ReportPart>();
  for (let index = firstSection + 1; index < paragraphs.length; index++) {
    // The body ends at its footer: an attachment line (附：…完成情况) opens no part.
    if (isFooterStart(paragraphs[index]!.text)) break;
    const part = events[index]!.kind === "text" ? unnumberedPart(paragraphs[index]!.text) : undefined;
    if (part) partLines.set(index, part);
  }
  const planned =
    [...partLines.values()].includes("plan") ||
    events.some((event) => event.kind !== "text" && event.part === "plan");
  for (const [index, part] of partLines) {
    if (part === "summary" && !planned) continue;
    let next = index + 1;
    while (next < paragraphs.length && events[next]!.kind === "text" && !readMarker(paragraphs[next]!.text))
      next++;
    const nextEvent = events[next];
    events[index] =
      nextEvent?.kind === "section" || nextEvent?.kind === "part"
        ? { kind: "part", part }
        : { kind: "section", title: paragraphs[index]!.text, rest: "", value: 0, part, restart: true };
  }
  return { events, itemHeadings: sectionStyle === "part" };
}

/**
 * Reads sections and items from the paragraphs that follow the report's header. The section level comes from
 * the document (see resolveLevels); inside a section, the first numbering style met is the item style and any
 * other style nested under an item is a sub-point (一是…, （1）, ①).
 */
export function readSections(paragraphs: readonly Paragraph[]): Section[] {
  const { events, itemHeadings } = resolveLevels(paragraphs);
  const hasPlan = events.some((event) => event.kind !== "text" && event.part === "plan");
  const drafts: SectionDraft[] = [];
  let lastValue = 0;
  let afterDivider = false;
  let part: ReportPart | undefined = hasPlan ? "summary" : undefined;
  // Whether numbered paragraphs at the margin (1、, （一）) follow in the same section: there they number the
  // items, and a Markdown list before them (a list in the section's lead) opens none.
  const numberedAhead: boolean[] = [];
  let numbered = false;
  for (let index = paragraphs.length - 1; index >= 0; index--) {
    const paragraph = paragraphs[index]!;
    if (events[index]!.kind !== "text") numbered = false;
    const style = paragraph.bullet ? undefined : readMarker(paragraph.text)?.style;
    if (style === "arabic" || style === "cn-paren" || style === "arabic-paren") numbered = true;
    numberedAhead[index] = numbered;
  }
  for (const [index, paragraph] of paragraphs.entries()) {
    const text = paragraph.text;
    const event = events[index]!;
    if (drafts.length > 0 && !drafts.at(-1)!.appendix && opensAppendix(paragraphs, index)) {
      // An attachment with content of its own (附表 and its table) is a section after the report's own:
      // its data is the report's too. An attachment that is only named (附：…（略）) ends the body.
      drafts.push({ title: text, lead: [], items: [], appendix: true });
      continue;
    }
    if (drafts.at(-1)?.appendix) {
      if (isFooterStart(text) && !isAttachmentHeading(text)) break;
      if (!isNoise(text)) drafts.at(-1)!.lead.push(text);
      continue;
    }
    if (isFooterStart(text)) break;
    if (event.kind === "part") {
      if (hasPlan && event.part) part = event.part;
      afterDivider = true;
      continue;
    }
    if (
      event.kind === "section" &&
      (drafts.length === 0 ||
        event.restart ||
        event.value === lastValue + 1 ||
        (afterDivider && event.value === 1))
    ) {
      if (hasPlan && event.part) part = event.part;
      const draft: SectionDraft = { title: event.title, lead: event.rest ? [event.rest] : [], items: [] };
      if (part) draft.part = part;
      drafts.push(draft);
      lastValue = event.value;
      afterDivider = false;
      continue;
    }
    const section = drafts.at(-1);
    if (!section || isNoise(text)) continue;
    const heading = itemHeadings ? readSectionHeading(text) : undefined;
    const marker =
      heading?.style === "cn"
        ? {
            style: "cn" as const,
            printed: text.slice(0, text.indexOf(heading.title)).trim(),
            value: heading.value,
            rest: [heading.title, heading.rest].filter(Boolean).join("。"),
          }
        : readMarker(text);
    const label = marker ? undefined : readLabel(paragraph);
    const current = section.items.at(-1);
    if (marker && marker.style !== "cn-shi" && (section.itemStyle ?? marker.style) === marker.style) {
      section.itemStyle = marker.style;
      section.items.push(newItem(String(marker.value), marker.rest));
    } else if (
      label &&
      (section.itemStyle
        ? section.itemStyle === label.style
        : label.style !== "bullet" || !numberedAhead[index])
    ) {
      section.itemStyle = label.style;
      const no = String(section.items.length + 1);
      section.items.push(
        label.title === undefined
          ? newItem(no, label.rest)
          : { no, title: label.title, paragraphs: label.rest ? [label.rest] : [], subpoints: [] },
      );
    } else if (marker && current) {
      current.subpoints.push({ marker: marker.printed, paragraphIndex: current.paragraphs.length });
      current.paragraphs.push(text);
    } else if (current) {
      current.paragraphs.push(text);
    } else {
      section.lead.push(text);
    }
  }
  return drafts.map((draft, index) => finishSection(draft, index + 1, index === drafts.length - 1));
}

/**
 * Markdown and Word reports may mark their levels only with headings (Word's automatic heading numbering
 * leaves no 一、 in the text): unnumbered headings of the section level become 一、-style headings, and
 * unnumbered headings one level below them become （一）-style items, numbered by position in their section.
 * The section level is the level whose headings carry 一、 when some do; otherwise the top level, or the
 * one below it when a single top-level heading is the title.
 */
export function promoteMarkdownHeadings(paragraphs: readonly Paragraph[]): Paragraph[] {
  const levels = paragraphs.map((paragraph) => paragraph.heading).filter((level) => level > 0);
  if (levels.length === 0) return [...paragraphs];
  const hasSectionHeadings = paragraphs.some((paragraph) => readSectionHeading(paragraph.text));
  const numberedLevels = paragraphs
    .filter((paragraph) => paragraph.heading > 0 && readSectionHeading(paragraph.text))
    .map((paragraph) => paragraph.heading);
  let sectionLevel: number;
  if (numberedLevels.length > 0) {
    sectionLevel = mostCommon(numberedLevels);
  } else if (hasSectionHeadings || levels.length < 2) {
    return [...paragraphs];
  } else {
    const top = Math.min(...levels);
    // The single top-level heading is the title; sections sit one level below it.
    sectionLevel = levels.filter((level) => level === top).length === 1 ? top + 1 : top;
  }
  const unnumbered = (paragraph: Paragraph) =>
    !readMarker(paragraph.text) && !readSectionHeading(paragraph.text);
  let sections = 0;
  let items = 0;
  return paragraphs.map((paragraph) => {
    if (paragraph.heading === sectionLevel) {
      items = 0;
      if (!unnumbered(paragraph)) return paragraph;
      if (hasSectionHeadings) return paragraph;
      sections++;
      return { ...paragraph, text: `${toChineseNumeral(sections)}、${paragraph.text}` };
    }
    if (
      paragraph.heading === sectionLevel + 1 &&
      unnumbered(paragraph) &&
      (sections > 0 || hasSectionHeadings)
    ) {
      items++;
      return { ...paragraph, text: `（${toChineseNumeral(items)}）${paragraph.text}` };
    }
    return paragraph;
  });
}

function mostCommon(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
}

function toChineseNumeral(value: number): string {
  const digits = "〇一二三四五六七八九";
  if (value < 10) return digits[value]!;
  const tens = Math.floor(value / 10);
  const units = value % 10;
  return `${tens > 1 ? digits[tens] : ""}十${units ? digits[units] : ""}`;
}

/** A numbered line that is a heading, not an item: short, and no sentence inside it. */
function isMarkedHeading(paragraph: Paragraph, style: MarkerStyle): boolean {
  const marker = readMarker(paragraph.text);
  if (marker?.style !== style) return false;
  const body = marker.rest.replace(/[。：:]$/, "");
  return body.length <= 40 && !/[。！？；]/.test(body);
}

function isParenHeading(paragraph: Paragraph): boolean {
  return isMarkedHeading(paragraph, "cn-paren");
}

/** Under headings of a style, the styles that number their items. */
const ITEMS_UNDER: Partial<Record<MarkerStyle, MarkerStyle[]>> = {
  "cn-paren": ["arabic", "arabic-paren"],
  arabic: ["arabic-paren", "circled"],
};

/**
 * Reports without 一、 headings sometimes use （一） headings — or, one level lower still, 1. headings — for
 * their sections and the next style down for the items under them: turn those headings into 一、-style ones.
 * Only when every line of the style reads as a heading and numbered items follow them; otherwise the style
 * numbers items, as usual.
 */
export function promoteParenHeadings(paragraphs: readonly Paragraph[]): Paragraph[] {
  if (paragraphs.some((paragraph) => readSectionHeading(paragraph.text))) return [...paragraphs];
  for (const [style, itemStyles] of Object.entries(ITEMS_UNDER) as [MarkerStyle, MarkerStyle[]][]) {
    const marked = paragraphs.filter((paragraph) => readMarker(paragraph.text)?.style === style);
    if (marked.length < 2 || !marked.every((paragraph) => isMarkedHeading(paragraph, style))) continue;
    const hasItems = paragraphs.some((paragraph) => {
      const found = readMarker(paragraph.text)?.style;
      return found !== undefined && itemStyles.includes(found);
    });
    if (!hasItems) continue;
    return paragraphs.map((paragraph) => {
      const marker = readMarker(paragraph.text);
      if (marker?.style !== style) return paragraph;
      return {
        ...paragraph,
        text: `${toChineseNumeral(marker.value)}、${marker.rest.replace(/[。：:]$/, "")}`,
      };
    });
  }
  return [...paragraphs];
}
