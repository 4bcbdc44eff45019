import { ReportRejectedError } from "../../core/parse/errors.js";
import { LIMITS } from "./limits.js";

/** Elements without content, never nested into. */
const VOID = new Set(
  "area base br col embed hr img input link meta param source track wbr basefont bgsound frame keygen".split(
    " ",
  ),
);
/** Elements whose end tag is optional: sloppy pages leave them open, and the parser closes them for us. */
const OPTIONAL_END = new Set(
  "p li dt dd tr td th thead tbody tfoot option optgroup rb rt rp caption colgroup".split(" "),
);
/** Raw-text elements: their content is not markup. */
const RAW_TEXT = /^(script|style|textarea|title|xmp|noscript|iframe|noembed|noframes|plaintext)$/i;

// Bounded repetitions keep the scan linear on hostile input (an unclosed quote, an endless comment).
const TAG =
  /<!--[\s\S]{0,100000}?-->|<(\/?)([a-zA-Z][a-zA-Z0-9:-]{0,40})(?:[^>"']|"[^"]{0,4000}"|'[^']{0,4000}'){0,2000}(\/?)>/g;

export interface HtmlShape {
  elements: number;
  depth: number;
  /** Visible characters between tags (entities undecoded, scripts and styles left out): the text, roughly. */
  textChars: number;
}

/**
 * How many elements a page has and how deeply they nest, from one linear scan of its tags, before a DOM
 * is built: the HTML parser's own bookkeeping grows with the depth at every tag (quadratic for a page of
 * 200,000 nested `<div>`s) and every tree walk after it would too. Approximate on purpose (it does not
 * repair mismatched tags the way a browser does), but a real report page is far inside both limits.
 */
export function measureHtml(html: string): HtmlShape {
  let elements = 0;
  let depth = 0;
  let deepest = 0;
  let textChars = 0;
  let textFrom = 0;
  const lower = html.toLowerCase();
  TAG.lastIndex = 0;
  for (let match = TAG.exec(html); match; match = TAG.exec(html)) {
    textChars += visibleBetween(html, textFrom, match.index);
    textFrom = TAG.lastIndex;
    const [, closing, rawName, selfClosing] = match;
    if (rawName === undefined) continue; // a comment
    const name = rawName.toLowerCase();
    if (closing) {
      if (!VOID.has(name) && !OPTIONAL_END.has(name) && !RAW_TEXT.test(name) && depth > 0) depth--;
      continue;
    }
    elements++;
    if (RAW_TEXT.test(name)) {
      const end = lower.indexOf(`</${name}`, TAG.lastIndex);
      TAG.lastIndex = end < 0 ? html.length : end;
      textFrom = TAG.lastIndex;
      continue;
    }
    if (VOID.has(name) || OPTIONAL_END.has(name) || selfClosing) continue;
    depth++;
    if (depth > deepest) deepest = depth;
  }
  textChars += visibleBetween(html, textFrom, html.length);
  return { elements, depth: deepest, textChars };
}

function visibleBetween(html: string, from: number, to: number): number {
  let count = 0;
  for (let at = from; at < to; at++) {
    const code = html.charCodeAt(at);
    if (code > 32 && code !== 0x3000 && code !== 0xa0) count++;
  }
  return count;
}

export function assertHtmlShape(html: string): void {
  const { elements, depth, textChars } = measureHtml(html);
  // The same limit as on extracted text, checked before a tree is built for it.
  if (textChars > LIMITS.textChars) {
    throw new ReportRejectedError(
      `文件中的文字太多（约 ${Math.round(textChars / 10_000)} 万字），报告不能超过 ${LIMITS.textChars / 10_000} 万字`,
      `HTML text ~${textChars} chars > ${LIMITS.textChars}`,
    );
  }
  if (depth > LIMITS.htmlDepth) {
    throw new ReportRejectedError(
      `网页结构异常：标签嵌套了 ${depth} 层（不能超过 ${LIMITS.htmlDepth} 层）`,
      `HTML depth ${depth} > ${LIMITS.htmlDepth}`,
    );
  }
  if (elements > LIMITS.htmlElements) {
    throw new ReportRejectedError(
      `网页结构异常：有 ${elements} 个标签（不能超过 ${LIMITS.htmlElements} 个）`,
      `HTML elements ${elements} > ${LIMITS.htmlElements}`,
    );
  }
}
