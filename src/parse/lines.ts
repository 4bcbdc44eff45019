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
}

const SPACES = /[\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff\t]+/g;

function stripMarkdown(line: string): { text: string; heading: number } {
  let text = line;
  let heading = 0;
  const headingMatch = /^(#{1,6})\s+(.*)$/.exec(text);
  if (headingMatch) {
    heading = headingMatch[1]!.length;
    text = headingMatch[2]!.replace(/\s+#+\s*$/, "");
  }
  text = text
    .replace(/^>\s?/, "")
    .replace(/^[-*+]\s+(?=\S)/, "")
    .replace(/(\*\*|__)(.+?)\1/g, "$2")
    .replace(/(^|[^*])\*([^*\n]+)\*(?!\*)/g, "$1$2")
    .replace(/`([^`]+)`/g, "$1")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<\/?[a-z][^>]*>/gi, "");
  return { text, heading };
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

export function toParagraphs(text: string, format: TextFormat): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let blank = true;
  for (const raw of text.replace(/^\ufeff/, "").split(/\r\n|\r|\n/)) {
    const spaced = raw.replace(SPACES, " ").trim();
    if (!spaced || /^([-*_=]\s*){3,}$/.test(spaced) || /^\|?[\s:|-]+\|?$/.test(spaced)) {
      blank = true;
      continue;
    }
    const { text: line, heading } =
      format === "md"
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
    // (a blank line, a heading, a sentence end) says a new paragraph begins.
    if (
      format === "md" &&
      previous &&
      !blank &&
      heading === 0 &&
      previous.heading === 0 &&
      !ENDS_PARAGRAPH.test(previous.text) &&
      !readMarker(clean) &&
      !readSectionHeading(clean)
    ) {
      previous.text += clean;
    } else {
      paragraphs.push({ text: clean, heading, afterBlank: blank });
    }
    blank = false;
  }
  return paragraphs;
}
