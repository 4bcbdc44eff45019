import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeQuestion } from "../../../src/core/zh/normalize.js";
import { conversionEntries, conversionTriggers, openccT2cn } from "../../../src/core/zh/traditional.js";

describe("traditional characters", () => {
  // Any ranking of characters gives a correct set; the build's ranks them by jieba's dictionary.
  const triggers = new Set(conversionTriggers((char) => char.codePointAt(0)!));
  const convert = openccT2cn().Converter({ from: "t", to: "cn" });

  it("every entry that changes a text holds a trigger", () => {
    const changing = conversionEntries().filter(([from, to]) => from !== to);
    expect(changing.length).toBeGreaterThan(4000);
    for (const [from] of changing)
      expect(
        [...from].some((char) => triggers.has(char)),
        from,
      ).toBe(true);
  });

  it("a text without a trigger comes out of the converter as it went in", () => {
    const plain = fc
      .integer({ min: 0x4e00, max: 0x9fff })
      .map((code) => String.fromCodePoint(code))
      .filter((char) => !triggers.has(char));
    fc.assert(
      fc.property(fc.array(plain, { maxLength: 40 }), (chars) => {
        const text = chars.join("");
        expect(convert(text)).toBe(text);
      }),
      { seed: 10, numRuns: 2000 },
    );
  });

  it("traditional questions are still read as simplified", () => {
    expect(normalizeQuestion("青浦2020年招錄新教師多少名")).toBe("青浦2020年招录新教师多少名");
    expect(normalizeQuestion("反覆")).toBe("反复");
  });
});
