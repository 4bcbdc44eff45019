import type { Intent } from "../domain/answer.js";
import { normalizeQuestion } from "../zh/normalize.js";
import { jieba, termsOfFolded } from "../zh/segment.js";
import {
  askedMeasure,
  asksForList,
  asksForName,
  asksForNumber,
  asksForPlan,
  asksForTotal,
  comparesReports,
  isFormWord,
  unglue,
} from "./forms.js";
import { PlaceFinder, type PlaceMention } from "./places.js";
import { englishToChinese, isMeaningfulSingle, synonymsOf } from "./synonyms.js";
import { readYears, type YearMention } from "./years.js";

/** One thing the question asks about, with the words that may stand for it in a report. */
export interface Concept {
  word: string;
  /** jieba tags it a verb (组建, 参加): it says what was done, less what the question is about. */
  verb?: boolean;
  /** A word a typo may have changed into a sound-alike (a content word, not a numeral or a name). */
  correctable?: boolean;
  /**
   * A noun right before another noun of the question (外籍 of 外籍教师, 国际 of 国际学校): it says which kind
   * of the thing is asked, so a report that lacks it speaks of another kind.
   */
  modifier?: boolean;
  /**
   * The kind of thing whose name is asked (the 文件 of 作业管理文件叫什么): a name in quotation or title marks
   * stands for it, whether or not the report repeats the word.
   */
  named?: boolean;
  /** The word itself (weight 1), its synonyms and its parts (jieba search mode), lower. */
  alternatives: { term: string; weight: number; kind: "word" | "synonym" | "part" | "homophone" }[];
}

export interface ParsedQuestion {
  /** The question in matching form (folded, simplified). */
  normalized: string;
  /** Districts the question names, in reading order. */
  places: PlaceMention[];
  /** Every year written; `inContent` ones speak of the content, the others choose reports. */
  years: YearMention[];
  /** The years of the reports asked about (years not inside the content), in order. */
  reportYears: number[];
  intent: Intent;
  /** The measure word the asked count should carry (几所 → 所), when the question gives one. */
  measure?: string;
  /** The question asks for a whole (一共, 总数, 全区…合计): a total row answers it. */
  asksTotal: boolean;
  /** The question asks about intentions (计划, 打算): a plan for the year asked may answer it. */
  asksPlan: boolean;
  /** The question asks what something is called: the answer is a quoted name. */
  asksName: boolean;
  /** The question compares reports (分别, 哪一年更多, vs, 两年): one answer per report. */
  compares: boolean;
  concepts: Concept[];
  /** Character pairs of the content: a second channel for typos, glued words and odd segmentations. */
  bigrams: string[];
}

/** Weights of a concept's alternatives relative to the word itself (a synonym is nearly as good). */
export const ALTERNATIVE_WEIGHT = { word: 1, synonym: 0.8, part: 0.6, homophone: 0.9 } as const;

/** jieba's tags of nouns and noun-like words (名词, 其他专名, 区别词, 简称). */
const NOUN_TAG = /^(n|nz|b|j|ng)$/;

/** Concepts by word: their parts and synonyms depend on the word alone (jieba's cut is the costly part). */
const conceptMemo = new Map<string, Concept>();
const CONCEPT_MEMO_SIZE = 5000;

function conceptFor(word: string): Concept {
  let concept = conceptMemo.get(word);
  if (!concept) {
    concept = buildConcept(word);
    if (conceptMemo.size >= CONCEPT_MEMO_SIZE) conceptMemo.delete(conceptMemo.keys().next().value!);
    conceptMemo.set(word, concept);
  }
  return concept;
}

function buildConcept(word: string): Concept {
  const alternatives = new Map<string, Concept["alternatives"][number]>();
  alternatives.set(word, { term: word, weight: ALTERNATIVE_WEIGHT.word, kind: "word" });
  for (const synonym of synonymsOf(word)) {
    if (!alternatives.has(synonym))
      alternatives.set(synonym, { term: synonym, weight: ALTERNATIVE_WEIGHT.synonym, kind: "synonym" });
  }
  // Parts of a long word (录取率 → 录取) match with less weight than the whole.
  if (word.length >= 3) {
    for (const part of termsOfFolded(word)) {
      if (part !== word && part.length >= 2 && !alternatives.has(part))
        alternatives.set(part, { term: part, weight: ALTERNATIVE_WEIGHT.part, kind: "part" });
    }
  }
  return { word, alternatives: [...alternatives.values()] };
}

