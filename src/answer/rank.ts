import { FIELDS, type Field, type IndexedItem, type ItemIndex } from "../index/item-index.js";
import type { Concept, ParsedQuestion } from "../query/understand.js";
import { itemFigures } from "./numbers.js";
import { itemSentences, narrow, type Span } from "./sentences.js";

/** How much a match in each field counts: an item's title names its subject. */
const FIELD_WEIGHT: Record<Field, number> = { title: 2, text: 1, section: 0.6 };
const K1 = 1.2;
const B = 0.75;
/** Character pairs rescue typos and odd segmentations but must not outvote whole words. */
const BIGRAM_WEIGHT = 0.3;
/** The answering sentence's own evidence, on top of the item's. */
const SENTENCE_WEIGHT = 0.6;

/** What one item shows of one concept; turned into a match once the group of candidates is known. */
interface ConceptEvidence {
  /** Best credit from the word itself, a synonym or a homophone (0 when none is present). */
  whole: number;
  /** Best credit from a part of the word (录取 of 录取率), scaled by how telling the part is. */
  part: number;
  /** Every part of the word is present as a word of the item (校长 and 培训 for 校长培训). */
  allParts: boolean;
  /** A part as telling as the word itself is present (满意 for 满意度). */
  tellingPart: boolean;
}

export interface Scored {
  doc: IndexedItem;
  score: number;
  /** Share (0–1, by informativeness) of the question's concepts the item covers. */
  coverage: number;
  /** The question's most telling word that reports use is matched (itself, a synonym or a homophone). */
  keyMatched: boolean;
  /** Per concept: what the item shows of it. */
  evidence: ConceptEvidence[];
  /** Per concept: matched for real (the word, a synonym, a homophone, all its parts or a telling part). */
  strong: boolean[];
  sentence: Span;
  /** The answering sentence holds a figure and the question's most telling word (for "how many"). */
  sentenceHasFigure: boolean;
}

/** Alternatives weighted below this are parts of a question word (录取 of 录取率), not the word or a synonym. */
const PART_WEIGHT_LIMIT = 0.7;

/** How much less a verb counts when choosing the question's most telling word. */
const VERB_DISCOUNT = 0.6;

/** Longest title-plus-first-sentence excerpt; beyond it the title is quoted alone. */
const TITLE_WITH_SENTENCE = 160;

/** How many of the best candidates by their words get their sentences read too. */
const SENTENCE_FINALISTS = 24;

function byScore(a: Scored, b: Scored): number {
  return b.score - a.score || a.doc.docId - b.doc.docId;
}

export class Ranker {
  private readonly idfCache = new Map<string, number>();
  private readonly conceptWeights: number[];
  /** Each concept's share in coverage: its informativeness, less for verbs (放在, 搞, 来 are often filler). */
  private readonly coverageWeights: number[];
  /** Per concept: how much it narrows the question (rarer across reports is more; verbs count less). */
  private readonly rarity: number[];
  /**
   * Per concept: some candidate of the current group prints the word itself (or a synonym), so its
   * parts alone (办学 of 民办学校, 教师 of 新教师) do not stand for it there.
   */
  private printedWhole: boolean[] = [];
  private readonly bigramIdfs: number[];

