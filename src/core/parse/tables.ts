import type { Paragraph } from "./lines.js";

/** How format readers print a table row: cells joined by this (see ingest/formats/html-to-lines.ts). */
const CELL_SEPARATOR = " | ";

function cellsOf(text: string): string[] | undefined {
  if (!text.includes(CELL_SEPARATOR)) return undefined;
  const cells = text.split(CELL_SEPARATOR).map((cell) => cell.trim());
  return cells.length >= 2 ? cells : undefined;
}

/** A header row names its columns: it holds words, not figures. */
function isHeaderRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.length > 0 && !/^[\d.,，%％\s-]+$/.test(cell));
}

/** 学校数（所） → { name: 学校数, unit: 所 }: a unit in brackets goes after the figure. */
function readColumn(header: string): { name: string; unit: string } {
  const bracketed = /^(.*?)\s*[（(]([^）)]{1,6})[）)]$/.exec(header);
  return bracketed ? { name: bracketed[1]!, unit: bracketed[2]! } : { name: header, unit: "" };
}

/**
 * Table rows carry their column headers into the text, so that a question about one cell finds the row
 * and quotes it: `小学 | 41 | 1108` under `学校类型 | 学校数（所） | 班级数（个）` becomes
 * 「小学：学校数41所，班级数1108个。」. Rows without a header row before them stay as printed.
 */
export function spellOutTables(paragraphs: readonly Paragraph[]): Paragraph[] {
  let header: string[] | undefined;
  return paragraphs.map((paragraph) => {
    const cells = cellsOf(paragraph.text);
    if (!cells) {
      header = undefined;
      return paragraph;
    }
    if (!header || cells.length !== header.length) {
      header = isHeaderRow(cells) ? cells : undefined;
      return paragraph;
    }
    const columns = header.slice(1).map(readColumn);
    const values = cells
      .slice(1)
      .map((value, index) => {
        const column = columns[index]!;
        if (!value) return "";
        const unit = /^[\d.,]+$/.test(value) ? column.unit : "";
        return `${column.name}${value}${unit}`;
      })
      .filter(Boolean);
    return { ...paragraph, text: `${cells[0]}：${values.join("，")}。` };
  });
}
