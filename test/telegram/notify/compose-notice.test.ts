import { describe, expect, it } from "vitest";
import { composeNotice } from "../../../src/telegram/notify/compose-notice.js";
import { countFigures, pickHighlights } from "../../../src/telegram/notify/highlights.js";
import { makeReport } from "./support/report-fixture.js";
import { assertTelegramHtml } from "./support/telegram-html-check.js";

describe("composeNotice", () => {
  const report = makeReport();

  it("names the report, its district and year, and counts sections and items", () => {
    const { html } = composeNotice(report, "new");
    expect(html).toContain("新报告");
    expect(html).toContain("《青浦区教育局2020年工作总结》");
    expect(html).toContain("青浦区 · 2020年");
    expect(html).toContain("共 2 部分、4 条");
    expect(html).toContain("/report 310118-2020-a1b2c3");
  });

  it("shows the items richest in figures as highlights, richest first", () => {
    const { html } = composeNotice(report, "new");
    const lines = html.split("\n").filter((line) => line.startsWith("• "));
    expect(lines).toHaveLength(2); // only two items carry figures
    expect(lines[0]).toContain("新增学位2,400个");
    expect(lines[1]).toContain("招录新教师196名");
  });

  it("words an update differently", () => {
    const { html } = composeNotice(report, "update");
    expect(html).toContain("报告已更新");
    expect(html).not.toContain("新报告");
  });

  it("escapes the report's own text so Telegram parses it", () => {
    const hostile = makeReport({
      title: "<b>标题</b> & <script>",
      sections: [{ no: 1, title: "一<二>", items: [{ no: "1", title: "x", text: "a<b>1</b>&2 数字3" }] }],
    });
    const { html } = composeNotice(hostile, "new");
    expect(html).toContain("《&lt;b&gt;标题&lt;/b&gt; &amp; &lt;script&gt;》");
    expect(html).not.toContain("<script>");
    assertTelegramHtml(html);
  });

  it("offers a first question and the outline as buttons", () => {
    const buttons = composeNotice(report, "new").keyboard.flat();
    expect(buttons).toEqual([
      { text: "💬 问一个问题", callback_data: "nq:310118-2020-a1b2c3" },
      { text: "📑 查看大纲", callback_data: "rp:310118-2020-a1b2c3" },
    ]);
  });

  it("stays within Telegram's 4096 characters for a huge report", () => {
    const long = "很长".repeat(3000);
    const huge = makeReport({
      title: long,
      sections: Array.from({ length: 50 }, (_, i) => ({
        no: i + 1,
        title: long,
        items: [{ no: "1", title: long, text: `${long}1、2、3` }],
      })),
    });
    expect(composeNotice(huge, "new").html.length).toBeLessThan(4096);
  });
});

describe("highlights", () => {
  it("counts half- and full-width figures once each", () => {
    expect(countFigures("新增学位2,400个，１２３所，1.5亿元")).toBe(3);
    expect(countFigures("没有数字")).toBe(0);
  });

  it("keeps at most the requested number and document order on ties", () => {
    const report = makeReport({
      sections: [
        {
          no: 1,
          title: "s",
          items: ["甲1", "乙2", "丙3", "丁4"].map((text, i) => ({
            no: String(i + 1),
            title: text,
            text: "",
          })),
        },
      ],
    });
    expect(pickHighlights(report, 3).map((h) => h.item.title)).toEqual(["甲1", "乙2", "丙3"]);
  });
});
