import { FIELDS, type Field, type IndexedItem, type ItemIndex } from "../index/item-index.js";
import type { Concept, ParsedQuestion } from "../query/understand.js";
import { figuresIn } from "./numbers.js";
import { narrow, type Span, sentences } from "./sentences.js";

/** How much a match in each field counts: an item's title names its subject. */
const FIELD_WEIGHT: Record<Field, number> = { title: 2, text: 1, section: 0.6 };
const K1 = 1.2;
const B = 0.75;
/** Character pairs rescue typos and odd segmentations but must not outvote whole words. */
const BIGRAM_WEIGHT = 0.3;
/** The answering sentence's own evidence, on top of the item's. */
const SENTENCE_WEIGHT = 0.6;

export interface Scored {
  doc: IndexedItem;
  score: number;
  /** Share (0–1, by informativeness) of the question's concepts the item covers. */
  coverage: number;
  sentence: Span;
  sentenceHasFigure: boolean;
}

export class Ranker {
  private readonly idfCache = new Map<string, number>();
  private readonly conceptWeights: number[];

  constructor(
    private readonly index: ItemIndex,
    private readonly question: ParsedQuestion,
  ) {
    this.conceptWeights = question.concepts.map((concept) => this.conceptIdf(concept));
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

  /** How informative a concept is: its word's idf, or that of its best-known part or synonym. */
  private conceptIdf(concept: Concept): number {
    return this.termIdf(concept.word);
  }

  private fieldScore(doc: IndexedItem, term: string): number {
    let score = 0;
    for (const field of FIELDS) {
      const tf = doc.fields[field].get(term);
      if (!tf) continue;
      const average = this.index.averageLength(field) || 1;
      const norm = tf + K1 * (1 - B + (B * doc.lengths[field]) / average);
      score += FIELD_WEIGHT[field] * ((tf * (K1 + 1)) / norm);
    }
    return score;
  }

  /** BM25F over the question's concepts; a concept counts once, through its best alternative. */
  private wordScore(doc: IndexedItem): { score: number; covered: number } {
    let score = 0;
    let covered = 0;
    this.question.concepts.forEach((concept, index) => {
      let best = 0;
      let matched = 0;
      for (const { term, weight } of concept.alternatives) {
        const fieldScore = this.fieldScore(doc, term);
        if (fieldScore > 0) {
          best = Math.max(best, weight * this.termIdf(term) * fieldScore);
          matched = Math.max(matched, weight);
        } else if (doc.folded.includes(term)) {
          // Present in the text but cut differently by jieba (学习点 inside 标准化学习点).
          best = Math.max(best, 0.7 * weight * this.termIdf(term));
          matched = Math.max(matched, 0.9 * weight);
        }
      }
      if (matched === 0) matched = this.bigramShare(doc.folded, concept.word) * 0.7;
      score += best;
      covered += matched * this.conceptWeights[index]!;
    });
    return { score, covered };
  }

  private bigramShare(folded: string, word: string): number {
    if (word.length < 3) return 0;
    let found = 0;
    for (let i = 0; i + 1 < word.length; i++) if (folded.includes(word.slice(i, i + 2))) found++;
    return found / (word.length - 1);
  }

  private bigramScore(text: string): number {
    let score = 0;
    for (const pair of this.question.bigrams) {
      if (text.includes(pair)) score += this.idf(this.index.bigramDocumentFrequency(pair));
    }
    return score;
  }

  /** Evidence in one span of the folded text: concepts present, pairs present, a fitting figure. */
  private spanScore(doc: IndexedItem, span: Span): { score: number; hasFigure: boolean } {
    const text = doc.folded.slice(span.start, span.end);
    let score = 0;
    const positions: number[] = [];
    this.question.concepts.forEach((concept, index) => {
      let best = 0;
      for (const { term, weight } of concept.alternatives) {
        const at = text.indexOf(term);
        if (at >= 0) {
          best = Math.max(best, weight);
          positions.push(at);
        }
      }
      score += best * this.conceptWeights[index]!;
    });
    score += BIGRAM_WEIGHT * this.bigramScore(text);
    let hasFigure = false;
    if (this.question.intent === "number") {
      const figures = figuresIn(text);
      hasFigure = figures.length > 0;
      const unitFits = figures.filter(
        (figure) => this.question.units.length === 0 || this.question.units.includes(figure.unit),
      );
      const near = unitFits.some((figure) =>
        positions.some((at) => Math.abs(at - figure.start) <= 20 || Math.abs(at - figure.end) <= 20),
      );
      const typical = this.meanConceptWeight();
      if (unitFits.length > 0) score += typical * (near ? 1.2 : 0.5);
      else if (hasFigure) score += typical * 0.2;
    }
    return { score, hasFigure };
  }

  private meanConceptWeight(): number {
    if (this.conceptWeights.length === 0) return 1;
    return this.conceptWeights.reduce((sum, weight) => sum + weight, 0) / this.conceptWeights.length;
  }

  /** The sentence (narrowed to its best clauses when long) that best answers, and its score. */
  bestSentence(doc: IndexedItem): { span: Span; score: number; hasFigure: boolean } {
    let best = { span: { start: 0, end: Math.min(doc.fullText.length, 100) }, score: -1, hasFigure: false };
    for (const sentence of sentences(doc.fullText)) {
      const { score, hasFigure } = this.spanScore(doc, sentence);
      if (score > best.score) best = { span: sentence, score, hasFigure };
    }
    const span = narrow(doc.fullText, best.span, (clause) => this.spanScore(doc, clause).score);
    return { ...best, span };
  }

  score(doc: IndexedItem): Scored {
    const words = this.wordScore(doc);
    const totalWeight = this.conceptWeights.reduce((sum, weight) => sum + weight, 0);
    const sentence = this.bestSentence(doc);
    const score =
      words.score +
      BIGRAM_WEIGHT * this.bigramScore(doc.folded) +
      SENTENCE_WEIGHT * Math.max(sentence.score, 0);
    return {
      doc,
      score,
      coverage: totalWeight > 0 ? words.covered / totalWeight : 0,
      sentence: sentence.span,
      sentenceHasFigure: sentence.hasFigure,
    };
  }

  rank(docs: Iterable<IndexedItem>): Scored[] {
    const seen = new Set<number>();
    const scored: Scored[] = [];
    for (const doc of docs) {
      if (seen.has(doc.docId)) continue;
      seen.add(doc.docId);
      scored.push(this.score(doc));
    }
    return scored.sort((a, b) => b.score - a.score || a.doc.docId - b.doc.docId);
  }
}
