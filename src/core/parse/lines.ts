import { readMarker, readSectionHeading } from "./markers.js";

/**
 * Splits report text into paragraphs: one per line, spaces of every width folded, Markdown syntax
 * removed (its heading level kept, because a Markdown report may mark sections only by headings).
 */

export interface Paragraph {
  text: string;
  /** Markdown heading level (1 for `#`), 0 for ordinary text. */
  heading: number;
  /** A blank line preceded this paragraph (a hard break in plain text). */
  afterBlank: boolean;
  /**
   * A Markdown list entry (`- `, `* `, `+ `): 1 at the top level, 2 when indented under another entry.
   * Absent for every other paragraph.
   */
  bullet?: number;
  /** A row of a Markdown pipe table, its cells joined by ` | ` as the format readers print rows. */
  row?: boolean;
}

const SPACES = /[\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff\t]+/g;

/** Emphasis, code, links and inline tags removed; their text kept. */
function stripInline(text: string): string {
  return text
    .replace(/(\*\*|__)(.+?)\1/g, "$2")
    .replace(/(^|[^*])\*([^*\n]+)\*(?!\*)/g, "$1$2")
    .replace(/`([^`]+)`/g, "$1")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<\/?[a-z][^>]*>/gi, "");
}

function stripMarkdown(line: string): { text: string; heading: number } {
  let text = line;
  let heading = 0;
  const headingMatch = /^(#{1,6})\s+(.*)$/.exec(text);
  if (headingMatch) {
    heading = headingMatch[1]!.length;
    text = headingMatch[2]!.replace(/\s+#+\s*$/, "");
  }
  text = stripInline(text.replace(/^>\s?/, "").replace(/^[-*+]\s+(?=\S)/, ""));
  return { text, heading };
}

/** A Markdown list entry's depth from its raw line: 1 at the margin, 2 when indented (nested). */
function bulletDepth(raw: string): number {
  const match = /^([ \t]*)[-*+][ \t]+\S/.exec(raw);
  if (!match) return 0;
  return match[1]!.replace(/\t/g, "    ").length >= 2 ? 2 : 1;
}

/** `| 小学 | 41 | 1108 |` → `小学 | 41 | 1108`: a pipe-table row in the form the format readers print. */
function pipeRow(line: string): string | undefined {
  if (!/^\|.*\|$/.test(line) || line.length < 3) return undefined;
  const cells = line
    .slice(1, -1)
    .split("|")
    .map((cell) => stripInline(cell.trim()));
  return cells.length >= 2 ? cells.join(" | ") : undefined;
}

function headingLevel(line: string): { text: string; heading: number } {
  const match = /^(#{1,6}) (.*)$/.exec(line);
  return match ? { text: match[2]!, heading: match[1]!.length } : { text: line, heading: 0 };
}

/** Lines that end a paragraph: a reader would never continue a sentence after them. */
const ENDS_PARAGRAPH = /[。！？；：:!?;…”」』）)]$/;

/**
 * `md`: Markdown (headings, emphasis, wrapped lines); `docx`: one paragraph per line, Word's heading styles
 * as `## ` prefixes (see ingest/formats/docx.ts); `txt`: one paragraph per line, nothing else.
 */
export type TextFormat = "txt" | "md" | "docx";

/**
 * The cells of a line laid out as a table row in plain text (a PDF's or a typed table: 小学   57   38,615):
 * three or more short cells apart by runs of spaces or tabs, none of them a sentence.
 */
function alignedCells(raw: string): string[] | undefined {
  const cells = raw
    .trim()
    .split(/(?:[ \u00a0]{2,}|[\t\u3000]+)/)
    .map((cell) => cell.trim())
    .filter(Boolean);
  if (cells.length < 3 || cells.some((cell) => cell.length > 16 || /[。；;，,：:]$/.test(cell)))
    return undefined;
  return cells;
}

/**
 * Lines of plain text that form a table: a run of at least three aligned rows with one number of cells
 * (a header and two rows), joined with the separator the format readers give table rows.
 */
function alignedRows(lines: readonly string[]): Map<number, string> {
  const rows = new Map<number, string>();
  let run: { index: number; cells: string[] }[] = [];
  const flush = () => {
    if (run.length >= 3) for (const { index, cells } of run) rows.set(index, cells.join(" | "));
    run = [];
  };
  lines.forEach((line, index) => {
    if (!line.trim()) return; // a blank line inside a table does not end it
    const cells = alignedCells(line);
    if (cells && (run.length === 0 || run[0]!.cells.length === cells.length)) run.push({ index, cells });
    else {
      flush();
      if (cells) run.push({ index, cells });
    }
  });
  flush();
  return rows;
}

/** A line of a data list printed with a dotted leader: 全区各级各类学校……………152所. */
const DOTTED_LEADER = /^(.{2,24}?)\s*[….．·。]{3,}\s*([^….．·。\s].{0,20})$/;

/**
 * A dotted-leader line as a labelled value (全区各级各类学校：152所), so that it reads like a spelled-out
 * table row; undefined for any other line.
 */
function leaderLine(line: string): string | undefined {
  const match = DOTTED_LEADER.exec(line.trim());
  return match ? `${match[1]!.trim()}：${match[2]!.trim()}` : undefined;
}

export function toParagraphs(text: string, format: TextFormat): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let blank = true;
  const lines = text.replace(/^\ufeff/, "").split(/\r\n|\r|\n/);
  const aligned = format === "txt" ? alignedRows(lines) : new Map<number, string>();
  for (const [index, raw] of lines.entries()) {
    const alignedRow = aligned.get(index);
    if (alignedRow) {
      paragraphs.push({ text: alignedRow, heading: 0, afterBlank: blank, row: true });
      blank = false;
      continue;
    }
    const spaced = raw.replace(SPACES, " ").trim();
    const leader = leaderLine(spaced);
    if (leader) {
      // Each value a line of its own, labelled like a spelled-out table row.
      paragraphs.push({ text: leader, heading: 0, afterBlank: blank });
      blank = false;
      continue;
    }
    if (!spaced || /^([-*_=]\s*){3,}$/.test(spaced) || /^\|?[\s:|-]+\|?$/.test(spaced)) {
      blank = true;
      continue;
    }
    const row = format === "md" ? pipeRow(spaced) : undefined;
    const bullet = format === "md" && !row ? bulletDepth(raw) : 0;
    const { text: line, heading } = row
      ? { text: row, heading: 0 }
      : format === "md"
        ? stripMarkdown(spaced)
        : format === "docx"
          ? headingLevel(spaced)
          : { text: spaced, heading: 0 };
    const clean = line.trim();
    if (!clean) {
      blank = true;
      continue;
    }
    const previous = paragraphs.at(-1);
    // Markdown wraps paragraphs across lines; join a line to the one before it when nothing
    // (a blank line, a heading, a list entry, a table row, a sentence end) says a new paragraph begins.
    if (
      format === "md" &&
      previous &&
      !blank &&
      heading === 0 &&
      !row &&
      !bullet &&
      previous.heading === 0 &&
      !previous.row &&
      !ENDS_PARAGRAPH.test(previous.text) &&
      !readMarker(clean) &&
      !readSectionHeading(clean)
    ) {
      previous.text += clean;
    } else {
      const paragraph: Paragraph = { text: clean, heading, afterBlank: blank };
      if (bullet) paragraph.bullet = bullet;
      if (row) paragraph.row = true;
      paragraphs.push(paragraph);
    }
    blank = false;
  }
  return paragraphs;
}
