/**
 * A property: any report written in one of the layouts bureaus publish — two levels (一、 sections with
 * numbered items), three levels (第N部分 parts over 一、 items), a summary followed by a plan (with the plan's
 * headings restarting) — with any of the item and sub-point numbering styles, CRLF or LF, full-width indents
 * and digits, parses back to the structure it was written with.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { itemRef, type Report } from "../../../src/core/domain/report.js";
import { parseReport } from "../../../src/core/parse/parse-report.js";

const CN = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩";
const FULL_WIDTH_DIGITS = "０１２３４５６７８９";

type ItemStyle = "1." | "1、" | "1．" | "（一）" | "（1）";
type PointStyle = "一是" | "①" | "（1）" | "（一）" | "1.";

interface Shape {
  /** two-levels: 一、 sections; paren-headings: （一） sections; arabic-headings: 1. sections (no 一、 at all). */
  layout: "two-levels" | "three-levels" | "summary-plan" | "paren-headings" | "arabic-headings";
  itemStyle: ItemStyle;
  pointStyle: PointStyle;
  /** Items numbered through the report rather than restarting in each section (two levels, 1. only). */
  through: boolean;
  /** How the plan part is announced. */
  planDivider: "line" | "part-headings";
  sections: { points: number[] }[];
  planSections: { points: number[] }[];
  crlf: boolean;
  indent: boolean;
  fullWidthDigits: boolean;
}

function digits(value: number, fullWidth: boolean): string {
  const text = String(value);
  return fullWidth ? [...text].map((digit) => FULL_WIDTH_DIGITS[Number(digit)]).join("") : text;
}

function itemMarker(style: ItemStyle | "一、", value: number, fullWidth: boolean): string {
  switch (style) {
    case "一、":
      return `${CN[value - 1]}、`;
    case "（一）":
      return `（${CN[value - 1]}）`;
    case "（1）":
      return `（${digits(value, fullWidth)}）`;
    default:
      return `${digits(value, fullWidth)}${style.slice(1)}`;
  }
}

function pointMarker(style: PointStyle, value: number): string {
  switch (style) {
    case "一是":
      return `${CN[value - 1]}是`;
    case "①":
      return CIRCLED[value - 1]!;
    case "（1）":
      return `（${value}）`;
    case "（一）":
      return `（${CN[value - 1]}）`;
    case "1.":
      return `${value}.`;
  }
}

/** The item style a layout allows: a heading style cannot number the items under it. */
function itemStyleOf(shape: Shape): ItemStyle {
  if (shape.layout === "paren-headings" && shape.itemStyle === "（一）") return "1.";
  if (shape.layout === "arabic-headings") return "（1）";
  return shape.itemStyle;
}

interface Expected {
  title: string;
  part?: "summary" | "plan";
  items: { no: string; points: number }[];
}

/** Writes the report and the structure a correct parser must find in it. */
function write(shape: Shape): { text: string; expected: Expected[] } {
  const lines = ["2021年桐泾区教育工作总结", "泓州市桐泾区教育局", "2022年1月10日"];
  const expected: Expected[] = [];
  const indent = shape.indent ? "\u3000\u3000" : "";
  const threeLevels = shape.layout === "three-levels";
  let through = 0;
  const writePart = (sections: { points: number[] }[], part: Expected["part"], offset: number) => {
    sections.forEach((section, s) => {
      const title = `加强第${offset + s + 1}方面建设`;
      lines.push(
        threeLevels
          ? `第${CN[s]}部分 ${title}`
          : shape.layout === "paren-headings"
            ? `${indent}（${CN[s]}）${title}`
            : shape.layout === "arabic-headings"
              ? `${indent}${s + 1}.${title}`
              : `${indent}${CN[s]}、${title}`,
      );
      const items: Expected["items"] = [];
      section.points.forEach((points, i) => {
        const value = shape.through && !threeLevels ? ++through : i + 1;
        const style = threeLevels ? "一、" : itemStyleOf(shape);
        const head = `完成第${offset + s + 1}方面第${i + 1}项任务`;
        // A 一、 item is a heading line with its text below it; other items carry their text on their line.
        if (style === "一、") {
          lines.push(`${indent}${itemMarker(style, value, false)}${head}`);
          lines.push(`${indent}全年投入经费${value * 10}万元。`);
        } else
          lines.push(
            `${indent}${itemMarker(style, value, shape.fullWidthDigits)}${head}。全年投入经费${value * 10}万元。`,
          );
        for (let p = 1; p <= points; p++) {
          lines.push(
            `${indent}${pointMarker(shape.pointStyle, p)}新建学校${p + 2}所，新增学位${p * 300}个。`,
          );
        }
        items.push({ no: String(value), points });
      });
      expected.push({ title, ...(part ? { part } : {}), items });
    });
  };
  if (shape.layout === "summary-plan") {
    if (shape.planDivider === "part-headings") lines.push("第一部分 2021年工作总结");
    writePart(shape.sections, "summary", 0);
    lines.push(shape.planDivider === "part-headings" ? "第二部分 2022年工作思路" : "二〇二二年工作思路");
    through = 0;
    writePart(shape.planSections, "plan", shape.sections.length);
  } else {
    writePart(shape.sections, undefined, 0);
  }
  lines.push("", "泓州市桐泾区教育局", "2022年1月10日", "");
  return { text: lines.join(shape.crlf ? "\r\n" : "\n"), expected };
}

