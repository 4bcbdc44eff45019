import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { Answer, Result } from "../../src/core/domain/answer.js";
import type { Report } from "../../src/core/domain/report.js";
import { escapeHtml } from "../../src/render/escape.js";
import {
  answerPageHtml,
  highlightedExcerpt,
  itemHtml,
  notFoundHtml,
  outlineHtml,
  resultHtml,
} from "../../src/render/html.js";
import { chineseDate, itemHeading } from "../../src/render/labels.js";
import { paginate } from "../../src/render/pages.js";
import { parseTelegramHtml } from "../support/telegram-html.js";

/** What the user sees after Telegram parses the HTML (throws where Telegram would refuse it). */
const seen = (html: string) => parseTelegramHtml(html).text;
const bold = (html: string) => {
  const { text, entities } = parseTelegramHtml(html);
  return entities.filter((e) => e.type === "bold").map((e) => text.slice(e.offset, e.offset + e.length));
};

const report: Report = {
  id: "000000-2031-test01",
  title: "示例区2031年教育工作总结",
  district: "示例区",
  year: 2031,
  publisher: "示例区教育局",
  date: "2032-02-03",
  source: "example.txt",
  sections: [
    {
      no: 1,
      title: "队伍建设 <重点>",
      items: [
        { no: null, title: "导语段", text: "" },
        { no: "1", title: "招聘教师", text: "全年招聘教师88名 & 引进<骨干>9名。\n一是培训；二是考核。" },
      ],
    },
    { no: 2, title: "经费", items: [{ no: "2", title: "投入", text: "投入1.5亿元。" }] },
  ],
};

function result(overrides: Partial<Result> = {}): Result {
  return {
    ref: "000000-2031-test01_1_1",
    report: {
      id: report.id,
      title: report.title,
      district: "示例区",
      year: 2031,
      publisher: "示例区教育局",
      date: "2032-02-03",
      source: "example.txt",
    },
    section: { no: 1, title: "队伍建设 <重点>" },
    item: { no: "1", title: "招聘教师" },
    excerpt: "全年招聘教师88名 & 引进<骨干>9名",
    highlights: [
      { start: 2, end: 6, kind: "term" },
      { start: 6, end: 9, kind: "number" },
    ],
    score: 1,
    confidence: 0.9,
    ...overrides,
  };
}

function answer(results: Result[], districts = ["示例区"], years = [2031]): Answer {
  return {
    query: "q",
    found: results.length > 0,
    answer: results.length ? { text: results[0]!.excerpt, result: 0 } : null,
    reasons: [],
    results,
    understanding: { districts, years, intent: "number", terms: ["招聘"] },
  };
}

describe("escaping", () => {
  test("escapes exactly what Telegram's HTML mode needs", () => {
    expect(escapeHtml(`<script>a && "b"</script>`)).toBe(
      "&lt;script&gt;a &amp;&amp; &quot;b&quot;&lt;/script&gt;",
    );
    expect(escapeHtml("*_[]()~`>#+-=|{}.! 中文")).toBe("*_[]()~`&gt;#+-=|{}.! 中文");
  });

  test("any text survives escaping and Telegram parsing unchanged", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), (text) => seen(escapeHtml(text)) === text));
  });
});

describe("the answering sentence", () => {
  test("matched terms and numbers are bold; the rest is escaped text", () => {
    const html = highlightedExcerpt("全年招聘教师88名 & 引进<骨干>9名", result().highlights);
    expect(seen(html)).toBe("全年招聘教师88名 & 引进<骨干>9名");
    expect(bold(html)).toEqual(["招聘教师88名"]);
  });

  test("overlapping, reversed or out-of-range highlights never break the markup", () => {
    const arbitrary = fc.record({
      excerpt: fc.string({ unit: "grapheme", maxLength: 60 }),
      highlights: fc.array(
        fc.record({
          start: fc.integer({ min: -5, max: 70 }),
          end: fc.integer({ min: -5, max: 70 }),
          kind: fc.constantFrom("term" as const, "number" as const),
        }),
        { maxLength: 6 },
      ),
    });
    fc.assert(
      fc.property(arbitrary, ({ excerpt, highlights }) => {
        const html = highlightedExcerpt(excerpt, highlights);
        expect(seen(html)).toBe(excerpt);
      }),
    );
  });
});

describe("citation", () => {
  test("the result shows a compact citation; the item's view the full one (report · section · item · publisher and date), escaped", () => {
    const text = seen(resultHtml(result()));
    expect(text).toContain("📄 示例区2031年工作总结 · 第1部分 · 第1条");
    expect(text).not.toContain("《");
    const section = report.sections[0]!;
    const full = seen(itemHtml({ report, section, item: section.items[1]!, ref: "000000-2031-test01_1_1" }));
    expect(full).toContain(
      "📄 出处：《示例区2031年教育工作总结》 · 第1部分 队伍建设 <重点> · 第1条 招聘教师 · 示例区教育局 2032-02-03",
    );
  });

  test("item headings: numbered, lead paragraph, sub-point", () => {
    expect(itemHeading({ no: "29", title: "强化" })).toBe("第29条 强化");
    expect(itemHeading({ no: null, title: "总体情况" })).toBe("导语 总体情况");
    expect(itemHeading({ no: "7.2", title: "考核" })).toBe("第7条第2点 考核");
    expect(chineseDate("2021-03-31")).toBe("2021年3月31日");
    expect(chineseDate("2021年")).toBe("2021年");
  });
});

