import { FIELDS, type IndexedItem, type ItemIndex } from "../index/item-index.js";
import type { Concept, ParsedQuestion } from "../query/understand.js";
import { type Figure, itemFigures } from "../zh/numerals.js";
import { itemSentences, narrow, type Span, wordBoundsAt } from "./sentences.js";
import type { RankingSettings } from "./settings.js";

/** Measure words a count in the asked one may be printed in (几位 → 位/名/人). */
const MEASURE_FAMILIES: Record<string, string[]> = {
  位: ["位", "名", "人"],
  名: ["名", "位", "人"],
  人: ["人", "名", "位", "人次"],
  人次: ["人次", "人"],
  块: ["块", "枚", "面"],
  枚: ["枚", "块", "面"],
  个: ["个", "家", "所", "项", "间", "支", "处", "名"],
  所: ["所", "个"],
  家: ["家", "个", "所"],
  场: ["场", "次", "期", "届"],
  次: ["次", "场", "人次", "轮"],
  项: ["项", "个"],
  届: ["届", "期"],
  元: ["元", "万元", "亿元"],
  万元: ["元", "万元", "亿元"],
  亿元: ["元", "万元", "亿元"],
};

/** A name as reports print one: in title marks or quotation marks (《作业管理十条》, “鹭岛心语”). */
const QUOTED_NAME = /《[^》]{2,}》|“[^”]{2,}”|"[^"]{2,}"|「[^」]{2,}」/;

/** Credit of a quoted name for the kind of thing whose name is asked (a synonym's). */
const NAMED_CREDIT = 0.8;

/** Whether a figure is printed in the asked measure word's family (any unit when none was asked). */
export function unitFits(figure: Figure, measure: string | undefined): boolean {
  if (!measure) return figure.unit !== "";
  return (MEASURE_FAMILIES[measure] ?? [measure]).some((unit) => figure.unit.endsWith(unit));
}

export interface Scored {
  doc: IndexedItem;
  /** Words (BM25F) plus character pairs, plus the best sentence's evidence for finalists. */
  score: number;
  /** Share (0–1, by informativeness) of the question's content words the item holds. */
  coverage: number;
  /** Share (0–1, by informativeness) of the question's character pairs the item holds. */
  pairCoverage: number;
  /** Per concept: the item holds it (the word, a synonym, a homophone, or enough of its parts). */
  matched: boolean[];
  sentence: Span;
  /** The best sentence holds a figure (in the asked unit, when one was asked). */
  sentenceHasFigure: boolean;
  /** How sure we are that this item answers (0–1). */
  confidence: number;
}

/** Ranks the items of one group of reports for one question, and measures how well each answers. */
export class Ranker {
  private readonly idfCache = new Map<string, number>();
  /** Per concept: its weight in coverage and sentence choice (idf; a word no report holds weighs little). */
  readonly conceptWeights: number[];
  private readonly pairWeights: number[];
  private readonly alternativeIdf: number[][];
  private readonly alternativeIds: number[][];
  private readonly credits: number[][];
  private readonly pairTotal: number;
  private readonly meanWeight: number;

  constructor(
    private readonly index: ItemIndex,
    private readonly question: ParsedQuestion,
    private readonly settings: RankingSettings,
  ) {
    const known = question.concepts.map((concept) => this.knownIdf(concept));
    const knownValues = known.filter((value): value is number => value !== undefined);
    const typical = knownValues.length ? knownValues.reduce((a, b) => a + b, 0) / knownValues.length : 1;
    // A word no report holds weighs little (filler the forms missed), unless it says which kind of the
    // thing is asked (外籍 of 外籍教师): then the reports speak of another kind, and it weighs in full.
    this.conceptWeights = known.map(
      (value, index) =>
        value ?? (question.concepts[index]!.modifier ? 1 : settings.unknownWordShare) * typical,
    );
    this.meanWeight = this.conceptWeights.length
      ? this.conceptWeights.reduce((a, b) => a + b, 0) / this.conceptWeights.length
      : 1;
    this.pairWeights = question.bigrams.map((pair) => this.idf(index.bigramDocumentFrequency(pair)));
    // Per concept and alternative, computed once per question: its idf and its credit towards the concept.
    this.alternativeIdf = question.concepts.map((concept) =>
      concept.alternatives.map((alt) => this.termIdf(alt.term)),
    );
    this.alternativeIds = question.concepts.map((concept) =>
      concept.alternatives.map((alt) => index.termId(alt.term)),
    );
    this.credits = question.concepts.map((concept, index) =>
      concept.alternatives.map((alt) =>
        alt.kind === "part" ? this.partCredit(index, alt.term) : alt.weight,
      ),
    );
    this.pairTotal = this.pairWeights.reduce((a, b) => a + b, 0);
  }

