import type { Intent } from "../answer/types.js";
import { type District, type DistrictMention, gazetteer } from "../gazetteer/districts.js";
import { chineseYear } from "../parse/junk.js";
import { normalizeQuestion } from "../text/normalize.js";
import { jieba, termsOfFolded } from "../text/segment.js";
import { LIST_CUES, NUMBER_CUES, STOPWORDS } from "../text/stopwords.js";
import { isMeaningfulSingle, synonymsOf } from "./synonyms.js";

/** One thing the question asks about, with the words that may stand for it in a report. */
export interface Concept {
  word: string;
  /** jieba tags it a verb (组建, 参加): it says what was done, less what the question is about. */
  verb?: boolean;
  /** A word a typo may have changed into a sound-alike (not a numeral, measure word or pronoun: 一首). */
  correctable?: boolean;
  /** The word itself (weight 1), its parts (jieba search mode) and its synonyms, lower. */
  alternatives: { term: string; weight: number }[];
}

export interface ParsedQuestion {
  /** The question in matching form (folded, simplified). */
  normalized: string;
  /** Districts the question names; several readings of an ambiguous short name are all kept. */
  districts: District[][];
  years: number[];
  intent: Intent;
  /** Measure words the asked-for number should carry (位 → 位/名/人). */
  units: string[];
  concepts: Concept[];
  /** Character pairs of the content words: a second chance for typos and odd segmentations. */
  bigrams: string[];
}

const UNIT_FAMILIES: Record<string, string[]> = {
  位: ["位", "名", "人"],
  名: ["名", "位", "人"],
  人: ["人", "名", "位", "人次"],
  个: ["个", "家", "所", "项"],
  所: ["所", "个"],
  场: ["场", "次", "期", "届"],
  次: ["次", "场", "人次"],
  项: ["项", "个"],
  家: ["家", "个", "所"],
  届: ["届", "期"],
  元: ["元", "万元", "亿元"],
  钱: ["元", "万元", "亿元"],
  经费: ["元", "万元", "亿元"],
  资金: ["元", "万元", "亿元"],
  比例: ["%", "％", "成"],
  率: ["%", "％"],
  占比: ["%", "％"],
};

function readYears(text: string): { years: number[]; rest: string } {
  const years: number[] = [];
  let rest = text.replace(/((?:19|20)\d{2})\s*(?:年度?|学年)?(?!\d)/g, (_, year: string) => {
    years.push(Number(year));
    return " ";
  });
  rest = rest.replace(/([〇零○一二三四五六七八九]{4})年/g, (whole, written: string) => {
    const year = chineseYear(written);
    if (year === undefined) return whole;
    years.push(year);
    return " ";
  });
  // Two-digit years (17年, 20年) but not durations (近20年, 20年来, 多年).
  rest = rest.replace(
    /(^|[^\d近过去多几来满])(\d{2})年(?![来以间])/g,
    (whole, before: string, yy: string) => {
      const value = Number(yy);
      if (value > 40) return whole;
      years.push(2000 + value);
      return `${before} `;
    },
  );
  return { years: [...new Set(years)], rest };
}

function readIntent(text: string): Intent {
  if (
    NUMBER_CUES.some((cue) => text.includes(cue)) ||
    /[几多]\s*[个位名所场项次家人届元]/.test(text) ||
    // 满意率 / 入园率 / 覆盖率: a rate is a number.
    /[\u4e00-\u9fff]率/.test(text)
  ) {
    return "number";
  }
  if (LIST_CUES.some((cue) => text.includes(cue))) return "list";
  return "topic";
}

function readUnits(text: string): string[] {
  const units = new Set<string>();
  for (const match of text.matchAll(/(?:多少|几)\s*(个人|[个位名所场项次家人届元钱])/g)) {
    const unit = match[1] === "个人" ? "人" : match[1]!;
    for (const member of UNIT_FAMILIES[unit] ?? []) units.add(member);
  }
  for (const cue of ["钱", "经费", "资金", "比例", "率", "占比"]) {
    if (text.includes(cue) && readIntent(text) === "number") {
      for (const unit of UNIT_FAMILIES[cue] ?? []) units.add(unit);
    }
  }
  return [...units];
}