  constructor(
    private readonly index: ItemIndex,
    private readonly question: ParsedQuestion,
  ) {
    this.conceptWeights = question.concepts.map((concept) => this.conceptIdf(concept));
    this.coverageWeights = question.concepts.map(
      (concept, index) => this.conceptWeights[index]! * (concept.verb ? VERB_DISCOUNT : 1),
    );
    this.rarity = question.concepts.map((concept) => this.rarityOf(concept));
    this.bigramIdfs = question.bigrams.map((pair) => this.idf(this.index.bigramDocumentFrequency(pair)));
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
      const tf = doc.termFrequency(field, term);
      if (!tf) continue;
      const average = this.index.averageLength(field) || 1;
      const norm = tf + K1 * (1 - B + (B * doc.lengths[field]) / average);
      score += FIELD_WEIGHT[field] * ((tf * (K1 + 1)) / norm);
    }
    return score;
  }

  /**
   * How much a concept narrows the question: the rarer across reports, counting its synonyms, the more
   * (新教师 is rarer than 招录, which 招聘 and 引进 also stand for). 0 for words no report contains.
   */
  private rarityOf(concept: Concept): number {
    const wholeWords = concept.alternatives.filter(({ weight }) => weight >= PART_WEIGHT_LIMIT);
    let documents = wholeWords.reduce((sum, { term }) => sum + this.index.termDocumentFrequency(term), 0);
    if (documents === 0) {
      // A word no report prints whole (满意率) still narrows the question through its rarest part (满意).
      const partCounts = concept.alternatives
        .filter(({ weight }) => weight < PART_WEIGHT_LIMIT)
        .map(({ term }) => this.index.termDocumentFrequency(term))
        .filter((count) => count > 0);
      if (partCounts.length === 0) return 0;
      documents = Math.min(...partCounts);
    }
    // A verb says what was done (组建, 参加); the thing it was done to is what the question is about.
    return this.idf(documents) * (concept.verb ? VERB_DISCOUNT : 1);
  }

  /**
   * The question's most telling word for these candidates: the rarest concept that some candidate
   * matches for real. Chosen per group of reports, so that a word only other districts' reports use
   * does not decide which of this district's items answers.
   */
  private keyConceptOf(scored: readonly Scored[]): number {
    let key = -1;
    this.question.concepts.forEach((_, index) => {
      if (this.rarity[index]! <= 0 || !scored.some((candidate) => candidate.strong[index])) return;
      if (key < 0 || this.rarity[index]! > this.rarity[key]!) key = index;
    });
    return key;
  }

  /** Whether `text` holds concept `index` itself: its word, a synonym or a homophone, or (for a word the
   * reports never print whole) one of its parts. */
  private mentions(text: string, index: number): boolean {
    return this.question.concepts[index]!.alternatives.some(
      ({ term, weight }) => (weight >= PART_WEIGHT_LIMIT || !this.printedWhole[index]) && text.includes(term),
    );
  }

  /** BM25F over the question's concepts (a concept counts once, through its best alternative), and
   * what the item shows of each concept. */
  private wordScore(doc: IndexedItem): { score: number; evidence: ConceptEvidence[] } {
    let score = 0;
    const evidence = this.question.concepts.map((concept, index) => {
      let best = 0;
      const shown: ConceptEvidence = { whole: 0, part: 0, allParts: false, tellingPart: false };
      let parts = 0;
      let partsFound = 0;
      for (const { term, weight } of concept.alternatives) {
        const isPart = weight < PART_WEIGHT_LIMIT;
        const fieldScore = this.fieldScore(doc, term);
        // Present in the text but cut differently by jieba (学习点 inside 标准化学习点) counts a little less.
        const found = fieldScore > 0 ? 1 : doc.folded.includes(term) ? 0.9 : 0;
        if (fieldScore > 0) best = Math.max(best, weight * this.termIdf(term) * fieldScore);
        else if (found) best = Math.max(best, 0.7 * weight * this.termIdf(term));
        if (!isPart) {
          shown.whole = Math.max(shown.whole, found * weight);
          continue;
        }
        parts++;
        // A part covers its word only as far as it is as telling (满意 of 满意度: nearly; 教师 of 新教师: barely).
        const telling = Math.min(1, this.termIdf(term) / (this.conceptWeights[index]! || 1));
        shown.part = Math.max(shown.part, found * weight * telling);
        // Parts count as jieba cut them (校长 | 培训), not as stray characters inside other words.
        if (fieldScore > 0) {
          partsFound++;
          if (telling >= 0.75) shown.tellingPart = true;
        }
      }
      shown.allParts = parts >= 2 && partsFound === parts;
      if (shown.whole === 0 && shown.part === 0)
        shown.part = this.bigramShare(doc.folded, concept.word) * 0.7;
      score += best;
      return shown;
    });
    return { score, evidence };
  }

  /** Coverage and real matches of one item, given which concepts the group prints whole. */
  private judge(scored: Scored): void {
    let covered = 0;
    let total = 0;
    scored.strong = scored.evidence.map((shown, index) => {
      const partsStandIn = !this.printedWhole[index];
      const matched = Math.max(shown.whole, shown.part, partsStandIn && shown.allParts ? 0.85 : 0);
      covered += matched * this.coverageWeights[index]!;
      total += this.coverageWeights[index]!;
      return matched >= 0.7 || (partsStandIn && shown.tellingPart);
    });
    scored.coverage = total > 0 ? covered / total : 0;
  }

  private bigramShare(folded: string, word: string): number {
    if (word.length < 3) return 0;
    let found = 0;
    for (let i = 0; i + 1 < word.length; i++) if (folded.includes(word.slice(i, i + 2))) found++;
    return found / (word.length - 1);
  }

  private bigramScore(text: string): number {
    let score = 0;
    const pairs = this.question.bigrams;
    for (let i = 0; i < pairs.length; i++) {
      if (text.includes(pairs[i]!)) score += this.bigramIdfs[i]!;
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
          positions.push(span.start + at);
        }
      }
      score += best * this.conceptWeights[index]!;
    });
    score += BIGRAM_WEIGHT * this.bigramScore(text);
    let hasFigure = false;
    if (this.question.intent === "number") {
      const figures = itemFigures(doc).filter(
        (figure) => figure.start >= span.start && figure.end <= span.end,
      );
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

  /** The sentence that best answers, and its score. */
  private bestSentence(doc: IndexedItem): { span: Span; score: number; hasFigure: boolean } {
    let best = { span: { start: 0, end: Math.min(doc.folded.length, 100) }, score: -1, hasFigure: false };
    for (const sentence of itemSentences(doc)) {
      const { score, hasFigure } = this.spanScore(doc, sentence);
      if (score > best.score) best = { span: sentence, score, hasFigure };
    }
    return best;
  }

  /** A long answering sentence cut down to the clauses that answer (for display). */
  excerpt(scored: Scored): Span {
    const { doc, sentence } = scored;
    const titleLength = doc.folded.length - doc.item.text.length;
    if (sentence.start === 0 && sentence.end <= titleLength && doc.item.text) {
      // The item's title alone names the topic but says nothing of it: quote the sentence after it too.
      const next = itemSentences(doc).find((span) => span.start >= sentence.end);
      if (next && next.end <= TITLE_WITH_SENTENCE) return { start: 0, end: next.end };
    }
    return narrow(doc.fullText, sentence, (clause) => this.spanScore(doc, clause).score);
  }

  private firstPass(doc: IndexedItem): Scored {
    const words = this.wordScore(doc);
    return {
      doc,
      score: words.score + BIGRAM_WEIGHT * this.bigramScore(doc.folded),
      coverage: 0,
      keyMatched: false,
      evidence: words.evidence,
      strong: [],
      sentence: { start: 0, end: 0 },
      sentenceHasFigure: false,
    };
  }

  private withSentence(scored: Scored): Scored {
    const sentence = this.bestSentence(scored.doc);
    return {
      ...scored,
      score: scored.score + SENTENCE_WEIGHT * Math.max(sentence.score, 0),
      sentence: sentence.span,
      sentenceHasFigure: sentence.hasFigure,
    };
  }

  /**
   * Ranks candidates: every one by its words (BM25F and character pairs), then the best of those again
   * with the evidence of their best sentence, which is what decides between close items.
   */
  rank(docs: Iterable<IndexedItem>): Scored[] {
    const seen = new Set<number>();
    const first: Scored[] = [];
    for (const doc of docs) {
      if (seen.has(doc.docId)) continue;
      seen.add(doc.docId);
      first.push(this.firstPass(doc));
    }
    this.printedWhole = this.question.concepts.map((_, index) =>
      first.some((scored) => scored.evidence[index]!.whole >= PART_WEIGHT_LIMIT),
    );
    for (const scored of first) this.judge(scored);
    const key = this.keyConceptOf(first);
    for (const scored of first) scored.keyMatched = key >= 0 && scored.strong[key]!;
    first.sort(byScore);
    const finalists = first.slice(0, SENTENCE_FINALISTS).map((scored) => {
      const withSentence = this.withSentence(scored);
      // A figure answers "how many" only in a sentence about the thing asked: 6人获评特级教师 does not
      // say how many new teachers were recruited, though the item mentions recruiting.
      if (key >= 0 && withSentence.sentenceHasFigure) {
        const sentence = scored.doc.folded.slice(withSentence.sentence.start, withSentence.sentence.end);
        withSentence.sentenceHasFigure = this.mentions(sentence, key);
      }
      return withSentence;
    });
    return [...finalists.sort(byScore), ...first.slice(SENTENCE_FINALISTS)];
  }
}
