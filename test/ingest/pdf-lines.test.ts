import { describe, expect, it } from "vitest";
import { type PlacedText, rebuildParagraphs } from "../../src/ingest/formats/pdf-lines.js";

/** One run per character, the way many Chinese PDF producers place text, 12 pt wide each. */
function chars(text: string, x: number, y: number, size = 12): PlacedText[] {
  return [...text].map((char, index) => ({ str: char, x: x + index * size, y, width: size, fontSize: size }));
}

describe("rebuilding paragraphs from PDF text runs", () => {
  it("joins per-character runs on one baseline without spaces", () => {
    expect(rebuildParagraphs([chars("招录新教师215名", 72, 700)])).toEqual(["招录新教师215名"]);
  });

  it("treats slightly different baselines as one line and orders runs left to right", () => {
    const runs = [...chars("教师", 96, 700.4), ...chars("新", 72, 699.8), ...chars("招", 84, 700)];
    expect(rebuildParagraphs([runs])).toEqual(["新招教师"]);
  });

  it("continues a paragraph that reached the right margin, and starts one at an indent or a marker", () => {
    const page = [
      ...chars("一、加强队伍建设", 96, 780),
      ...chars("　　开头一段也写满到右边距", 72, 760),
      ...chars("　　第一行写满到右边距为止", 72, 740), // full width: reaches the margin
      ...chars("续行在左边距开始。", 72, 720),
      ...chars("另起一段缩进两格", 96, 700),
      ...chars("1.条目在左边距但有编号", 72, 680),
    ];
    expect(rebuildParagraphs([page])).toEqual([
      "一、加强队伍建设",
      "开头一段也写满到右边距",
      "第一行写满到右边距为止续行在左边距开始。",
      "另起一段缩进两格",
      "1.条目在左边距但有编号",
    ]);
  });

  it("continues a paragraph across a page break and drops page numbers", () => {
    const first = [
      ...chars("　　跨页的段落写满一整行文字", 72, 120),
      ...chars("第二行也写满了一整行的文字", 72, 100),
      { str: "- 1 -", x: 280, y: 40, width: 30, fontSize: 10 },
    ];
    const second = [...chars("在下一页继续。", 72, 770), { str: "2", x: 290, y: 40, width: 6, fontSize: 10 }];
    expect(rebuildParagraphs([first, second])).toEqual([
      "跨页的段落写满一整行文字第二行也写满了一整行的文字在下一页继续。",
    ]);
  });

  it("inserts a space between Latin words separated by a gap, not between Chinese ones", () => {
    const runs: PlacedText[] = [
      { str: "Total", x: 72, y: 500, width: 30, fontSize: 12 },
      { str: "215", x: 110, y: 500, width: 18, fontSize: 12 },
      { str: "名", x: 140, y: 500, width: 12, fontSize: 12 },
    ];
    expect(rebuildParagraphs([runs])).toEqual(["Total 215名"]);
  });
});
