import { mayHoldTraditional, openccT2cn } from "./traditional.js";

let converter: ((text: string) => string) | undefined;

/** Traditional → simplified; opencc only loaded by a text that may hold a traditional character. */
function toSimplified(text: string): string {
  if (!mayHoldTraditional(text)) return text;
  const convert: (text: string) => string = converter ?? openccT2cn().Converter({ from: "t", to: "cn" });
  converter = convert;
  return convert(text);
}

/** Characters whose NFKC form is not what a reader means (keep them as they are). */
const KEEP_AS_IS = new Set(["…", "‥"]);

/**
 * Folds one character for matching: full-width digits/letters/spaces to half-width, NBSP to space,
 * upper to lower case. Always one UTF-16 unit in, one out, so offsets in a folded string are
 * offsets in the original.
 */
export function foldChar(char: string): string {
  const code = char.charCodeAt(0);
  // CJK ideographs (most of a report) have no compatibility form and no case: NFKC is costly, skip it.
  if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf)) return char;
  let folded = foldedChars.get(code);
  if (folded === undefined) {
    folded = KEEP_AS_IS.has(char) ? char : char.normalize("NFKC");
    folded = folded.length === 1 ? folded.toLowerCase() : char;
    foldedChars.set(code, folded);
  }
  return folded;
}

/** foldChar's answers for the other characters (punctuation, full-width forms…), by UTF-16 unit. */
const foldedChars = new Map<number, string>();

/**
 * The matching form of a report's text: same length as the input, so a match at offset i in the
 * folded text is a match at offset i in the text as printed.
 */
export function foldForMatching(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // ASCII needs no NFKC; lower-casing is enough and keeps the hot path cheap.
    if (code < 0x80) out += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : text[i];
    else out += foldChar(text[i]!);
  }
  const simplified = toSimplified(out);
  return simplified.length === out.length ? simplified : out;
}

/** The matching form of a question: folded, traditional → simplified, whitespace collapsed. */
export function normalizeQuestion(question: string): string {
  return toSimplified(question.normalize("NFKC").toLowerCase()).replace(/\s+/g, " ").trim();
}
