import { assertLooksLikeText, decodeText, type TextEncoding } from "./decode-text.js";

export interface PlainTextResult {
  text: string;
  encoding: TextEncoding;
}

/**
 * `.txt` / `.md`: decoded to a string with Unix line ends. The parser reads plain text and Markdown
 * itself (it knows NBSP, full-width spaces and front matter), so nothing else is rewritten here.
 */
export function extractPlainText(bytes: Uint8Array): PlainTextResult {
  const { text, encoding } = decodeText(bytes);
  assertLooksLikeText(bytes, text);
  return { text: text.replace(/\r\n?/g, "\n"), encoding };
}
