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

/** Lines at the start of a paragraph: section and item markers of Chinese reports (not 1.5万, which is a figure). */
const PARAGRAPH_MARKER =
  /^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、](?![\d%％])|\d+[)）]|[①-⑳]|[一二三四五六七八九十]+是|第[一二三四五六七八九十\d]+[章节部分篇条])/;

/** Page furniture: "- 3 -", "3", "第 3 页", "3/12". */
const PAGE_NUMBER = /^[-–—\s]*(第\s*)?\d{1,4}\s*(页)?(\s*[/／共]\s*\d{1,4}\s*页?)?[-–—\s]*$/;

/** A line ending like this ends its sentence; one ending otherwise was wrapped and goes on in the next line. */
const ENDS_SENTENCE = /[。！？；：:!?;…”」』）)]$/;

/** How many lines at the top and at the bottom of a page may be a running header or footer. */
const EDGE_LINES = 3;

/**
 * Rebuilds paragraphs from the positioned text runs of a PDF, page by page: runs on one baseline form a
 * line (no space is inserted next to Chinese characters, where a gap is only letter-spacing); page numbers
 * and running headers and footers (the same line at the edge of most pages: 榆陵县教育局文件, a report title)
 * are dropped; and a line continues the previous one — on the same page or across a page break — when it
 * is neither indented nor opens with a section or item marker, and the previous line ran to the right
 * margin or broke off mid-sentence (no closing punctuation) after a long run of text.
 */
export function rebuildParagraphs(pages: PlacedText[][]): string[] {
  const perPage = pages.map((page, index) =>
    pageLines(page, index).filter((line) => !PAGE_NUMBER.test(line.text)),
  );
  const lines = withoutRunningLines(perPage).flat();
  if (lines.length === 0) return [];
  const left = Math.min(...lines.map((line) => line.left));
  const right = Math.max(...lines.map((line) => line.right));
  const reachesMargin = (line: PageLine) => line.right >= right - 2 * line.fontSize;
  // One long line does not make a margin: without a few lines ending at the same edge, nothing is wrapped.
  const hasWrappedText = lines.filter(reachesMargin).length >= 2;
  const brokeOff = (line: PageLine) =>
    !ENDS_SENTENCE.test(line.text) && line.right - left >= 0.6 * (right - left);

  const paragraphs: string[] = [];
  let previous: PageLine | undefined;
  for (const line of lines) {
    const continues =
      previous !== undefined &&
      ((hasWrappedText && reachesMargin(previous)) || brokeOff(previous)) &&
      (previous.page !== line.page || previous.y - line.y <= 2.2 * previous.fontSize) &&
      line.left <= left + 0.5 * line.fontSize &&
      !PARAGRAPH_MARKER.test(line.text);
    if (continues) paragraphs[paragraphs.length - 1] = joinWrapped(paragraphs.at(-1)!, line.text);
    else paragraphs.push(line.text);
    previous = line;
  }
  return paragraphs;
}

/** Running headers and footers are short: a title, a bureau's name, 第3页. */
const MAX_RUNNING_CHARS = 50;

/**
 * A line's text with its figures masked (so that 第3页 and 第4页, or a dated header, compare equal) and its
 * height on the page: a running line stands in the same place on every page.
 */
function runningKey(line: PageLine): string {
  return `${line.text.replace(/\s+/g, "").replace(/[\d０-９]+/g, "#")}@${Math.round(line.y / 6)}`;
}

/**
 * Drops running headers and footers: a short line among the first or last few of a page whose text
 * (figures aside) recurs in the same place at the edge of at least half of the pages, and of two at least.
 * Body text does not repeat itself page after page in the same place.
 */
function withoutRunningLines(pages: PageLine[][]): PageLine[][] {
  if (pages.length < 2) return pages;
  const edges = (page: PageLine[]) =>
    new Set(
      [...page.slice(0, EDGE_LINES), ...page.slice(-EDGE_LINES)].filter(
        (line) => line.text.length <= MAX_RUNNING_CHARS,
      ),
    );
  const pagesWith = new Map<string, number>();
  for (const page of pages) {
    for (const key of new Set([...edges(page)].map(runningKey))) {
      pagesWith.set(key, (pagesWith.get(key) ?? 0) + 1);
    }
  }
  const needed = Math.max(2, Math.ceil(pages.length / 2));
  return pages.map((page) => {
    const edge = edges(page);
    return page.filter((line) => !edge.has(line) || (pagesWith.get(runningKey(line)) ?? 0) < needed);
  });
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

/**
 * Joins a wrapped line to the line before it: a space only between two Latin letters (two English words); a
 * figure broken over the line end (共计1 / 96名) is one figure again.
 */
function joinWrapped(before: string, after: string): string {
  return /[A-Za-z]$/.test(before) && /^[A-Za-z]/.test(after) ? `${before} ${after}` : before + after;
}

/** PDF generators emit spaces as runs of their own; keep them only between Latin words. */
function tidySpaces(text: string): string {
  return text
    .replace(/[ \t]+/g, " ")
    .replace(/ +(?=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f])/gu, "")
    .replace(/(?<=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]) +/gu, "")
    .trim();
}
