import { describe, expect, it } from "vitest";
import { parseDistricts } from "../../../src/telegram/features/subscriptions.js";
import { TelegramRateLimiter } from "../../../src/telegram/notify/rate-limiter.js";
import { resolveDistrict, subscriptionNames } from "../../../src/telegram/notify/resolve-district.js";

describe("resolveDistrict", () => {
  it("accepts short and full names through the gazetteer", () => {
    expect(resolveDistrict("青浦", [])).toEqual({ kind: "ok", district: "青浦区" });
    expect(resolveDistrict(" 嘉定区 ", [])).toEqual({ kind: "ok", district: "嘉定区" });
  });

  it("refuses what is no district", () => {
    expect(resolveDistrict("火星", [])).toEqual({ kind: "unknown", name: "火星" });
    expect(resolveDistrict("<b>", [])).toMatchObject({ kind: "unknown" });
  });

  it("lets the corpus decide between several full names, else asks", () => {
    const lookup = () => ["通州区", "通州市"];
    expect(resolveDistrict("通州", ["通州市"], lookup)).toEqual({ kind: "ok", district: "通州市" });
    expect(resolveDistrict("通州", [], lookup)).toEqual({
      kind: "ambiguous",
      name: "通州",
      options: ["通州区", "通州市"],
    });
  });

  it("asks which of several districts of one name, named with their prefecture; that name is understood", () => {
    const resolution = resolveDistrict("鼓楼", ["鼓楼区"]);
    expect(resolution.kind).toBe("ambiguous");
    expect(resolution.kind === "ambiguous" && [...resolution.options].sort()).toEqual(
      ["南京市鼓楼区", "开封市鼓楼区", "徐州市鼓楼区", "福州市鼓楼区"].sort(),
    );
    expect(resolveDistrict("鼓楼区", []).kind).toBe("ambiguous");
    expect(resolveDistrict("南京市鼓楼区", [])).toEqual({ kind: "ok", district: "南京市鼓楼区" });
    // One district of a unique name keeps its plain name.
    expect(resolveDistrict("青浦区", ["青浦区"])).toEqual({ kind: "ok", district: "青浦区" });
  });

  it("a report's district is subscribed to by its name and by its name with the prefecture", () => {
    expect(subscriptionNames({ id: "320106-2020-abcdef", district: "鼓楼区" })).toEqual([
      "鼓楼区",
      "南京市鼓楼区",
    ]);
    expect(subscriptionNames({ id: "x1a2b3c-2020-abcdef", district: "新设区" })).toEqual(["新设区"]);
  });

  it("accepts a well-formed full name the gazetteer lacks", () => {
    expect(resolveDistrict("新设区", [], () => [])).toEqual({ kind: "ok", district: "新设区" });
  });
});

describe("parseDistricts", () => {
  it("splits on spaces and Chinese punctuation, once each", () => {
    expect(parseDistricts(" 青浦 嘉定，松江、徐汇 青浦 ")).toEqual(["青浦", "嘉定", "松江", "徐汇"]);
    expect(parseDistricts("")).toEqual([]);
  });
});

describe("TelegramRateLimiter", () => {
  const limits = { globalPerSecond: 10, perChatIntervalMs: 1000, groupPerMinute: 3 };

  it("spaces sends evenly and keeps one second between messages to one chat", () => {
    const limiter = new TelegramRateLimiter(limits);
    expect(limiter.readyAt(1, false, 0)).toBe(0);
    limiter.answered(limiter.record(1, false, 0), 20);
    expect(limiter.readyAt(2, false, 0)).toBe(100);
    expect(limiter.readyAt(1, false, 0)).toBe(1000);
  });

  it("counts a message until a second after its answer, and for good while unanswered", () => {
    const limiter = new TelegramRateLimiter({ ...limits, globalPerSecond: 2 });
    const first = limiter.record(1, false, 0);
    limiter.record(2, false, 500);
    expect(limiter.readyAt(3, false, 5000)).toBe(Number.POSITIVE_INFINITY);
    limiter.answered(first, 5000);
    expect(limiter.readyAt(3, false, 5000)).toBe(6000);
  });

  it("allows a group only so many messages a minute", () => {
    const limiter = new TelegramRateLimiter(limits);
    for (const at of [0, 2000, 4000]) limiter.answered(limiter.record(-9, true, at), at);
    expect(limiter.readyAt(-9, true, 5000)).toBe(60_000);
    expect(limiter.readyAt(9, false, 5000)).toBe(5000);
  });
});
