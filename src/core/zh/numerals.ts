import { perItem } from "../answer/per-item.js";

/**
 * Figures as reports print them: 196名, 13000余名, 376,702.12万元, 85.3%, 十余所. A year (2020年) is a
 * date, not a figure.
 */
const FIGURE =
  /(?:\d[\d,，]*(?:\.\d+)?|[一二两三四五六七八九十百千]+(?=[余多]?[万亿]?(?:位|名|人次|人|个|所|场|项|次|家|元|届|期|批|门|篇|支|座|间|类|种|节|课时)))\s*(?:余|多)?\s*(?:万|亿)?\s*(?:位|名|人次|剂次|人|个|所|场|项|次|家|元|%|％|届|期|批|门|篇|支|座|间|类|种|节|课时|周|轮|分钟|分|平方米|公顷|小时|天|件|套|台|册|本|张|部|幅|条|份|处|块|辆|户)?/g;

export interface Figure {
  start: number;
  end: number;
  /** The measure word it carries (名, 所, %), if any. */
  unit: string;
}

export function figuresIn(text: string, from = 0, to = text.length): Figure[] {
  const figures: Figure[] = [];
  const slice = text.slice(from, to);
  for (const match of slice.matchAll(FIGURE)) {
    const printed = match[0].trimEnd();
    const start = from + match.index!;
    const end = start + printed.length;
    const after = text.slice(end, end + 1);
    // 2020年 / 2019-2021 are dates; a bare 1 or 2 without a unit is rarely an answer.
    if (/^(19|20)\d{2}$/.test(printed) && /^[年\-—至]/.test(after)) continue;
    if (/^(19|20)\d{2}$/.test(printed) && /[-—]$/.test(text.slice(start - 1, start))) continue;
    const unit =
      /(位|名|人次|剂次|人|个|所|场|项|次|家|万元|亿元|元|%|％|届|期|批|门|篇|支|座|间|类|种|节|课时|周|轮|分钟|分|平方米|公顷|小时|天|件|套|台|册|本|张|部|幅|条|份|处|块|辆|户)$/.exec(
        printed,
      )?.[0] ?? "";
    if (!unit && /^\d$/.test(printed)) continue;
    if (!unit && /^[一二两三四五六七八九十百千]+$/.test(printed)) continue;
    figures.push({ start, end, unit });
  }
  return figures;
}

/** The figures in an item's text (in matching form), found once per item. */
export const itemFigures = perItem((item: { readonly folded: string }) => figuresIn(item.folded));