  private idf(documentFrequency: number): number {
    const total = Math.max(this.index.size, 1);
    return Math.log(1 + (total - documentFrequency + 0.5) / (documentFrequency + 0.5));
  }

  private termIdf(term: string): number {
    let value = this.idfCache.get(term);
    if (value === undefined) {
      value = this.idf(this.index.termDocumentFrequency(term));
      this.idfCache.set(term, value);
    }
    return value;
  }

  /**
   * How informative a concept is, when some report holds it: its word's idf, else that of the synonym or
   * sound-alike reports use, else of its rarest part. Undefined for a word no report holds in any form.
   */
  private knownIdf(concept: Concept): number | undefined {
    const df = (term: string) => this.index.termDocumentFrequency(term);
    if (df(concept.word) > 0) return this.termIdf(concept.word);
    const whole = concept.alternatives.filter((alt) => alt.kind !== "part" && df(alt.term) > 0);
    if (whole.length > 0) return Math.min(...whole.map((alt) => this.termIdf(alt.term)));
    const parts = concept.alternatives.filter((alt) => alt.kind === "part" && df(alt.term) > 0);
    if (parts.length > 0) return Math.max(...parts.map((alt) => this.termIdf(alt.term)));
    return undefined;
  }

  private fieldScore(doc: IndexedItem, termId: number): number {
    const slot = doc.slotOf(termId);
    if (slot < 0) return 0;
    const { k1, b, fields } = this.settings;
    let score = 0;
    for (let position = 0; position < FIELDS.length; position++) {
      const field = FIELDS[position]!;
      const tf = doc.counts[slot * 3 + position]!;
      if (!tf) continue;
      const average = this.index.averageLength(field) || 1;
      const norm = tf + k1 * (1 - b + (b * doc.lengths[field]) / average);
      score += fields[field] * ((tf * (k1 + 1)) / norm);
    }
    return score;
  }

  /**
   * How much of concept `index` a sentence holds (0–1): its best alternative present — a part only as far
   * as it is as telling as the whole (教师 says little of 新教师, 满意 much of 满意率), and an alternative seen
   * only inside a longer word of the sentence for `insideWordShare` of it — else its pairs.
   */
  private presence(doc: IndexedItem, span: Span, text: string, index: number): number {
    const concept = this.question.concepts[index]!;
    const credits = this.credits[index]!;
    let best = 0;
    for (let k = 0; k < concept.alternatives.length; k++) {
      const credit = credits[k]!;
      if (credit <= best) continue;
      const term = concept.alternatives[k]!.term;
      const at = text.indexOf(term);
      if (at < 0) continue;
      const inside = credit * this.settings.insideWordShare;
      best = Math.max(best, this.wholeWordIn(doc, span.start + at, span.end, term) ? credit : inside);
    }
    if (best > 0) return best;
    if (concept.named && QUOTED_NAME.test(text)) return NAMED_CREDIT;
    return this.pairPresence(text, concept.word);
  }

  /** Whether `term`, first seen at `from`, occurs before `end` as whole words of jieba's cut of the item. */
  private wholeWordIn(doc: IndexedItem, from: number, end: number, term: string): boolean {
    for (let at = from; at >= 0 && at + term.length <= end; at = doc.folded.indexOf(term, at + 1)) {
      const block = wordBoundsAt(doc, at);
      // A term running past its block (it holds a character jieba splits at) is not one word: no credit.
      if (at + term.length > block.end) continue;
      if (block.bounds.has(at - block.start) && block.bounds.has(at + term.length - block.start)) return true;
    }
    return false;
  }

  /** Half credit for the share of a word's character pairs a text holds (a typo, another cut). */
  private pairPresence(text: string, word: string): number {
    if (word.length < 2) return 0;
    let pairs = 0;
    for (let i = 0; i + 1 < word.length; i++) if (text.includes(word.slice(i, i + 2))) pairs++;
    return (0.5 * pairs) / (word.length - 1);
  }

