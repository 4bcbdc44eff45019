import * as cheerio from "cheerio";
import { ReportRejectedError } from "../../core/parse/errors.js";
import { assertHtmlShape } from "../limits/html-shape.js";
import { decodeText, type TextEncoding } from "./decode-text.js";
import {
  BLOCK_TAGS,
  type DomNode,
  isElement,
  isLink,
  measureText,
  rawText,
  rawTextPrefix,
  type TextSizes,
} from "./dom.js";
import { htmlToLines, isLayoutTable, tidyInline } from "./html-to-lines.js";
import { joinLines, visibleLength } from "./text-lines.js";

export interface HtmlResult {
  text: string;
  encoding: TextEncoding;
}

/**
 * Below this many Chinese characters outside links, a page has no article: a channel listing (links and
 * dates), an error page, or a shell filled in by scripts.
 */
const MIN_ARTICLE_IDEOGRAPHS = 30;

/** id/class words that government CMS templates give to page chrome around the article. */
const CHROME_NAME =
  /(^|[-_\s])(nav|navbar|menu|breadcrumbs?|crumbs?|position|location|dqwz|footer|foot|bottom|header|sidebar|share|copyright|friendlinks?|search|toolbar|print|fontsize|pager)([-_\s\d]|$)/i;

const BREADCRUMB = /^(您当前所在的?位置|您现在的位置|您的位置|当前位置)/;

/** Lines of page furniture that CMSs put inside the article container itself. */
const FURNITURE_LINE =
  /^(【?\s*字体[:：]|【?\s*字号[:：]|打印本页|打印此页|关闭窗口|【\s*关闭\s*】|【\s*打印\s*】|分享到|扫一扫|返回顶部|上一篇|下一篇|Loading…*$)/;

/**
 * `.html` / `.htm` as government sites publish them: the article body (the block with the most non-link
 * text), its title heading and date line above it, tables as rows; navigation, breadcrumbs, footers,
 * scripts and styles are dropped. A GBK page declared in its meta charset is decoded as such.
 */
export function extractHtml(bytes: Uint8Array): HtmlResult {
  const { text: html, encoding } = decodeText(bytes, declaredCharset(bytes));
  if (visibleLength(html) === 0) throw new ReportRejectedError("文件是空的，没有任何文字", "empty HTML file");

  assertHtmlShape(html);
  const $ = cheerio.load(html);
  const pageTitle = tidyInline($("title").first().text());
  $("script, style, noscript, template, iframe, object, embed, svg, canvas, form, select, button").remove();
  $("nav, header, footer, aside, [role=navigation], [role=banner], [role=contentinfo]").remove();
  // A 信息公开 metadata table (索引号 / 发布机构 / 成文日期 / 文号, label cell then value cell) often sits outside
  // the article; its facts are kept as header lines for the parser, whatever becomes of the table.
  const metadata = metadataLines($);
  // Text sizes are measured once for the whole page (ancestors come before descendants in document
  // order, so no element is judged after something inside it was removed).
  const pageSizes = measureText($.root()[0] as unknown as DomNode);
  $("[id], [class]").each((_, element) => {
    const names = `${$(element).attr("id") ?? ""} ${$(element).attr("class") ?? ""}`;
    if (CHROME_NAME.test(names) && isChromeSized(element as unknown as DomNode, pageSizes))
      $(element).remove();
  });
  removeBreadcrumbs($("body")[0] as unknown as DomNode | undefined);

  const body = ($("body")[0] ?? $.root()[0]) as unknown as DomNode;
  const sizes = measureText(body);
  const article = pickArticle(body, sizes);
  if (!article || !readsLikeAnArticle(article, sizes)) {
    throw new ReportRejectedError("网页中没有找到正文（可能是栏目页、导航页或空白页）", "no article in HTML");
  }

  numberUntypedSections($, article);
  const articleLines = htmlToLines(article).filter(
    (line) => !FURNITURE_LINE.test(line) && !BREADCRUMB.test(line),
  );
  const heading = headingBefore(body, article) ?? titleFromTitleTag(pageTitle);
  const lines =
    heading && !articleLines.slice(0, 3).some((line) => line.includes(heading.title))
      ? [heading.title, ...heading.metaLines, ...metadata, ...articleLines]
      : [...articleLines.slice(0, 1), ...metadata, ...articleLines.slice(1)];
  return { text: joinLines(lines), encoding };
}

const METADATA_LABEL = /^(索引号|发布机构|发文机关|成文日期|发布日期|文号|发文字号)\s*[:：]?$/;

