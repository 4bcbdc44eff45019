import { describe, expect, it } from "vitest";
import { foldChar, foldForMatching } from "../../../src/core/zh/normalize.js";

/** The folding rule itself, without its shortcuts. */
function reference(char: string): string {
  if (char === "…" || char === "‥") return char;
  const folded = char.normalize("NFKC");
  return folded.length === 1 ? folded.toLowerCase() : char;
}

describe("folding for matching", () => {
  it("folds every UTF-16 unit as NFKC and lower case would", () => {
    const wrong: string[] = [];
    for (let code = 0; code < 0x10000; code++) {
      const char = String.fromCharCode(code);
      // twice: the first answer is remembered
      for (const folded of [foldChar(char), foldChar(char)])
        if (folded !== reference(char)) wrong.push(code.toString(16));
    }
    expect(wrong).toEqual([]);
  });

  it("keeps the length, so offsets carry over", () => {
    const text = "２０２０年ＡＢＣ招录新教师196名，試點…𠀀";
    expect(foldForMatching(text)).toHaveLength(text.length);
    expect(foldForMatching(text)).toBe("2020年abc招录新教师196名,试点…𠀀");
  });
});
