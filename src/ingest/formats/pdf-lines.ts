/** A run of text on a PDF page, in page units with the origin at the bottom left (as pdf.js reports it). */
export interface PlacedText {
  str: string;
  x: number;
  y: number;
  width: number;
  fontSize: number;
}

interface PageLine {
  page: number;
  text: string;
  left: number;
  right: number;
  y: number;
  fontSize: number;
}

const CJK_CHAR =
  /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2014\u2018\u2019\u201c\u201d\u2026]/u;

/** Lines at the start of a paragraph: section and item markers of Chinese reports. */
const PARAGRAPH_MARKER =
  /^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、]|[①-⑳]|第[一二三四五六七八九十\d]+[章节部分条])/;

/** Page furniture: "- 3 -", "3", "第 3 页", "3/12". */
const PAGE_NUMBER = /^[-–—\s]*(第\s*)?\d{1,4}\s*(页)?(\s*[/／共]\s*\d{1,4}\s*页?)?[-–—\s]*$/;

/**
 * Rebuilds paragraphs from the positioned text runs of a PDF, page by page: runs on one baseline form a
 * line (no space is inserted next to Chinese characters, where a gap is only letter-spacing), and a line
 * continues the previous one when the previous ran to the right margin and this one is neither indented
 * nor opens with a section or item marker. Page numbers are dropped.
 */
export function rebuildParagraphs(pages: PlacedText[][]): string[] {
  const lines = pages
    .flatMap((page, index) => pageLines(page, index))
    .filter((line) => !PAGE_NUMBER.test(line.text));
  if (lines.length === 0) return [];
  const left = Math.min(...lines.map((line) => line.left));
  const right = Math.max(...lines.map((line) => line.right));
  const reachesMargin = (line: PageLine) => line.right >= right - 2 * line.fontSize;
  // One long line does not make a margin: without a few lines ending at the same edge, nothing is wrapped.
  const hasWrappedText = lines.filter(reachesMargin).length >= 2;

  const paragraphs: string[] = [];
  let previous: PageLine | undefined;
  for (const line of lines) {
    const continues =
      hasWrappedText &&
      previous !== undefined &&
      reachesMargin(previous) &&
      (previous.page !== line.page || previous.y - line.y <= 2.2 * previous.fontSize) &&
      line.left <= left + 0.5 * line.fontSize &&
      !PARAGRAPH_MARKER.test(line.text);
    if (continues) paragraphs[paragraphs.length - 1] = joinRuns(paragraphs.at(-1)!, line.text);
    else paragraphs.push(line.text);
    previous = line;
  }
  return paragraphs;
}

function pageLines(items: PlacedText[], page: number): PageLine[] {
  const sorted = items.filter((item) => item.str.length > 0).sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: PlacedText[][] = [];
  for (const item of sorted) {
    const group = groups.at(-1);
    const tolerance = 0.5 * Math.min(item.fontSize, group?.[0]?.fontSize ?? item.fontSize);
    if (group && Math.abs(group[0]!.y - item.y) <= tolerance) group.push(item);
    else groups.push([item]);
  }
  return groups
    .map((group) => ({ page, ...lineFromRuns(group.sort((a, b) => a.x - b.x)) }))
    .filter((line) => line.text.length > 0);
}

function lineFromRuns(runs: PlacedText[]): Omit<PageLine, "page"> {
  let text = "";
  let end = Number.NEGATIVE_INFINITY;
  for (const run of runs) {
    const gap = run.x - end;
    if (text && gap > 0.25 * run.fontSize) text = joinRuns(text, run.str);
    else text += run.str;
    end = Math.max(end, run.x + run.width);
  }
  const content = runs.filter((run) => run.str.trim().length > 0);
  const first = content[0] ?? runs[0]!;
  return {
    text: tidySpaces(text),
    left: first.x,
    right: end,
    y: runs[0]!.y,
    fontSize: Math.max(...runs.map((run) => run.fontSize)),
  };
}

/** Joins two pieces of one paragraph: a space only between two Latin letters or digits. */
function joinRuns(before: string, after: string): string {
  const last = before.at(-1) ?? "";
  const first = after[0] ?? "";
  if (!last || !first || /\s/.test(last) || /\s/.test(first)) return before + after;
  return CJK_CHAR.test(last) || CJK_CHAR.test(first) ? before + after : `${before} ${after}`;
}

/** PDF generators emit spaces as runs of their own; keep them only between Latin words. */
function tidySpaces(text: string): string {
  return text
    .replace(/[ \t]+/g, " ")
    .replace(/ +(?=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f])/gu, "")
    .replace(/(?<=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]) +/gu, "")
    .trim();
}