/** `label：value` lines from label/value cell pairs of the page's metadata tables, each label once. */
function metadataLines($: cheerio.CheerioAPI): string[] {
  const seen = new Map<string, string>();
  $("td, th").each((_, cell) => {
    const label = METADATA_LABEL.exec(tidyInline($(cell).text()))?.[1];
    if (!label || seen.has(label)) return;
    const value = tidyInline($(cell).next("td, th").text());
    if (value && value.length <= 60) seen.set(label, value);
  });
  return [...seen].map(([label, value]) => `${label}：${value}`);
}

/** The charset a page declares in `<meta charset>` or `http-equiv` content; ASCII-compatible, so read as latin1. */
function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString("latin1");
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1];
}

/** Chrome-named wrappers are removed only when small or mostly links, so a badly named article survives. */
function isChromeSized(element: DomNode, sizes: TextSizes): boolean {
  const all = sizes.all(element);
  return all < 200 || (all - sizes.outsideLinks(element)) / Math.max(all, 1) > 0.5;
}

/** Breadcrumb lines are short: no element's text is read further than this to recognise one. */
const BREADCRUMB_CHARS = 200;

function removeBreadcrumbs(root: DomNode | undefined): void {
  if (!root) return;
  const stack: DomNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const child of [...(node.children ?? [])]) {
      if (!isElement(child)) continue;
      const text = tidyInline(rawTextPrefix(child, BREADCRUMB_CHARS));
      if (BREADCRUMB.test(text) && text.length < BREADCRUMB_CHARS) detach(child);
      else stack.push(child);
    }
  }
}

function detach(node: DomNode): void {
  const siblings = node.parent?.children;
  if (siblings) siblings.splice(siblings.indexOf(node), 1);
  node.parent = null;
}

/**
 * The element whose own paragraphs hold the most non-link text. "Own" counts text nodes, inline elements,
 * paragraphs, lists and data tables directly inside it, but not nested containers: each container is scored
 * for itself, so the page wrapper never beats the article it wraps. Ties go to the first in document order.
 */
function pickArticle(body: DomNode, sizes: TextSizes): DomNode | undefined {
  let best: DomNode | undefined;
  let bestScore = 0;
  const stack: DomNode[] = [body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const score = articleScore(node, sizes);
    if (score > bestScore) {
      best = node;
      bestScore = score;
    }
    const children = node.children ?? [];
    for (let index = children.length - 1; index >= 0; index--)
      if (isElement(children[index]!)) stack.push(children[index]!);
  }
  return best;
}

/** A typed section heading (一、, 第一部分) at the start of a line. */
const TYPED_SECTION =
  /^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|第[一二三四五六七八九十\d]{1,3}(?:部分|章|篇))/;

/** Bold as pages mark it: <b>, <strong>, or an inline font-weight. */
function isBold(element: ReturnType<cheerio.CheerioAPI>): boolean {
  return element.is("b, strong") || /font-weight\s*:\s*(bold|[6-9]00)/i.test(element.attr("style") ?? "");
}

/**
 * Some CMS pages number their sections with CSS counters, so the article's text holds no 一、: its section
 * titles are short blocks of their own (a <div class="title2">, a bold <p>) between paragraphs, and its items
 * paragraphs that open with a bold lead phrase. With no typed section heading anywhere in the article, such
 * blocks get the numbers a reader sees (一、, 二、… through the article) and bold leads become 【标题】 items.
 */
function numberUntypedSections($: cheerio.CheerioAPI, article: DomNode): void {
  const root = $(article as never);
  const blocks = root.find("p, div, h1, h2, h3, h4, h5, h6").filter((_, element) => {
    const block = $(element);
    return block.children("p, div, table, ul, ol").length === 0;
  });
  if (blocks.toArray().some((element) => TYPED_SECTION.test($(element).text()))) return;
  const leads = blocks.filter((_, element) => {
    const first = $(element).contents().first();
    return (
      first.length > 0 && isElement(first[0] as unknown as DomNode) && isBold(first) && boldLead(first.text())
    );
  });
  const titles = blocks.filter((index, element) => {
    const text = tidyInline($(element).text());
    if (text.length < 4 || text.length > 30 || /[。；;！？：:]/.test(text)) return false;
    if (index === 0 || /工作总结|工作计划|工作要点/.test(text)) return false;
    const next = blocks.eq(index + 1);
    return next.length > 0 && tidyInline(next.text()).length > text.length;
  });
  // Both forms, more than once: a page laid out so, not a stray short line.
  if (titles.length < 2 || leads.length < 2) return;
  titles.each((index, element) => {
    $(element).text(`${toChineseNumeral(index + 1)}、${tidyInline($(element).text())}`);
  });
  leads.each((_, element) => {
    const first = $(element).contents().first();
    const title = first.text().trim();
    first.replaceWith($("<span></span>").text(`【${title.slice(0, -1)}】`));
  });
}

