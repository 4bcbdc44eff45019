import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { jieba } from "../../../src/core/zh/segment.js";
import { USER_DICTIONARY } from "../../../src/core/zh/user-dict.js";
import { sortedWordList, WordList } from "../../../src/core/zh/word-list.js";

const CORPUS = fileURLToPath(new URL("../../../corpus/", import.meta.url));
const DEV_QUESTIONS = fileURLToPath(new URL("../../../shared/eval/dev-questions.json", import.meta.url));

/** Every way the code cuts, as comparable strings. */
function cuts(segmenter: Pick<Jieba, "cut" | "cutForSearch" | "tag">, text: string) {
  return {
    cut: segmenter.cut(text, false).join("|"),
    cutHmm: segmenter.cut(text, true).join("|"),
    search: segmenter.cutForSearch(text, true).join("|"),
    tag: segmenter
      .tag(text, true)
      .map(({ word, tag }) => `${word}/${tag}`)
      .join("|"),
  };
}

const corpusText = readdirSync(CORPUS)
  .filter((name) => name.endsWith(".txt"))
  .map((name) => readFileSync(join(CORPUS, name), "utf8"))
  .join("\n");

const TRICKY = [
  "",
  "青浦2020年招录新教师多少名",
  "嘉定区管校聘",
  "学区化集团化办学和紧密型学区",
  "AT&T、4S店和A股",
  "at&t 4s店 a股",
  "2020年招录新教师196名，试点实施2021年师资双一流高校校园招聘",
  "教師培訓多少人？國際學校",
  "𠀀𠀁青浦区😀教育",
  "\ue000\ue001新教师\ue000",
  "　全角空格　和\u00a0不换行空格",
  "一",
  "Tongjing 2019 jiaoyu",
];

describe("a text's own word list", () => {
  let full: Jieba;
  let words: WordList;
  beforeAll(() => {
    full = Jieba.withDict(dict);
    full.loadDict(Buffer.from(USER_DICTIONARY, "utf8"));
    words = new WordList(sortedWordList(dict, USER_DICTIONARY));
  });

  it("cuts tricky texts exactly as the whole dictionary does", () => {
    for (const text of TRICKY) expect(cuts(words.jiebaFor(text), text), text).toEqual(cuts(full, text));
  });

  it("cuts every line and sentence of the shipped reports as the whole dictionary does", () => {
    const pieces = corpusText.split(/\n|。/).filter((piece) => piece.trim());
    expect(pieces.length).toBeGreaterThan(100);
    for (const text of pieces) expect(cuts(words.jiebaFor(text), text), text).toEqual(cuts(full, text));
  });

  it("cuts any window of the reports as the whole dictionary does", () => {
    fc.assert(
      fc.property(fc.nat(corpusText.length - 1), fc.integer({ min: 1, max: 80 }), (start, length) => {
        const text = corpusText.slice(start, start + length);
        expect(cuts(words.jiebaFor(text), text)).toEqual(cuts(full, text));
      }),
      { seed: 10, numRuns: 300 },
    );
  });

  it("cuts the development questions as the whole dictionary does", () => {
    let questions: { q: string }[] = [];
    try {
      questions = JSON.parse(readFileSync(DEV_QUESTIONS, "utf8"));
    } catch {
      // not beside the project here: the other cases still run
    }
    for (const { q } of questions) expect(cuts(words.jiebaFor(q), q), q).toEqual(cuts(full, q));
  });

  it("holds exactly the dictionary's words that occur in the text", () => {
    const text = "新教师招录196名";
    const occurring = new Set(
      `${Buffer.from(dict).toString("utf8")}\n${USER_DICTIONARY}`
        .split("\n")
        .map((line) => line.split(" ")[0]!)
        .filter((word) => word && text.includes(word)),
    );
    const lines = words.linesIn(text);
    expect(lines.map((line) => line.split(" ")[0]).sort()).toEqual([...occurring].sort());
    // The user dictionary's frequency wins over jieba's for a word both have.
    expect(lines.find((line) => line.startsWith("新教师 "))).toBe("新教师 200000 n");
  });

  it("the segmenter (the whole dictionary when running the source) cuts as jieba does", () => {
    for (const text of TRICKY) expect(cuts(jieba(), text), text).toEqual(cuts(full, text));
  });
});
