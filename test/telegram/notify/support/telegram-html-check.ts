/** Fails when text would make Telegram answer "can't parse entities": stray < or &, unknown or unclosed tags. */
export function assertTelegramHtml(html: string): void {
  const allowed = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre"]);
  const open: string[] = [];
  const token = /<\/?([a-z]+)(?:\s[^>]*)?>|&(?:lt|gt|amp|quot|#\d+);|[<>&]/g;
  for (const match of html.matchAll(token)) {
    const [whole, tag] = match;
    if (tag === undefined) {
      if (whole.length === 1) throw new Error(`unescaped ${whole} at ${match.index}`);
      continue;
    }
    if (!allowed.has(tag)) throw new Error(`tag <${tag}> is not allowed`);
    if (whole.startsWith("</")) {
      if (open.pop() !== tag) throw new Error(`</${tag}> closes nothing`);
    } else open.push(tag);
  }
  if (open.length > 0) throw new Error(`unclosed <${open.join(">, <")}>`);
}
