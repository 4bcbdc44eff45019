/**
 * The few fields of cheerio's (domhandler's) nodes that the converters read. Declared here so that the
 * converters depend on the shape they use, not on a transitive package's type exports.
 */
export interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
  parent?: DomNode | null;
}

export function isElement(node: DomNode): node is DomNode & { name: string; children: DomNode[] } {
  return (node.type === "tag" || node.type === "script" || node.type === "style") && node.name !== undefined;
}

/** Tags whose content is never report text. */
export const NEVER_TEXT = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "iframe",
  "object",
  "embed",
  "svg",
  "canvas",
  "select",
  "option",
  "button",
  "input",
  "textarea",
  "head",
  "title",
  "meta",
  "link",
]);

/** Tags that start a new line in rendered text. */
export const BLOCK_TAGS = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "body",
  "caption",
  "center",
  "dd",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "html",
  "li",
  "main",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "table",
  "tbody",
  "tfoot",
  "thead",
  "tr",
  "ul",
]);

/**
 * All text below a node, raw (no whitespace handling), skipping tags that never hold report text. An
 * explicit stack rather than recursion: a page may nest thousands deep.
 */
export function rawText(node: DomNode, skip: (node: DomNode) => boolean = () => false): string {
  return textOf(node, skip, Number.POSITIVE_INFINITY);
}

/**
 * The start of a node's raw text, enough to hold `visibleChars` visible characters: for tests such as
 * "is this a short breadcrumb line", which must not read a whole article for every element around it.
 */
export function rawTextPrefix(node: DomNode, visibleChars: number): string {
  return textOf(node, () => false, visibleChars);
}

function textOf(root: DomNode, skip: (node: DomNode) => boolean, visibleCap: number): string {
  const parts: string[] = [];
  let visible = 0;
  const stack: DomNode[] = [root];
  while (stack.length > 0 && visible <= visibleCap) {
    const node = stack.pop()!;
    if (node.type === "text") {
      const data = node.data ?? "";
      parts.push(data);
      if (visibleCap !== Number.POSITIVE_INFINITY) visible += visibleCount(data);
      continue;
    }
    if (isElement(node) && (NEVER_TEXT.has(node.name) || skip(node))) continue;
    const children = node.children ?? [];
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]!);
  }
  return parts.join("");
}

function visibleCount(text: string): number {
  return text.replace(/[\s\u3000\u00a0]/gu, "").length;
}

/** Visible-character counts of every element's text, computed once, bottom-up (linear in the page). */
export interface TextSizes {
  /** Visible characters below the node. */
  all(node: DomNode): number;
  /** Visible characters below the node outside links. */
  outsideLinks(node: DomNode): number;
}

export function measureText(root: DomNode): TextSizes {
  const all = new Map<DomNode, number>();
  const outside = new Map<DomNode, number>();
  // Post-order without recursion: a node is measured once all its children are.
  const stack: { node: DomNode; expanded: boolean }[] = [{ node: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const { node } = top;
    if (node.type === "text") {
      const count = visibleCount(node.data ?? "");
      all.set(node, count);
      outside.set(node, count);
      stack.pop();
      continue;
    }
    if (isElement(node) && NEVER_TEXT.has(node.name)) {
      all.set(node, 0);
      outside.set(node, 0);
      stack.pop();
      continue;
    }
    if (!top.expanded) {
      top.expanded = true;
      for (const child of node.children ?? []) stack.push({ node: child, expanded: false });
      continue;
    }
    stack.pop();
    let total = 0;
    let nonLink = 0;
    for (const child of node.children ?? []) {
      total += all.get(child) ?? 0;
      nonLink += outside.get(child) ?? 0;
    }
    all.set(node, total);
    outside.set(node, isLink(node) ? 0 : nonLink);
  }
  return { all: (node) => all.get(node) ?? 0, outsideLinks: (node) => outside.get(node) ?? 0 };
}

export function isLink(node: DomNode): boolean {
  return isElement(node) && node.name === "a";
}
