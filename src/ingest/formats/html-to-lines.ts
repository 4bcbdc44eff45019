import { BLOCK_TAGS, type DomNode, isElement, NEVER_TEXT, rawText } from "./dom.js";

/** Separator between the cells of a table row: visible, and unlikely to be read as a number's punctuation. */
export const CELL_SEPARATOR = " | ";

/** A cell this long, or holding a table, means the table lays out a page rather than holding data. */
const LAYOUT_CELL_CHARS = 200;

/**
 * Renders a DOM subtree as text the way a reader sees it: blocks and `<br>` start lines, inline runs are
 * joined, whitespace from the HTML source is collapsed (and dropped between Chinese characters, where a
 * source line break is not a space), and each data-table row becomes one line of cells.
 */
export function htmlToLines(root: DomNode): string[] {
  const lines: string[] = [];
  let current = "";
  const flush = () => {
    const line = tidyInline(current);
    if (line) lines.push(line);
    current = "";
  };

  const walk = (node: DomNode) => {
    if (node.type === "text") {
      current += node.data ?? "";
      return;
    }
    if (!isElement(node)) {
      for (const child of node.children ?? []) walk(child);
      return;
    }
    if (NEVER_TEXT.has(node.name)) return;
    if (node.name === "br") {
      flush();
      return;
    }
    if (node.name === "table" && !isLayoutTable(node)) {
      flush();
      for (const row of tableRows(node)) lines.push(row);
      return;
    }
    const isBlock = BLOCK_TAGS.has(node.name) || node.name === "td" || node.name === "th";
    if (isBlock) flush();
    for (const child of node.children) walk(child);
    if (isBlock) flush();
  };

  walk(root);
  flush();
  return lines;
}

/** Data rows of a table: each row's cells, inner line breaks turned into spaces, joined by CELL_SEPARATOR. */
function tableRows(table: DomNode): string[] {
  const rows: string[] = [];
  for (const row of descendants(
    table,
    (node) => isElement(node) && node.name === "tr",
    isNestedTable(table),
  )) {
    const cells = (row.children ?? [])
      .filter((cell) => isElement(cell) && (cell.name === "td" || cell.name === "th"))
      .map((cell) => htmlToLines(cell).join(" "))
      .filter((cell) => cell.length > 0);
    if (cells.length > 0) rows.push(cells.join(CELL_SEPARATOR));
  }
  const caption = (table.children ?? []).find((child) => isElement(child) && child.name === "caption");
  if (caption) rows.unshift(tidyInline(rawText(caption)));
  return rows.filter(Boolean);
}

/** Government pages still lay out whole pages with tables: such a table's cells are blocks, not data. */
export function isLayoutTable(table: DomNode): boolean {
  for (const cell of descendants(
    table,
    (node) => isElement(node) && (node.name === "td" || node.name === "th"),
    isNestedTable(table),
  )) {
    if (descendants(cell, (node) => isElement(node) && node.name === "table").length > 0) return true;
    if (tidyInline(rawText(cell)).length > LAYOUT_CELL_CHARS) return true;
  }
  return false;
}

/** Stops a search at tables nested inside `table`, so that a row belongs to exactly one table. */
function isNestedTable(table: DomNode): (node: DomNode) => boolean {
  return (node) => node !== table && isElement(node) && node.name === "table";
}

function descendants(
  root: DomNode,
  match: (node: DomNode) => boolean,
  stopAt: (node: DomNode) => boolean = () => false,
): DomNode[] {
  const found: DomNode[] = [];
  const visit = (node: DomNode) => {
    for (const child of node.children ?? []) {
      if (stopAt(child)) continue;
      if (match(child)) found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found;
}

const CJK = "\\u3000-\\u303f\\u3400-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef";
const SPACE_BETWEEN_CJK = new RegExp(`(?<=[${CJK}]) (?=[${CJK}])`, "gu");

/** Collapses source whitespace (not NBSP or the ideographic space, which are content) like a browser. */
export function tidyInline(text: string): string {
  return text
    .replace(/[ \t\n\r\f]+/g, " ")
    .replace(SPACE_BETWEEN_CJK, "")
    .trim();
}
