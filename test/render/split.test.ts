import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { splitHtml, TELEGRAM_MESSAGE_LIMIT, visibleText } from "../../src/render/split.js";
import { parseTelegramHtml } from "../support/telegram-html.js";

const squash = (text: string) => text.replace(/\s+/g, "");

describe("splitHtml", () => {
  test("a message within the limit is left alone", () => {
    expect(splitHtml("<b>短</b>消息")).toEqual(["<b>短</b>消息"]);
    expect(splitHtml("  \n ")).toEqual([]);
  });

  test("splits at paragraph breaks when they fill the part well", () => {
    const paragraph = (n: number) => `${"段".repeat(30)}${n}。`;
    const html = Array.from({ length: 10 }, (_, n) => paragraph(n)).join("\n\n");
    const parts = splitHtml(html, 100);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(100);
      expect(part).toMatch(/。$/);
      expect(part).not.toMatch(/^\s|\s$/);
    }
    expect(parts.join("\n\n")).toBe(html);
  });

  test("falls back to sentence ends inside a long paragraph, never mid-sentence", () => {
    const html = Array.from({ length: 50 }, (_, n) => `这是第${n}句话，内容完整。`).join("");
    const parts = splitHtml(html, 120);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part).toMatch(/^这是第\d+句话，内容完整。.*。$/);
    expect(parts.join("")).toBe(html);
  });

  test("a tag open at the cut is closed and reopened, entities and emoji stay whole", () => {
    const inner = `粗体&amp;文字😀`.repeat(40);
    const parts = splitHtml(`开头<b><i>${inner}</i></b>结尾`, 90);
    expect(parts.length).toBeGreaterThan(2);
    for (const [index, part] of parts.entries()) {
      expect(() => parseTelegramHtml(part)).not.toThrow();
      if (index > 0) expect(part.startsWith("<b><i>")).toBe(true);
      if (index < parts.length - 1) expect(part.endsWith("</i></b>")).toBe(true);
      expect(part).not.toMatch(/\uD83D$/); // no half of a surrogate pair
    }
    expect(parts.map(visibleText).join("")).toBe(visibleText(`开头<b><i>${inner}</i></b>结尾`));
  });

  test("Telegram's own limit is the default", () => {
    const html = `${"字".repeat(TELEGRAM_MESSAGE_LIMIT)}。${"字".repeat(100)}`;
    const parts = splitHtml(html);
    expect(parts).toHaveLength(2);
    expect(parts[0]!.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
  });

  /** Random messages as the bot builds them: escaped text of every kind, in nested tags and links, over lines. */
  const text = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          "教育",
          "。",
          "，",
          "；",
          "！",
          "\n",
          "\n\n",
          " ",
          "&amp;",
          "&lt;",
          "&gt;",
          "&quot;",
          "😀",
          "2020",
          "a",
        ),
        fc.string({ unit: "grapheme-ascii", maxLength: 8 }).map((s) => s.replace(/[<>&"]/g, "")),
      ),
      { maxLength: 40 },
    )
    .map((pieces) => pieces.join(""));
  const span: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small" },
      text,
      fc
        .tuple(fc.constantFrom("b", "i", "u", "s", "code"), tie("node"))
        .map(([tag, body]) => `<${tag}>${body}</${tag}>`),
      // Telegram does not nest links, and neither does the bot: a link's body holds no other link.
      tie("node").map(
        (body) => `<a href="https://t.me/x?start=item_1&amp;y">${body.replace(/<\/?a[^>]*>/g, "")}</a>`,
      ),
      fc.array(tie("node"), { maxLength: 4 }).map((nodes) => nodes.join("")),
    ),
  })).node;

  /** Whole messages: many spans in a row, so that most need splitting. */
  const message = fc.array(span, { minLength: 5, maxLength: 40 }).map((spans) => spans.join("\n"));

  // Limits stay above the markup around one character (nested tags and a link); Telegram's is 4096.
  test("property: every part parses alone, fits, and together they show the same text", () => {
    let split = 0;
    fc.assert(
      fc.property(message, fc.integer({ min: 2, max: 8 }), (html, divisor) => {
        const limit = Math.max(200, Math.floor(html.length / divisor));
        const parts = splitHtml(html, limit);
        if (parts.length > 1) split++;
        for (const part of parts) {
          expect(part.length).toBeLessThanOrEqual(limit);
          expect(() => parseTelegramHtml(part)).not.toThrow();
        }
        expect(squash(parts.map(visibleText).join(""))).toBe(squash(visibleText(html)));
      }),
      { numRuns: 300 },
    );
    // The property is only worth something if most generated messages were actually split.
    expect(split).toBeGreaterThan(150);
  });
});
