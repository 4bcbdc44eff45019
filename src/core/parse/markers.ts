/**
 * Numbering markers at the start of a paragraph: section headings (一、) and the item and sub-point
 * styles Chinese reports use. Which style is an item and which a sub-point is decided per section by
 * the structure reader, not here.
 */

export type MarkerStyle = "arabic" | "cn-paren" | "arabic-paren" | "circled" | "cn-shi";

export interface Marker {
  style: MarkerStyle;
  /** The marker as printed: `29.`, `（一）`, `②`, `二是`. */
  printed: string;
  /** Its value: 29, 1, 2. */
  value: number;
  /** The paragraph after the marker. */
  rest: string;
}

export interface SectionHeading {
  /** `cn` for 一、 headings, `part` for 第一部分 / 第一篇 / 第一章 ones. */
  style: "cn" | "part";
  value: number;
  title: string;
  /** Text after the heading's first sentence, when the heading line carries prose too. */
  rest: string;
}

const CN_DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 一 … 九十九 → 1 … 99; undefined when the string is not a Chinese numeral. */
export function chineseNumeral(text: string): number | undefined {
  if (!/^[〇零一二两三四五六七八九十]+$/.test(text)) return undefined;
  if (!text.includes("十")) {
    return text.length === 1 ? CN_DIGITS[text] : undefined;
  }
  const [tens, units] = text.split("十");
  if (text.split("十").length > 2) return undefined;
  const tensValue = tens ? CN_DIGITS[tens] : 1;
  const unitsValue = units ? CN_DIGITS[units] : 0;
  if (tensValue === undefined || unitsValue === undefined || (tens && tens.length > 1)) return undefined;
  return tensValue * 10 + unitsValue;
}

const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";

const PATTERNS: {
  style: MarkerStyle;
  pattern: RegExp;
  value: (match: RegExpExecArray) => number | undefined;
}[] = [
  // `1.` `1．` `1、` but not `1.5万` or `2020年`.
  { style: "arabic", pattern: /^(\d{1,3})\s*[.．、](?![\d%％])\s*(.*)$/, value: (m) => Number(m[1]) },
  {
    style: "cn-paren",
    pattern: /^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*[、.．]?\s*(.*)$/,
    value: (m) => chineseNumeral(m[1]!),
  },
  {
    style: "arabic-paren",
    pattern: /^[（(]\s*(\d{1,3})\s*[）)]\s*[、.．]?\s*(.*)$/,
    value: (m) => Number(m[1]),
  },
  // `1)` / `1）` without an opening parenthesis reads as the same style as (1).
  { style: "arabic-paren", pattern: /^(\d{1,3})\s*[）)]\s*(.*)$/, value: (m) => Number(m[1]) },
  {
    style: "circled",
    pattern: new RegExp(`^([${CIRCLED}])\\s*(.*)$`),
    value: (m) => CIRCLED.indexOf(m[1]!) + 1,
  },
  {
    style: "cn-shi",
    pattern: /^([一二三四五六七八九十]{1,3})是\s*(.*)$/,
    value: (m) => chineseNumeral(m[1]!),
  },
];

/** Full-width digits (１．) read as ASCII ones; same length, so offsets still fit the printed text. */
function asciiDigits(text: string): string {
  return text.replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0));
}

export function readMarker(printedParagraph: string): Marker | undefined {
  const paragraph = asciiDigits(printedParagraph);
  for (const { style, pattern, value } of PATTERNS) {
    const match = pattern.exec(paragraph);
    if (!match) continue;
    const number = value(match);
    const rest = printedParagraph.slice(paragraph.length - match[2]!.length).trim();
    if (number === undefined || number < 1 || !rest) continue;
    const printed = printedParagraph.slice(0, paragraph.length - match[2]!.length).trim();
    return { style, printed, value: number, rest };
  }
  return undefined;
}

const SECTION_PATTERNS: { style: SectionHeading["style"]; pattern: RegExp }[] = [
  { style: "cn", pattern: /^([一二三四五六七八九十]{1,3})\s*[、.．]\s*(.+)$/ },
  { style: "part", pattern: /^第([一二三四五六七八九十\d]{1,3})(?:部分|章|篇)\s*[、:：.．]?\s*(.+)$/ },
];

/** Headings longer than this are prose that happens to start with 一、. */
const MAX_HEADING_TITLE = 60;

export function readSectionHeading(paragraph: string): SectionHeading | undefined {
  for (const { style, pattern } of SECTION_PATTERNS) {
    // Full-width digits (第２部分) read as ASCII; same length, so the title is cut from the printed text.
    const match = pattern.exec(asciiDigits(paragraph));
    if (!match) continue;
    const value = /^\d+$/.test(match[1]!) ? Number(match[1]) : chineseNumeral(match[1]!);
    if (value === undefined) continue;
    const body = paragraph.slice(paragraph.length - match[2]!.length).trim();
    const stop = body.search(/[。！？]/);
    const title = (stop >= 0 ? body.slice(0, stop) : body).trim();
    if (!title || title.length > MAX_HEADING_TITLE) continue;
    return { style, value, title, rest: stop >= 0 ? body.slice(stop + 1).trim() : "" };
  }
  return undefined;
}
