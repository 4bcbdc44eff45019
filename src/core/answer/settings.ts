/**
 * Every setting of ranking and of the answer decision, in one place (MiniSearch's `defaultSearchOptions`
 * is the model). Each one is guarded: `test/answer/settings.test.ts` turns it off and checks that the
 * development sets get worse, so a setting nobody needs cannot stay unnoticed.
 */
export interface RankingSettings {
  /** BM25F boost of a match in each field: an item's title names its subject; its section's less so. */
  fields: { title: number; text: number; section: number };
  /** BM25 term-frequency saturation and length normalisation. */
  k1: number;
  b: number;
  /**
   * Weight of the character-pair channel beside whole words: pairs still match when jieba cuts a word
   * differently on the two sides (心理老师 / 心理健康教师), a word is glued or a character mistyped.
   */
  bigramWeight: number;
  /** Weight of the best sentence's own evidence when ranking the finalists: it decides between close items. */
  sentenceWeight: number;
  /** How many of the best items by their words get their sentences read. */
  finalists: number;
  /**
   * A content word no report contains weighs this share of the question's typical known word in the
   * decision: it may lower the confidence (the reports may simply not say it) but never dominates it.
   */
  unknownWordShare: number;
  /**
   * Credit of a part of a question word (录取 of 录取率) when the whole is absent, scaled by how telling the
   * part is beside the whole (its idf over the whole's).
   */
  partShare: number;
  /**
   * In a sentence, a question word found only inside a longer word (小学 in 中小学, 教师 in 教师节) counts for
   * this share of a match: it is another word that happens to contain it.
   */
  insideWordShare: number;
  /**
   * A report that is both a summary and a plan: an item of the part the question does not ask about (the
   * plan, for what was done; the summary, for 计划/打算) scores this share of its words.
   */
  otherPartFactor: number;
  /** Results below this share of `minConfidence` are left out (the best one is always kept as related reading). */
  relatedShare: number;
  /** For "how many", a sentence with a figure (in the asked unit) near the asked words weighs this much more. */
  figureBonus: number;
  /**
   * A sentence shaped like the asked answer weighs this much more: names listed with 、 for "which ones", a
   * name in quotation or title marks for "what is it called".
   */
  shapeBonus: number;
  /** A line labelled with what was asked (a table row 小学：…, or 合计： for a total) weighs this much more. */
  labelBonus: number;
  /** Confidence is this mix of word coverage and character-pair coverage (the rest). */
  wordShare: number;
  /** For "how many", the confidence of an item whose sentences hold no figure is multiplied by this. */
  noFigureFactor: number;
  /**
   * The confidence of an item that lacks a noun saying which kind of thing is asked (外籍 of 外籍教师, a noun
   * before another) is multiplied by this: it speaks of another kind of teacher.
   */
  missingKindFactor: number;
  /** Below this confidence the best item is offered as related reading, not as the answer (fitted; see README). */
  minConfidence: number;
  /** Reports few enough to rank every item of (no candidate can be missed there). */
  exhaustiveReports: number;
}

export const defaultRankingSettings: Readonly<RankingSettings> = Object.freeze({
  fields: Object.freeze({ title: 2, text: 1, section: 0.5 }),
  k1: 1.2,
  b: 0.75,
  bigramWeight: 0.3,
  sentenceWeight: 0.6,
  finalists: 12,
  unknownWordShare: 0.5,
  partShare: 0.6,
  insideWordShare: 0.5,
  otherPartFactor: 0.8,
  relatedShare: 0.5,
  figureBonus: 1,
  shapeBonus: 0.5,
  labelBonus: 1,
  wordShare: 0.6,
  noFigureFactor: 0.6,
  missingKindFactor: 0.5,
  minConfidence: 0.35,
  exhaustiveReports: 8,
});
