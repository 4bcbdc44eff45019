import MiniSearch from "minisearch";
import bm25 from "wink-bm25-text-search";
import { type Item, itemFullText, type Report, type Section } from "../src/core/domain/report.js";
import { terms } from "../src/core/zh/segment.js";
import type { ScoredAnswer } from "./eval.js";

/**
 * The plain baselines the benchmark compares against: BM25 over the same items with the same jieba
 * tokenizer, and nothing of ours (no question understanding, no district filter, no sentence, no
 * decision). Each "quotes" the whole first item, so the answer-sentence figure flatters them.
 */
interface Row {
  id: string;
  title: string;
  text: string;
  report: Report;
  section: Section;
  item: Item;
}

function rowsOf(reports: readonly Report[]): Row[] {
  return reports.flatMap((report) =>
    report.sections.flatMap((section) =>
      section.items.map((item, index) => ({
        id: `${report.id}/${section.no}/${index}`,
        title: item.title,
        text: itemFullText(item),
        report,
        section,
        item,
      })),
    ),
  );
}

function answerOf(rows: readonly (Row | undefined)[]): ScoredAnswer {
  const results = rows
    .filter((row): row is Row => row !== undefined)
    .map((row) => ({
      report: { district: row.report.district, year: row.report.year },
      section: { no: row.section.no },
      item: { no: row.item.no },
      text: row.text,
    }));
  const first = results[0];
  return { found: results.length > 0, answer: first ? { text: first.text } : null, results };
}

/** MiniSearch's BM25 (title boosted ×2). */
export function miniSearchBaseline(reports: readonly Report[]): (question: string) => ScoredAnswer {
  const rows = rowsOf(reports);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const search = new MiniSearch({
    fields: ["title", "text"],
    tokenize: (text) => terms(text),
    processTerm: (term) => term,
    searchOptions: { boost: { title: 2 } },
  });
  search.addAll(rows.map(({ id, title, text }) => ({ id, title, text })));
  return (question) =>
    answerOf(
      search
        .search(question)
        .slice(0, 5)
        .map((hit) => byId.get(hit.id as string)),
    );
}

/** wink-bm25-text-search (title weighted ×2), the "plain BM25 + jieba bot" of the first release's review. */
export function winkBaseline(reports: readonly Report[]): (question: string) => ScoredAnswer {
  const rows = rowsOf(reports);
  const engine = bm25();
  engine.defineConfig({ fldWeights: { title: 2, text: 1 } });
  engine.definePrepTasks([(text: string) => terms(text)]);
  for (const [index, row] of rows.entries()) engine.addDoc({ title: row.title, text: row.text }, index);
  engine.consolidate();
  return (question) => answerOf(engine.search(question, 5).map(([index]: [number, number]) => rows[index]));
}
