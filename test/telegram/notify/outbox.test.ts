import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../../src/persist/store.js";
import { enqueueReportNotice, reportContentKey } from "../../../src/telegram/notify/outbox.js";
import { makeReport } from "./support/report-fixture.js";

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "outbox-"));
  store = openStore({ file: join(dir, "bot.sqlite") });
  store.subscriptions.subscribe(1, "private");
  store.subscriptions.subscribe(2, "private", "青浦区");
  store.subscriptions.subscribe(3, "private", "嘉定区");
  store.subscriptions.subscribe(-100, "supergroup", "青浦区");
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("enqueueReportNotice", () => {
  it("records one notice and a pending delivery per matching subscriber", () => {
    const result = enqueueReportNotice(store, makeReport());
    expect(result).toMatchObject({ kind: "new", deliveries: 3 });
    const deliveries = store.deliveries.forNotice(result.noticeId!);
    expect(deliveries.map((d) => [d.chatId, d.state])).toEqual([
      [1, "pending"],
      [2, "pending"],
      [-100, "pending"],
    ]);
    expect(store.notices.get(result.noticeId!)?.payload.html).toContain("青浦区教育局2020年工作总结");
  });

  it("ignores the same content seen again, and announces changed content as an update", () => {
    const report = makeReport();
    enqueueReportNotice(store, report);
    expect(enqueueReportNotice(store, { ...report, source: "renamed.txt" })).toEqual({
      noticeId: undefined,
      kind: "update",
      deliveries: 0,
    });
    const changed = { ...report, title: `${report.title}（修订）` };
    expect(reportContentKey(changed)).not.toBe(reportContentKey(report));
    expect(enqueueReportNotice(store, changed)).toMatchObject({ kind: "update", deliveries: 3 });
    expect(store.notices.all()).toHaveLength(2);
  });

  it("respects an explicit kind from the ingestion", () => {
    expect(enqueueReportNotice(store, makeReport(), { kind: "update" }).kind).toBe("update");
  });

  it("is atomic: a failure half-way leaves neither the notice nor any delivery", () => {
    // A real constraint failure inside SQLite on the third delivery row, not a mock.
    store.db.exec(`CREATE TRIGGER fail_third BEFORE INSERT ON deliveries
      WHEN (SELECT COUNT(*) FROM deliveries) >= 2 BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    expect(() => enqueueReportNotice(store, makeReport())).toThrow(/disk full/);
    expect(store.notices.all()).toEqual([]);
    expect(store.deliveries.countByState()).toMatchObject({ pending: 0 });
    store.db.exec("DROP TRIGGER fail_third");
    expect(enqueueReportNotice(store, makeReport()).deliveries).toBe(3);
  });

  it("survives a restart: pending deliveries are still there", () => {
    const { noticeId } = enqueueReportNotice(store, makeReport());
    store.close();
    store = openStore({ file: join(dir, "bot.sqlite") });
    expect(store.deliveries.forNotice(noticeId!)).toHaveLength(3);
    expect(store.deliveries.countByState().pending).toBe(3);
  });
});
