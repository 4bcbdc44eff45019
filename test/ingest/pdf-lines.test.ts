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

  it("drops a running header and footer that every page repeats, and joins a word split over the page break", () => {
    const page = (number: number, body: PlacedText[]) => [
      ...chars("榆陵县教育局文件", 240, 800, 10),
      ...body,
      ...chars(`第 ${number} 页 共 2 页`, 260, 40, 10),
    ];
    const first = page(1, [
      ...chars("　　1.推进教育信息化。建成录播教室三十间，开展同", 72, 760),
      ...chars("一、第二部分的标题", 72, 740), // a line that opens a section is never continued
      ...chars("　　2.推进城乡一体化。覆盖乡村学校的同步", 72, 720),
    ]);
    const second = page(2, [...chars("课堂达到一百二十节，惠及学生三千人。", 72, 760)]);
    expect(rebuildParagraphs([first, second])).toEqual([
      "1.推进教育信息化。建成录播教室三十间，开展同",
      "一、第二部分的标题",
      "2.推进城乡一体化。覆盖乡村学校的同步课堂达到一百二十节，惠及学生三千人。",
    ]);
  });

  it("keeps a line that merely looks like a header when it is not repeated on most pages", () => {
    const first = [...chars("二〇二三年工作总结", 240, 800, 10), ...chars("正文第一页。", 72, 760)];
    const second = [...chars("正文第二页。", 72, 760)];
    const third = [...chars("正文第三页。", 72, 760)];
    expect(rebuildParagraphs([first, second, third])).toEqual([
      "二〇二三年工作总结",
      "正文第一页。",
      "正文第二页。",
      "正文第三页。",
    ]);
  });

  it("joins a figure broken over a line end into one figure, and English words with a space", () => {
    const page = [
      ...chars("　　1.招录教师。全年面向全国公开招录新教师共计1", 72, 760),
      ...chars("96名，其中来自Beijing", 72, 740),
      ...chars("Normal University的12名。", 72, 720),
    ];
    expect(rebuildParagraphs([page])).toEqual([
      "1.招录教师。全年面向全国公开招录新教师共计196名，其中来自Beijing Normal University的12名。",
    ]);
  });

  it("joins a wrapped line that broke off mid-sentence short of the margin, and starts none at a figure", () => {
    const page = [
      ...chars("　　3.教师招录。全年面向全国公开招录新教师共计", 72, 760), // no punctuation at its end
      ...chars("1.5万人次报名，最终录用196名。", 72, 740), // 1.5万 is a figure, not an item number
      ...chars("　　4.教师培训。完成培训4800人次。", 72, 720),
      ...chars("5.心理健康。配备心理教师60名。", 72, 700),
    ];
    expect(rebuildParagraphs([page])).toEqual([
      "3.教师招录。全年面向全国公开招录新教师共计1.5万人次报名，最终录用196名。",
      "4.教师培训。完成培训4800人次。",
      "5.心理健康。配备心理教师60名。",
    ]);
  });
});