function isContentWord(word: string): boolean {
  if (/^\d+(\.\d+)?$/.test(word)) return word.length >= 3;
  if (/^[a-z][a-z0-9+]*$/.test(word)) return word.length >= 2;
  if (!/^[\u3400-\u9fff]/.test(word)) return false;
  return word.length >= 2 || isMeaningfulSingle(word);
}

function bigramsOf(runs: readonly string[]): string[] {
  const pairs = new Set<string>();
  for (const run of runs) {
    for (const part of run.split(/[^\u3400-\u9fff]+/)) {
      for (let i = 0; i + 1 < part.length; i++) pairs.add(part.slice(i, i + 2));
    }
  }
  return [...pairs];
}

function blank(text: string, start: number, end: number): string {
  return `${text.slice(0, start)}${" ".repeat(end - start)}${text.slice(end)}`;
}

function readIntent(text: string): Intent {
  if (asksForList(text)) return "list";
  if (asksForNumber(text)) return "number";
  if (/什么|啥|谁|哪|叫|名字|是几/.test(text)) return "fact";
  return "topic";
}

/**
 * Reads a question: where (districts), when (report years), what kind of answer, and about what — the
 * content words, with how the question is asked (greetings, question words, glued measure words,
 * particles) taken away by their form.
 */
export function understand(question: string, places: PlaceFinder = new PlaceFinder([])): ParsedQuestion {
  const normalized = englishToChinese(normalizeQuestion(question));
  const placeMentions = places.find(normalized);
  let rest = normalized;
  for (const mention of placeMentions) rest = blank(rest, mention.start, mention.end);
  const years = readYears(rest);
  for (const year of years) {
    // A report year says which report; a year of the content stays as a word to match (计划2023年).
    if (!year.inContent) rest = blank(rest, year.start, year.end);
  }

  const tagged = jieba().tag(rest, true);
  const concepts: Concept[] = [];
  const runs: string[] = [];
  let run = "";
  const seen = new Set<string>();
  let lastInRun: { concept: Concept; tag: string } | undefined;
  for (const { word: raw, tag } of tagged) {
    let word = raw.trim();
    if (!word || isFormWord(word, tag)) {
      if (run) runs.push(run);
      run = "";
      continue;
    }
    const unglued = unglue(word, tag);
    if (unglued !== word) {
      if (!unglued || isFormWord(unglued)) {
        if (run) runs.push(run);
        run = "";
        continue;
      }
      word = unglued;
    }
    const previous = run ? lastInRun : undefined;
    run += word;
    if (!isContentWord(word) || seen.has(word)) continue;
    seen.add(word);
    if (previous && NOUN_TAG.test(previous.tag) && NOUN_TAG.test(tag)) previous.concept.modifier = true;
    concepts.push({
      ...conceptFor(word),
      verb: tag.startsWith("v") && tag !== "vn",
      correctable: /^[\u3400-\u9fff]{2,}$/.test(word) && !/^(m|q|nr|ns)/.test(tag),
    });
    lastInRun = { concept: concepts.at(-1)!, tag };
  }
  if (run) runs.push(run);

  const intent = readIntent(normalized);
  const measure = askedMeasure(normalized);
  const asksName = asksForName(normalized);
  if (asksName) {
    // The last content word before the name is asked (X的文件叫什么) is the kind of thing named.
    const asked = normalized.search(/叫|(?:什么|啥)名|名(?:字|称)|称为/);
    const before = concepts.filter((concept) => {
      const at = normalized.lastIndexOf(concept.word, asked);
      return at >= 0 && at + concept.word.length <= asked;
    });
    const kind = before.at(-1);
    if (kind) concepts[concepts.indexOf(kind)] = { ...kind, named: true };
  }
  return {
    normalized,
    places: placeMentions,
    years,
    reportYears: [...new Set(years.filter((year) => !year.inContent).map((year) => year.year))],
    intent,
    ...(measure ? { measure } : {}),
    asksName,
    asksPlan: asksForPlan(normalized),
    compares: comparesReports(normalized),
    asksTotal: asksForTotal(normalized),
    concepts,
    bigrams: bigramsOf(runs),
  };
}
