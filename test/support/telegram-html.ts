/**
 * Parses Telegram's HTML parse mode the way the Bot API does, strictly enough to catch what the real one rejects:
 * unsupported or unbalanced tags, unknown named entities, a bare `<`. Returns what the user would see (plain text
 * and entities, offsets in UTF-16 units) or throws with the Bot API's wording ("can't parse entities: …").
 */

export interface MessageEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
}

const TAG_TYPES: Record<string, string> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  "tg-spoiler": "spoiler",
  a: "text_link",
  code: "code",
  pre: "pre",
  blockquote: "blockquote",
  span: "spoiler",
  "tg-emoji": "custom_emoji",
};

const NAMED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

export class HtmlParseError extends Error {}

export function parseTelegramHtml(html: string): { text: string; entities: MessageEntity[] } {
  let text = "";
  const entities: MessageEntity[] = [];
  const open: { name: string; start: number; url?: string }[] = [];
  let at = 0;
  const fail = (why: string): never => {
    throw new HtmlParseError(
      `can't parse entities: ${why} at byte offset ${Buffer.byteLength(html.slice(0, at))}`,
    );
  };
  while (at < html.length) {
    const char = html[at]!;
    if (char === "<") {
      const end = html.indexOf(">", at);
      if (end === -1) fail("Unclosed start tag");
      const tag = html.slice(at + 1, end);
      const closing = tag.startsWith("/");
      const name = /^\/?([a-zA-Z][\w-]*)/.exec(tag)?.[1]?.toLowerCase();
      if (!name) fail(`Unexpected character "<"`);
      if (!(name! in TAG_TYPES)) fail(`Unsupported start tag "${name}"`);
      if (closing) {
        const top = open.pop();
        if (!top || top.name !== name) fail(`Unmatched end tag "${name}"`);
        const length = text.length - top!.start;
        if (length > 0) {
          const entity: MessageEntity = { type: TAG_TYPES[name!]!, offset: top!.start, length };
          if (top!.url !== undefined) entity.url = top!.url;
          entities.push(entity);
        }
      } else {
        const href = /\shref\s*=\s*"([^"]*)"/.exec(tag)?.[1];
        if (name === "a" && href === undefined) fail('Tag "a" must have attribute "href"');
        open.push({ name: name!, start: text.length, ...(href !== undefined ? { url: decode(href) } : {}) });
      }
      at = end + 1;
    } else if (char === "&") {
      const match = /^&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);/.exec(html.slice(at, at + 12));
      if (!match) fail('Character "&" must be escaped as "&amp;"');
      const name = match![1]!;
      if (!name.startsWith("#") && !(name in NAMED_ENTITIES)) fail(`Unsupported HTML entity "&${name};"`);
      text += decode(match![0]);
      at += match![0].length;
    } else if (char === ">") {
      // The real API tolerates a bare ">", but our renderer always escapes it; being strict catches a missed escape.
      fail('Character ">" must be escaped as "&gt;"');
    } else {
      text += char;
      at += 1;
    }
  }
  if (open.length) fail(`Can't find end tag corresponding to start tag "${open.at(-1)!.name}"`);
  entities.sort((a, b) => a.offset - b.offset);
  return { text, entities };
}

function decode(value: string): string {
  return value.replace(/&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);/g, (whole, name: string) => {
    if (name.startsWith("#x")) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
    return NAMED_ENTITIES[name] ?? whole;
  });
}
