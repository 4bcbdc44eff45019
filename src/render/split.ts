/**
 * Splits an HTML message into parts Telegram accepts (at most 4096 characters each), politely:
 * at a paragraph break if one is late enough in the part, else a line break, else a sentence end, else a clause
 * end, and only as a last resort inside a sentence. A cut never falls inside a tag or an HTML entity, and tags open
 * at a cut are closed at the end of one part and reopened at the start of the next, so every part parses alone.
 */

export const TELEGRAM_MESSAGE_LIMIT = 4096;

type Atom =
  | { kind: "open"; text: string; name: string }
  | { kind: "close"; text: string; name: string }
  | { kind: "text"; text: string };

interface OpenTag {
  name: string;
  text: string;
}

interface Cut {
  /** Index of the first atom after the cut. */
  end: number;
  /** Tags still open at the cut. */
  stack: OpenTag[];
}

/** Break quality after an atom: higher is politer. */
const Level = { Anywhere: 0, Clause: 1, Sentence: 2, Line: 3, Paragraph: 4 } as const;
type Level = (typeof Level)[keyof typeof Level];

const ATOM = /<\/?[a-zA-Z][^<>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|[\s\S]/gu;
const SENTENCE_END = /^[。！？!?…]$/;
const CLAUSE_END = /^[；;，,、：:)）」』》 ]$/;

export function splitHtml(html: string, limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  if (html.length <= limit) return html.trim() ? [html] : [];
  const atoms = tokenize(html);
  const parts: string[] = [];
  let start = skipWhitespace(atoms, 0);
  let stack: OpenTag[] = [];
  while (start < atoms.length) {
    const cut = findCut(atoms, start, stack, limit);
    const body = atoms
      .slice(start, trimEnd(atoms, start, cut.end))
      .map((atom) => atom.text)
      .join("");
    const part = openingOf(stack) + body + closingOf(cut.stack);
    if (visibleText(part).trim()) parts.push(part);
    start = skipWhitespace(atoms, cut.end);
    stack = cut.stack;
  }
  return parts;
}

function findCut(atoms: Atom[], start: number, startStack: OpenTag[], limit: number): Cut {
  let length = openingOf(startStack).length;
  let stack = startStack;
  const best: (Cut | undefined)[] = [];
  let index = start;
  for (; index < atoms.length; index++) {
    const atom = atoms[index]!;
    const next = apply(stack, atom);
    const fits = length + atom.text.length + closingOf(next).length <= limit;
    // Always take at least one atom, so a tiny limit cannot stall the loop.
    if (!fits && index > start) break;
    length += atom.text.length;
    stack = next;
    best[breakLevel(atoms, index)] = { end: index + 1, stack };
  }
  if (index >= atoms.length) return { end: atoms.length, stack };
  // Prefer the politest break that still fills at least half the part; a tiny first part helps no reader.
  const minimumEnd = start + Math.floor((index - start) / 2);
  for (let level = Level.Paragraph; level > Level.Anywhere; level--) {
    const cut = best[level];
    if (cut && cut.end > minimumEnd) return cut;
  }
  return best[Level.Anywhere] ?? { end: index, stack };
}

function breakLevel(atoms: Atom[], index: number): Level {
  const atom = atoms[index]!;
  if (atom.kind !== "text") return Level.Anywhere;
  if (atom.text === "\n") return atoms[index - 1]?.text === "\n" ? Level.Paragraph : Level.Line;
  if (SENTENCE_END.test(atom.text)) return Level.Sentence;
  if (CLAUSE_END.test(atom.text)) return Level.Clause;
  return Level.Anywhere;
}

function tokenize(html: string): Atom[] {
  return Array.from(html.matchAll(ATOM), ([text]): Atom => {
    if (text.length > 1 && text.startsWith("<")) {
      const name = /^<\/?([a-zA-Z][\w-]*)/.exec(text)![1]!.toLowerCase();
      return text.startsWith("</") ? { kind: "close", text, name } : { kind: "open", text, name };
    }
    return { kind: "text", text };
  });
}

function apply(stack: OpenTag[], atom: Atom): OpenTag[] {
  if (atom.kind === "open") return [...stack, { name: atom.name, text: atom.text }];
  if (atom.kind === "close") {
    const at = stack.map((tag) => tag.name).lastIndexOf(atom.name);
    return at === -1 ? stack : stack.slice(0, at);
  }
  return stack;
}

function openingOf(stack: OpenTag[]): string {
  return stack.map((tag) => tag.text).join("");
}

function closingOf(stack: OpenTag[]): string {
  return stack
    .map((tag) => `</${tag.name}>`)
    .reverse()
    .join("");
}

function isBlank(atom: Atom | undefined): boolean {
  return atom?.kind === "text" && /^\s$/u.test(atom.text);
}

function skipWhitespace(atoms: Atom[], from: number): number {
  let index = from;
  while (isBlank(atoms[index])) index++;
  return index;
}

function trimEnd(atoms: Atom[], start: number, end: number): number {
  let index = end;
  while (index > start && isBlank(atoms[index - 1])) index--;
  return index;
}

/** What the reader sees: tags dropped, entities decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<[^<>]*>/g, "")
    .replace(/&(#\d+|#x[0-9a-fA-F]+|lt|gt|amp|quot);/g, (_, name: string) => {
      if (name.startsWith("#x")) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
      return ({ lt: "<", gt: ">", amp: "&", quot: '"' } as Record<string, string>)[name]!;
    });
}