  private partCredit(index: number, part: string): number {
    const whole = this.conceptWeights[index]! || 1;
    return this.settings.partShare * Math.min(1, this.termIdf(part) / whole);
  }

  private pairScore(text: string): number {
    let score = 0;
    const pairs = this.question.bigrams;
    for (let i = 0; i < pairs.length; i++) if (text.includes(pairs[i]!)) score += this.pairWeights[i]!;
    return score;
  }

  private sentenceEvidence(doc: IndexedItem, span: Span): { score: number; hasFigure: boolean } {
    const text = doc.folded.slice(span.start, span.end);
    let score = 0;
    for (let i = 0; i < this.question.concepts.length; i++)
      score += this.conceptWeights[i]! * this.presence(doc, span, text, i);
    score += this.settings.bigramWeight * this.pairScore(text);
    let hasFigure = false;
    if (this.question.intent === "number") {
      // Counted in place: this runs for every sentence of every finalist.
      let figures = 0;
      for (const figure of itemFigures(doc)) {
        if (figure.start < span.start || figure.end > span.end) continue;
        figures++;
        if (!hasFigure && unitFits(figure, this.question.measure)) hasFigure = true;
      }
      if (hasFigure) score += this.settings.figureBonus * this.meanWeight;
      else if (figures > 0) score += 0.3 * this.settings.figureBonus * this.meanWeight;
    } else if (
      (this.question.intent === "list" && text.includes("、")) ||
      (this.question.asksName && QUOTED_NAME.test(text))
    ) {
      score += this.settings.shapeBonus * this.meanWeight;
    }
    score += this.settings.labelBonus * this.meanWeight * this.labelFit(text);
    return { score, hasFigure };
  }

  /**
   * A line labelled with what was asked (a table row 小学：学校数41所…, a heading 防溺水：…) is about it
   * exactly; a row labelled 合计 answers a question for the whole (一共, 总数, 全区). 1 when it fits, else 0.
   */
  private labelFit(text: string): number {
    const colon = text.search(/[：:]/);
    if (colon < 1 || colon > 12) return 0;
    const label = /^([^：:，,。]{1,12})[：:]/.exec(text)?.[1];
    if (!label) return 0;
    if (this.question.asksTotal) {
      // A total row answers a question for the whole; a row of one part only half does.
      if (/^(合计|总计|全区|全县|全市|总数|小计)$/.test(label)) return 1;
      return this.labelNamesAsked(label) ? 0.5 : 0;
    }
    return this.labelNamesAsked(label) ? 1 : 0;
  }

  private labelNamesAsked(label: string): boolean {
    // The label as the question writes it (九年一贯制学校 in 九年一贯制学校几所), or as one of its words in
    // any form, with at most a short head noun after it (中等职业 + 学校).
    if (label.length >= 2 && this.question.normalized.includes(label)) return true;
    return this.question.concepts.some((concept) =>
      concept.alternatives.some(
        (alt) => alt.kind !== "part" && label.startsWith(alt.term) && label.length - alt.term.length <= 2,
      ),
    );
  }

  private bestSentence(doc: IndexedItem): { span: Span; score: number; hasFigure: boolean } {
    let best = { span: { start: 0, end: Math.min(doc.folded.length, 100) }, score: -1, hasFigure: false };
    for (const sentence of itemSentences(doc)) {
      const evidence = this.sentenceEvidence(doc, sentence);
      if (evidence.score > best.score) best = { span: sentence, ...evidence };
    }
    return best;
  }

  /** The excerpt to quote: the best sentence, cut to its answering clauses when long. */
  excerpt(scored: Scored): Span {
    const { doc, sentence } = scored;
    const titleLength = doc.folded.length - doc.item.text.length;
    if (sentence.start === 0 && sentence.end <= titleLength && doc.item.text) {
      // The item's title alone names the topic but says nothing of it: quote the sentence after it too.
      const next = itemSentences(doc).find((span) => span.start >= sentence.end);
      if (next && next.end <= 160) return { start: 0, end: next.end };
    }
    return narrow(doc.fullText, sentence, (clause) => this.sentenceEvidence(doc, clause).score);
  }