/** A lead phrase that titles its paragraph: a short clause ending in 。 or ：. */
function boldLead(text: string): boolean {
  return /^[^。；]{2,30}[。：:]$/.test(text.trim());
}

function toChineseNumeral(value: number): string {
  const digits = "〇一二三四五六七八九";
  if (value < 10) return digits[value]!;
  const tens = Math.floor(value / 10);
  return `${tens > 1 ? digits[tens] : ""}十${value % 10 ? digits[value % 10] : ""}`;
}

function readsLikeAnArticle(article: DomNode, sizes: TextSizes): boolean {
  const prose = rawText(article, isLink);
  const ideographs = prose.match(/[\u4e00-\u9fff]/gu)?.length ?? 0;
  const all = sizes.all(article);
  return ideographs >= MIN_ARTICLE_IDEOGRAPHS && (all - sizes.outsideLinks(article)) / Math.max(all, 1) < 0.5;
}

function articleScore(node: DomNode, sizes: TextSizes): number {
  let score = 0;
  for (const child of node.children ?? []) {
    if (child.type === "text") score += sizes.all(child);
    else if (isElement(child) && !isContainer(child)) score += sizes.outsideLinks(child);
  }
  return score;
}

const CONTAINER_TAGS = new Set([
  "div",
  "section",
  "article",
  "main",
  "td",
  "th",
  "tr",
  "tbody",
  "thead",
  "body",
  "center",
]);

/** A wrapper of blocks (scored on its own) rather than a paragraph of its parent. */
function isContainer(node: DomNode): boolean {
  if (node.name === "table") return isLayoutTable(node);
  // Old CMS templates lay an article out as a table of one cell a row, one paragraph a cell: such a row is
  // a paragraph of its table, so the table (not its longest cell) is the article.
  if (node.name === "tr" && singleCell(node)) return false;
  return CONTAINER_TAGS.has(node.name ?? "") && hasBlockChild(node);
}

function singleCell(row: DomNode): boolean {
  const cells = (row.children ?? []).filter(
    (child) => isElement(child) && (child.name === "td" || child.name === "th"),
  );
  return (
    cells.length === 1 &&
    !(cells[0]!.children ?? []).some((child) => isElement(child) && BLOCK_TAGS.has(child.name))
  );
}

/** Table cells count as blocks here: a row of cells is a container, never a paragraph of its table. */
function hasBlockChild(node: DomNode): boolean {
  return (node.children ?? []).some(
    (child) => isElement(child) && (BLOCK_TAGS.has(child.name) || child.name === "td" || child.name === "th"),
  );
}

interface Heading {
  title: string;
  /** Short lines between the heading and the article (publication date, publisher), useful to the parser. */
  metaLines: string[];
}

/** The nearest heading before the article in document order (h1–h3 or a `*title*` block), if short. */
function headingBefore(body: DomNode, article: DomNode): Heading | undefined {
  // Elements before the article in document order, collected without recursion.
  const before: DomNode[] = [];
  const stack: DomNode[] = [...(body.children ?? [])].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === article) break;
    if (!isElement(node)) continue;
    before.push(node);
    for (let index = node.children.length - 1; index >= 0; index--) stack.push(node.children[index]!);
  }
  for (let index = before.length - 1; index >= 0; index--) {
    const node = before[index]!;
    const names = `${node.attribs?.id ?? ""} ${node.attribs?.class ?? ""}`;
    const isHeading =
      /^h[1-3]$/.test(node.name ?? "") || /title|biaoti|(^|[-_\s])bt([-_\s\d]|$)/i.test(names);
    if (!isHeading) continue;
    const title = tidyInline(rawTextPrefix(node, 81));
    if (title.length >= 4 && title.length <= 80) {
      const metaLines = before
        .slice(index + 1)
        .filter((candidate) => BLOCK_TAGS.has(candidate.name ?? "") && !hasBlockChild(candidate))
        .map((candidate) => tidyInline(rawText(candidate)))
        .filter(
          (line) => line.length > 0 && line.length <= 100 && /\d{4}[-年./]\d{1,2}|发布|来源|日期/.test(line),
        );
      return { title, metaLines: [...new Set(metaLines)] };
    }
  }
  return undefined;
}

/** `<title>2020年青浦教育工作总结 - 上海市青浦区人民政府</title>` → the part naming the document. */
function titleFromTitleTag(pageTitle: string): Heading | undefined {
  const title = pageTitle.split(/\s+[-_|–—]+\s+|[|_]/)[0]?.trim();
  return title && title.length >= 4 ? { title, metaLines: [] } : undefined;
}