function conceptFor(word: string): Concept {
  const alternatives = new Map<string, number>([[word, 1]]);
  // Parts of a long word (录取率 → 录取) match with less weight than the whole.
  for (const part of termsOfFolded(word)) {
    if (part !== word && !alternatives.has(part)) alternatives.set(part, 0.6);
  }
  for (const synonym of synonymsOf(word)) {
    if (!alternatives.has(synonym)) alternatives.set(synonym, 0.8);
  }
  return { word, alternatives: [...alternatives].map(([term, weight]) => ({ term, weight })) };
}

function isContentWord(word: string): boolean {
  if (STOPWORDS.has(word)) return false;
  if (/^\d+(\.\d+)?$/.test(word)) return false;
  // A lone letter is a typo or markup (<b>), not a subject.
  if (/^[a-z][a-z0-9+]*$/.test(word)) return word.length >= 2;
  if (!/^[\u3400-\u9fff]/.test(word)) return false;
  return word.length >= 2 || isMeaningfulSingle(word);
}

function bigramsOf(words: readonly string[]): string[] {
  const pairs = new Set<string>();
  for (const run of words.join("").split(/[^\u3400-\u9fff]+/)) {
    for (let i = 0; i + 1 < run.length; i++) pairs.add(run.slice(i, i + 2));
  }
  return [...pairs];
}

/**
 * Where an everyday word (新建, 合作) still reads as a place: at the start, beside 区/县/a year, in a
 * list. A stock phrase of reports (新城, 城区) only where it is followed by its bureau.
 */
function placeNameFits(text: string, mention: DistrictMention): boolean {
  const before = text.slice(0, mention.start).trimEnd();
  const after = text.slice(mention.end);
  if (mention.reading === "stock") return /^(区|县)?(教育局|教育委员会|教委|人民政府)/.test(after);
  return (
    before.length === 0 ||
    /[跟和与及同、,，对比较]$|年$|\d$/.test(before) ||
    /^(区|县|市|旗|教育|的教育|\s*\d|[〇零一二三四五六七八九]{4}年|跟|和|与|、)/.test(after)
  );
}

/** Reads a question: where (districts), when (years), what kind of answer, and about what. */
export function understand(question: string): ParsedQuestion {
  const normalized = normalizeQuestion(question);
  const mentions = gazetteer()
    .mentions(normalized)
    .filter(
      (mention) =>
        mention.reading === "name" || mention.afterPrefecture || placeNameFits(normalized, mention),
    );
  const byStart = new Map<number, District[]>();
  let content = "";
  let cursor = 0;
  for (const mention of mentions) {
    const readings = byStart.get(mention.start) ?? [];
    readings.push(mention.district);
    byStart.set(mention.start, readings);
    if (mention.start >= cursor) {
      content += `${normalized.slice(cursor, mention.start)} `;
      cursor = mention.end;
    }
  }
  content += normalized.slice(cursor);
  const { years, rest } = readYears(content);

  const tagged = jieba()
    .tag(rest, true)
    // 评了 / 建了: the verb is what matters.
    .map(({ word, tag }) => ({ word: word.trim().replace(/^(.+?)[了过着]$/, "$1"), tag }))
    .filter(({ word }) => isContentWord(word));
  const words = tagged.map(({ word }) => word);
  const concepts: Concept[] = [];
  const seen = new Set<string>();
  for (const { word, tag } of tagged) {
    if (seen.has(word)) continue;
    seen.add(word);
    concepts.push({
      ...conceptFor(word),
      verb: tag.startsWith("v"),
      correctable: !/^[mqrpcudfteyow]/.test(tag),
    });
  }

  return {
    normalized,
    districts: [...byStart.values()],
    years,
    intent: readIntent(normalized),
    units: readUnits(normalized),
    concepts,
    bigrams: bigramsOf(words.filter((word) => word.length >= 2)),
  };
}