  /**
   * One pass over the question's concepts for an item: BM25F (each concept counts once, through its best
   * alternative; present but cut differently by jieba — 学习点 inside 标准化学习点 — half a match) and how much
   * of each concept the item holds, for coverage.
   */
  private measure(doc: IndexedItem): Scored {
    const matched: boolean[] = [];
    let covered = 0;
    let total = 0;
    let words = 0;
    const concepts = this.question.concepts;
    for (let index = 0; index < concepts.length; index++) {
      const alternatives = concepts[index]!.alternatives;
      const credits = this.credits[index]!;
      const idfs = this.alternativeIdf[index]!;
      const ids = this.alternativeIds[index]!;
      let bestScore = 0;
      let presence = 0;
      for (let k = 0; k < alternatives.length; k++) {
        const { term, weight } = alternatives[k]!;
        const fieldScore = this.fieldScore(doc, ids[k]!);
        if (fieldScore === 0 && !doc.folded.includes(term)) continue;
        const value = weight * idfs[k]! * (fieldScore > 0 ? fieldScore : 0.5);
        if (value > bestScore) bestScore = value;
        if (credits[k]! > presence) presence = credits[k]!;
      }
      if (presence === 0 && concepts[index]!.named && QUOTED_NAME.test(doc.folded)) presence = NAMED_CREDIT;
      if (presence === 0) presence = this.pairPresence(doc.folded, concepts[index]!.word);
      words += bestScore;
      matched.push(presence >= 0.6);
      covered += presence * this.conceptWeights[index]!;
      total += this.conceptWeights[index]!;
    }
    const pairs = this.pairScore(doc.folded);
    // What was done is in a report's summary; what is intended, in its plan: the other part says less of it.
    const inPlan = doc.section.part === "plan";
    const otherPart = doc.section.part !== undefined && inPlan !== this.question.asksPlan;
    const part = otherPart ? this.settings.otherPartFactor : 1;
    return {
      doc,
      score: part * (words + this.settings.bigramWeight * pairs),
      coverage: total > 0 ? covered / total : 0,
      pairCoverage: this.pairTotal > 0 ? pairs / this.pairTotal : 0,
      matched,
      sentence: { start: 0, end: 0 },
      sentenceHasFigure: false,
      confidence: 0,
    };
  }

  private confidenceOf(scored: Scored): number {
    const { wordShare, noFigureFactor } = this.settings;
    const hasWords = this.question.concepts.length > 0;
    const hasPairs = this.pairTotal > 0;
    let value =
      hasWords && hasPairs
        ? wordShare * scored.coverage + (1 - wordShare) * scored.pairCoverage
        : hasWords
          ? scored.coverage
          : scored.pairCoverage;
    if (this.question.intent === "number" && !scored.sentenceHasFigure) value *= noFigureFactor;
    // The word saying which kind is asked is missing (外籍 of 外籍教师): the item is about another kind.
    const concepts = this.question.concepts;
    if (concepts.some((concept, index) => concept.modifier && !scored.matched[index]))
      value *= this.settings.missingKindFactor;
    return Math.round(value * 1000) / 1000;
  }

  /**
   * Ranks candidates: every one by its words and pairs, then the best of them again with the evidence
   * of their best sentence. The result is in score order; each result carries its confidence.
   */
  rank(docs: Iterable<IndexedItem>): Scored[] {
    const seen = new Set<number>();
    const first: Scored[] = [];
    for (const doc of docs) {
      if (seen.has(doc.docId)) continue;
      seen.add(doc.docId);
      first.push(this.measure(doc));
    }
    first.sort((a, b) => b.score - a.score || a.doc.docId - b.doc.docId);
    const finalists = first.slice(0, this.settings.finalists).map((scored) => {
      const sentence = this.bestSentence(scored.doc);
      const withSentence: Scored = {
        ...scored,
        score: scored.score + this.settings.sentenceWeight * Math.max(sentence.score, 0),
        sentence: sentence.span,
        sentenceHasFigure: sentence.hasFigure,
      };
      withSentence.confidence = this.confidenceOf(withSentence);
      return withSentence;
    });
    const rest = first.slice(this.settings.finalists).map((scored) => ({
      ...scored,
      confidence: this.confidenceOf(scored),
    }));
    finalists.sort((a, b) => b.score - a.score || a.doc.docId - b.doc.docId);
    return [...finalists, ...rest];
  }
}
