/**
 * Years in a question, in every form people type them (2019, 2019年, 2019年度, 二〇一九年, 二零一九年,
 * 一九年, 19年), each marked as the year of the report asked about or as a year inside the content
 * (计划2023年秋季建成, 比2018年增长, 2020年底, 2017-2020年): only the first kind chooses reports.
 */

export interface YearMention {
  year: number;
  start: number;
  end: number;
  /** A year the content speaks of, not the report's year. */
  inContent: boolean;
  /**
   * Either: a year followed by what is done in it (2020年竣工的, 2022年投用后) is the report's year when a
   * report of it exists, else the year an earlier report plans something for.
   */
  mayBeContent?: boolean;
}

/** What is done in a year: in that year's report, or planned for it in an earlier one. */
const DONE_IN = /^\s*年?(完工|竣工|投用|投入使用|建成|开工|启用|招生)/;

const CHINESE_DIGIT = "〇零○一二三四五六七八九";

function digitOf(char: string): number {
  const index = CHINESE_DIGIT.indexOf(char);
  return index <= 2 ? 0 : index - 2;
}

function chineseDigits(text: string): number {
  return Number([...text].map(digitOf).join(""));
}

/** Two-digit years are this century's up to this value (40 → 2040), else the last one's. */
const TWO_DIGIT_PIVOT = 40;

function fullYear(twoDigits: number): number {
  return twoDigits <= TWO_DIGIT_PIVOT ? 2000 + twoDigits : 1900 + twoDigits;
}

/** Words before a year that make it a year of the content: 计划2023年, 比2018年, 到2025年, 截至2020年. */
const CONTENT_BEFORE =
  /(计划|预计|拟|力争|争取|比|较|同比|相比|对比|到|至|截至|截止|截止到|(?<!关)于|自|从|由|早在|始于)\s*$/;
/** Words after a year that make it a year of the content: 2020年底, 2023年秋季, 2024年8月, 2017-2020年. */
const CONTENT_AFTER =
  /^\s*(年?底|年?初|年?末|年?前|年?以前|年?之前|年?以来|年?起|年?秋季?|年?春季?|年?夏季?|年?冬季?|年?上半年|年?下半年|年?\d{1,2}月|年?[一二三四五六七八九十]{1,2}月|\s*[-—~～至到]\s*(?:19|20)?\d{2})/;

const FORMS: { pattern: RegExp; value: (match: RegExpExecArray) => number }[] = [
  // 2019, 2019年, 2019年度, 2019学年 — not part of a longer number (12345) or a decimal.
  { pattern: /(?<![\d.])((?:19|20)\d{2})(?![\d.%])(?:年度|学年|年)?/g, value: (m) => Number(m[1]) },
  // 二〇一九年, 二零二一年
  {
    pattern: /([〇零○一二三四五六七八九]{4})年(?:度)?/g,
    value: (m) => chineseDigits(m[1]!),
  },
  // 一九年, 二二年 (two written digits), not 十九年 or 一年.
  {
    pattern: /(?<![〇零○一二三四五六七八九十百])([〇零○一二三四五六七八九]{2})年(?:度)?/g,
    value: (m) => fullYear(chineseDigits(m[1]!)),
  },
  // 19年, 22年度 — not durations (近20年, 20年来, 多年, 第20年).
  {
    pattern: /(?<![\d.近过去多几满第])(\d{2})年(?:度)?(?![来以间])/g,
    value: (m) => fullYear(Number(m[1])),
  },
];

/** Every year the text names, in reading order, without overlaps. */
export function readYears(text: string): YearMention[] {
  const found: YearMention[] = [];
  const taken: boolean[] = [];
  for (const { pattern, value } of FORMS) {
    pattern.lastIndex = 0;
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (taken.slice(start, end).some(Boolean)) continue;
      const year = value(match as RegExpExecArray);
      if (year < 1949 || year > 2100) continue;
      for (let i = start; i < end; i++) taken[i] = true;
      const before = text.slice(Math.max(0, start - 4), start);
      const after = text.slice(end - (match[0].endsWith("年") ? 1 : 0), end + 6);
      const inContent =
        CONTENT_BEFORE.test(before) || CONTENT_AFTER.test(after) || /[-—~～]\s*$/.test(before);
      const mention: YearMention = { year, start, end, inContent };
      if (!inContent && DONE_IN.test(after)) mention.mayBeContent = true;
      found.push(mention);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
