import { type Item, itemFullText, type Report, type Section } from "../../core/domain/report.js";

export interface Highlight {
  section: Section;
  item: Item;
  /** The item's sentence with the most figures, as printed. */
  sentence: string;
  figures: number;
}

// Half- and full-width digits, with decimals and thousands separators: 1,234.5 / １２３ count once each.
const FIGURE = /[0-9０-９]+(?:[.,．，][0-9０-９]+)*/g;

export function countFigures(text: string): number {
  return text.match(FIGURE)?.length ?? 0;
}

function sentences(text: string): string[] {
  return text
    .split(/(?<=[。；！？;!?\n])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function richestSentence(item: Item): { sentence: string; figures: number } {
  let best = { sentence: item.title, figures: countFigures(item.title) };
  for (const sentence of sentences(itemFullText(item))) {
    const figures = countFigures(sentence);
    if (figures > best.figures) best = { sentence, figures };
  }
  return best;
}

/**
 * The items a reader would most want to see first: those carrying the most figures (numbers are what the
 * reports are mostly asked about). Ties keep document order, so the choice is stable.
 */
export function pickHighlights(report: Report, max = 3): Highlight[] {
  const candidates: Array<Highlight & { order: number }> = [];
  let order = 0;
  for (const section of report.sections) {
    for (const item of section.items) {
      const { sentence, figures } = richestSentence(item);
      const total = countFigures(itemFullText(item));
      if (figures > 0) candidates.push({ section, item, sentence, figures: total, order: order++ });
      else order++;
    }
  }
  candidates.sort((a, b) => b.figures - a.figures || a.order - b.order);
  return candidates.slice(0, max).map(({ order: _order, ...highlight }) => highlight);
}
