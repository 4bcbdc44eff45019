import { describe, expect, it } from "vitest";
import { hashSeed, Rng } from "../../../tools/gen/prng.js";

describe("Rng", () => {
  it("repeats its sequence for the same seed and differs for another", () => {
    const draw = (seed: string) =>
      Array.from(
        { length: 5 },
        (
          (rng) => () =>
            rng.next()
        )(new Rng(seed)),
      );
    expect(draw("a")).toEqual(draw("a"));
    expect(draw("a")).not.toEqual(draw("b"));
  });

  it("keeps int() within its bounds and reaches both ends", () => {
    const rng = new Rng(1);
    const seen = new Set(Array.from({ length: 500 }, () => rng.int(2010, 2025)));
    expect(Math.min(...seen)).toBe(2010);
    expect(Math.max(...seen)).toBe(2025);
  });

  it("shuffles without losing or duplicating items", () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    expect(new Rng(9).shuffle(items).sort((a, b) => a - b)).toEqual(items);
  });

  it("hashes seed text to a stable 32-bit value", () => {
    expect(hashSeed("seed")).toBe(hashSeed("seed"));
    expect(hashSeed("seed")).toBeLessThan(2 ** 32);
  });
});
