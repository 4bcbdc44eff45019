/**
 * The baseline `bench/ask-wall.ts` runs beside `npm run ask`: a plain Node script, no build, no snapshot,
 * that loads jieba, reads the corpus's plain-text reports, cuts every paragraph and prints the best one by
 * BM25. It is what "a question answered from two reports" costs at the least in Node with jieba.
 *
 *   node bench/plain-ask.mjs CORPUS_DIR "问题"
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";

const [corpus, question] = process.argv.slice(2);
const jieba = Jieba.withDict(dict);
const words = (text) => jieba.cutForSearch(text, true).filter((word) => word.trim().length > 1);

const paragraphs = [];
for (const name of readdirSync(corpus).filter((file) => file.endsWith(".txt"))) {
  for (const line of readFileSync(join(corpus, name), "utf8").split("\n")) {
    if (line.trim().length > 10) paragraphs.push({ name, text: line.trim(), terms: words(line) });
  }
}
const documentFrequency = new Map();
for (const { terms } of paragraphs)
  for (const term of new Set(terms)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
const averageLength = paragraphs.reduce((sum, { terms }) => sum + terms.length, 0) / paragraphs.length;
const bm25 = ({ terms }) => {
  let score = 0;
  for (const term of new Set(words(question))) {
    const frequency = terms.filter((t) => t === term).length;
    if (!frequency) continue;
    const n = documentFrequency.get(term) ?? 0;
    const idf = Math.log(1 + (paragraphs.length - n + 0.5) / (n + 0.5));
    score += (idf * frequency * 2.2) / (frequency + 1.2 * (0.25 + (0.75 * terms.length) / averageLength));
  }
  return score;
};
const best = paragraphs
  .map((paragraph) => ({ paragraph, score: bm25(paragraph) }))
  .sort((a, b) => b.score - a.score)[0];
console.log(`${best.paragraph.text}\n出处：${best.paragraph.name}`);
