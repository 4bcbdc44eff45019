import { describe, expect, it } from "vitest";
import { mutateFigures } from "../../../tools/gen/figures.js";
import { Rng } from "../../../tools/gen/prng.js";

const mutate = (text: string, yearShift = 0, seed = 1) => mutateFigures(text, new Rng(seed), { yearShift });

describe("mutateFigures", () => {
  it("re-draws counts, amounts and percentages, keeping units and number format", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const result = mutate(
        "招录新教师196名,全年教育经费376,702.12万元,82.4%的家长满意,创建1个示范点。",
        0,
        seed,
      );
      const match =
        /招录新教师(\d+)名,全年教育经费(\d{1,3}(?:,\d{3})*\.\d{2})万元,(\d+\.\d)%的家长满意,创建(\d+)个示范点/.exec(
          result,
        );
      expect(match, result).not.toBeNull();
      expect(match![1]).not.toBe("196");
      expect(match![2]).not.toBe("376,702.12");
      expect(match![3]).not.toBe("82.4");
      expect(Number(match![3])).toBeLessThan(100);
      expect(match![4]).not.toBe("1");
    }
  });

  it("moves years, year ranges, editions and five-year plans with the report's year", () => {
    expect(
      mutate("推进2021年体育中考改革,《三年行动计划(2018-2020)》,第35届大赛,编制“十四五”规划", -10),
    ).toBe("推进2011年体育中考改革,《三年行动计划(2008-2010)》,第25届大赛,编制“十二五”规划");
  });

  it("leaves labels alone: quoted names, document titles, 1+8 mechanisms, 0-3 age ranges", () => {
    const text = "“12345”市民热线,《教育信息化2.0行动计划》,“1+8”防控架构,1+2+N机制,0-3岁早教,4·30行动";
    expect(mutate(text)).toBe(text);
  });
});