const sections = fc.array(
  fc.record({ points: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 5 }) }),
  {
    minLength: 1,
    maxLength: 5,
  },
);

/** Sub-point styles that nest under each item style (a style never nests under itself). */
const POINTS_UNDER: Record<ItemStyle | "一、", PointStyle[]> = {
  "1.": ["一是", "①", "（1）"],
  "1、": ["一是", "①", "（1）"],
  "1．": ["一是", "①", "（1）"],
  "（一）": ["一是", "①", "（1）", "1."],
  "（1）": ["一是", "①"],
  "一、": ["一是", "①", "（1）", "（一）", "1."],
};

const shapes: fc.Arbitrary<Shape> = fc
  .record({
    layout: fc.constantFrom(
      "two-levels" as const,
      "three-levels" as const,
      "summary-plan" as const,
      "paren-headings" as const,
      "arabic-headings" as const,
    ),
    itemStyle: fc.constantFrom<ItemStyle>("1.", "1、", "1．", "（一）", "（1）"),
    pointChoice: fc.nat(),
    through: fc.boolean(),
    planDivider: fc.constantFrom("line" as const, "part-headings" as const),
    sections,
    planSections: sections,
    crlf: fc.boolean(),
    indent: fc.boolean(),
    fullWidthDigits: fc.boolean(),
  })
  // A lone 第一部分 only opens the body (see resolveLevels): three levels need two parts at least.
  // Headings of a style are told from items by there being several of them.
  .filter(
    (shape) =>
      !["three-levels", "paren-headings", "arabic-headings"].includes(shape.layout) ||
      shape.sections.length >= 2,
  )
  .map(({ pointChoice, ...shape }) => {
    const itemStyle = itemStyleOf(shape as Shape);
    const under = POINTS_UNDER[shape.layout === "three-levels" ? "一、" : itemStyle].filter(
      (style) => shape.layout !== "paren-headings" || style !== "（一）",
    );
    return {
      ...shape,
      pointStyle: under[pointChoice % under.length]!,
      through: shape.through && shape.itemStyle === "1." && shape.layout === "two-levels",
    };
  });

function structure(report: Report): Expected[] {
  return report.sections.map((section) => ({
    title: section.title,
    ...(section.part ? { part: section.part } : {}),
    items: section.items.map((item) => ({ no: item.no ?? "lead", points: item.subpoints?.length ?? 0 })),
  }));
}

describe("any report in a published layout parses back to the structure it was written with", () => {
  it("holds for two levels, three levels and summary-plus-plan, in every numbering style", () => {
    fc.assert(
      fc.property(shapes, (shape) => {
        const { text, expected } = write(shape);
        const report = parseReport(text, { source: "generated.txt" });
        expect(report).toMatchObject({ district: "桐泾区", year: 2021, date: "2022-01-10" });
        expect(structure(report)).toEqual(expected);
        expect(report.sections.map((section) => section.no)).toEqual(expected.map((_, index) => index + 1));
        const refs = report.sections.flatMap((section) =>
          section.items.map((item) => itemRef(report.id, section.no, item.no)),
        );
        expect(new Set(refs).size).toBe(refs.length);
      }),
      { numRuns: 300, seed: 9 },
    );
  });
});