describe("pages", () => {
  const three = [
    result(),
    result({ ref: "b", excerpt: "第二条结果" }),
    result({ ref: "c", excerpt: "第三条结果" }),
  ];

  test("one result per page, with the page count", () => {
    const a = answer(three);
    expect(paginate(a)).toEqual([[0], [1], [2]]);
    expect(seen(answerPageHtml({ answer: a, results: [1], page: 1, pages: 3 }))).toContain("第二条结果");
    expect(seen(answerPageHtml({ answer: a, results: [1], page: 1, pages: 3 }))).toContain("第 2/3 条");
  });

  test("a question naming two districts puts the best of each report side by side first", () => {
    const other = result({
      ref: "x",
      excerpt: "另一区的答案",
      report: { ...result().report, id: "other", district: "另一区", title: "另一区报告" },
    });
    const a = answer([three[0]!, three[1]!, other], ["示例区", "另一区"]);
    const pages = paginate(a);
    expect(pages[0]).toEqual([0, 2]);
    const first = seen(answerPageHtml({ answer: a, results: pages[0]!, page: 0, pages: pages.length }));
    expect(first).toContain("示例区 2031年");
    expect(first).toContain("另一区 2031年");
    expect(first).toContain("另一区的答案");
  });

  test("no pages when nothing was found", () => {
    expect(paginate(answer([]))).toEqual([]);
  });
});

describe("views", () => {
  test("not found echoes the question literally and lists coverage", () => {
    const nothing: Answer = {
      ...answer([]),
      reasons: [{ kind: "not-confident", where: ["示例区"], matched: [], missing: ["午餐"] }],
    };
    const text = seen(
      notFoundHtml("<b>午餐</b> & 费用", nothing, [
        { district: "示例区", year: 2031, reportId: report.id, title: report.title },
      ]),
    );
    expect(text).toContain("「<b>午餐</b> & 费用」");
    expect(text).toContain("示例区的报告里没有找到与问题相符的内容。");
    expect(text).toContain("示例区 2031年《示例区2031年教育工作总结》");
  });

  test("not found still offers the nearest items, marked as possibly related", () => {
    const near: Answer = {
      ...answer([result({ confidence: 0.2 })]),
      found: false,
      answer: null,
      reasons: [{ kind: "not-confident", where: ["示例区 2031年"], matched: ["招聘"], missing: ["午餐"] }],
    };
    const text = seen(notFoundHtml("午餐补助", near, []));
    expect(text).toContain("可能相关");
    expect(text).toContain("全年招聘教师88名");
    expect(text).toContain("提到了「招聘」，但没有提到「午餐」");
  });

  test("a full item keeps its text as printed, escaped, with its place", () => {
    const located = { report, section: report.sections[0]!, item: report.sections[0]!.items[1]!, ref: "r" };
    const text = seen(itemHtml(located));
    expect(text).toContain("第1条 招聘教师");
    expect(text).toContain("《示例区2031年教育工作总结》 · 第1部分 队伍建设 <重点>");
    expect(text).toContain("招聘教师。全年招聘教师88名 & 引进<骨干>9名。\n一是培训；二是考核。");
  });

  test("an outline lists every item, as deep links when a link maker is given", () => {
    const refOf = (s: number, i: string | null) => `${report.id}_${s}_${i ?? 0}`;
    const html = outlineHtml(report, refOf, (ref) => `https://t.me/bot?start=item_${ref}&x="y"`);
    const { text, entities } = parseTelegramHtml(html);
    for (const item of report.sections.flatMap((s) => s.items)) expect(text).toContain(item.title);
    const links = entities.filter((e) => e.type === "text_link");
    expect(links).toHaveLength(3);
    expect(links[1]!.url).toBe(`https://t.me/bot?start=item_${report.id}_1_1&x="y"`);
    expect(parseTelegramHtml(outlineHtml(report, refOf)).entities.some((e) => e.type === "text_link")).toBe(
      false,
    );
  });

  test("an outline and a full item name the plan part of a summary-plus-plan report", () => {
    const planned = {
      ...report,
      sections: report.sections.map((section, index) => ({
        ...section,
        part: index === 0 ? ("summary" as const) : ("plan" as const),
      })),
    };
    const text = parseTelegramHtml(outlineHtml(planned, (s, i) => `${s}_${i}`)).text;
    expect(text).toContain("第1部分 队伍建设 <重点>");
    expect(text).not.toContain("工作计划 · 第1部分");
    expect(text).toContain("工作计划 · 第2部分 经费");
    const located = {
      report: planned,
      section: planned.sections[1]!,
      item: planned.sections[1]!.items[0]!,
      ref: "r",
    };
    expect(seen(itemHtml(located))).toContain("· 工作计划 · 第2部分 经费");
  });
});
