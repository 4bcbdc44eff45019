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

/** All text below a node, raw (no whitespace handling), skipping tags that never hold report text. */
export function rawText(node: DomNode, skip: (node: DomNode) => boolean = () => false): string {
  if (node.type === "text") return node.data ?? "";
  if (isElement(node) && (NEVER_TEXT.has(node.name) || skip(node))) return "";
  let text = "";
  for (const child of node.children ?? []) text += rawText(child, skip);
  return text;
}

export function isLink(node: DomNode): boolean {
  return isElement(node) && node.name === "a";
}
