import { itemFullText, type Report } from "../domain/report.js";
import { foldForMatching } from "../zh/normalize.js";
import { termsOfFolded } from "../zh/segment.js";

/**
 * What indexing needs of one item, computed once (in a worker thread when loading a corpus) and kept in
 * the snapshot: the expensive part of indexing is folding (traditional → simplified) and jieba, not the
 * bookkeeping, so a report analysed once never needs either again.
 */
export interface ItemAnalysis {
  /** `itemFullText(item)` in matching form (same length, so offsets carry over). */
  folded: string;
  /** Terms of the title and of the text, in order, joined by single spaces (what FlexSearch receives). */
  title: string;
  text: string;
}

export interface SectionAnalysis {
  /** Terms of the section title, joined by single spaces. */
  terms: string;
  items: ItemAnalysis[];
}

export interface ReportAnalysis {
  sections: SectionAnalysis[];
}

export function splitTerms(joined: string): string[] {
  return joined.length === 0 ? [] : joined.split(" ");
}

/**
 * Segments every item of a report. The full text is folded once and the title and text are cut out of
 * it: folding keeps lengths, and no OpenCC phrase spans the 。 between them (checked on 63,000 generated
 * items: slices equal separate folds).
 */
export function analyseReport(report: Report): ReportAnalysis {
  return {
    sections: report.sections.map((section) => ({
      terms: termsOfFolded(foldForMatching(section.title)).join(" "),
      items: section.items.map((item) => {
        const fullText = itemFullText(item);
        const folded = foldForMatching(fullText);
        const foldedTitle = item.title ? folded.slice(0, item.title.length) : "";
        const foldedText = folded.slice(fullText.length - item.text.length);
        return {
          folded,
          title: termsOfFolded(foldedTitle).join(" "),
          text: termsOfFolded(foldedText).join(" "),
        };
      }),
    })),
  };
}
