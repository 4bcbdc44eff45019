import MiniSearch from "minisearch";
import { itemFullText, type Report } from "../src/report/types.js";
import { terms } from "../src/text/segment.js";
import type { ScoredAnswer } from "./eval.js";

/**
 * The plain baseline the benchmark compares against: MiniSearch's BM25 over the same items with the
 * same jieba tokenizer, and nothing of ours (no query understanding, no district filter, no sentence).
 */
export function miniSearchBaseline(reports: readonly Report[]): (question: string) => ScoredAnswer {
  const rows = reports.flatMap((report) =>
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
  const byId = new Map(rows.map((row) => [row.id, row]));
  const search = new MiniSearch({
    fields: ["title", "text"],
    tokenize: (text) => terms(text),
    processTerm: (term) => term,
    searchOptions: { boost: { title: 2 } },
  });
  search.addAll(rows.map(({ id, title, text }) => ({ id, title, text })));
  return (question) => {
    const hits = search.search(question).slice(0, 5);
    const results = hits.map((hit) => {
      const row = byId.get(hit.id as string)!;
      return {
        report: { district: row.report.district, year: row.report.year },
        section: { no: row.section.no },
        item: { no: row.item.no },
        text: row.text,
      };
    });
    const first = results[0];
    return { found: results.length > 0, answer: first ? { text: first.text } : null, results };
  };
}
