/**
 * The shared corpus on a real PostgreSQL: a report is written once with its bytes, hash and outcome, whichever
 * instance adds it; another instance's mirror indexes it from the notification; an update replaces the old
 * version everywhere; a refused file is recorded with its reason; one notice per new content.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createEngine } from "../../src/core/engine.js";
import { publishReport, SharedCorpusMirror } from "../../src/ingest/shared-corpus.js";
import { connectPostgres } from "../../src/persist/postgres/connect.js";
import { sampleReport, utf8TextBytes } from "../support/fixtures.js";
import { createTestDatabase, describePostgres, type TestDatabase } from "../support/postgres.js";

let database: TestDatabase;
let writer: pg.Pool;
let reader: pg.Pool;

async function eventually<T>(what: string, check: () => T | undefined): Promise<T> {
  for (let attempt = 0; attempt < 250; attempt++) {
    const value = check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`not within 5 s: ${what}`);
}

describePostgres("shared corpus", () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    writer = await connectPostgres(database.url, { max: 3 });
    reader = await connectPostgres(database.url, { max: 3 });
  });
  afterAll(async () => {
    await writer?.end();
    await reader?.end();
    await database?.drop();
  });

  it("writes once, announces once, and another instance indexes it from the notification", async () => {
    const engine = createEngine([]);
    const mirror = new SharedCorpusMirror(reader, mkdtempSync(join(tmpdir(), "mirror-")));
    expect(await mirror.sync()).toBe(0);
    await mirror.follow(engine, 60_000); // the poll is far off: only NOTIFY can bring it in time
    try {
      const report = sampleReport({ district: "宝山区", year: 2021 });
      const bytes = utf8TextBytes(report);
      const added = await publishReport(writer, { bytes, name: "宝山2021.txt" });
      expect(added.status).toBe("added");
      // The same bytes again, from "another instance" under another name: nothing new.
      const again = await publishReport(reader, { bytes, name: "copy.txt" });
      expect(again).toMatchObject({ status: "duplicate", duplicateOf: "宝山2021.txt" });

      const indexed = await eventually("the reader indexes it", () =>
        engine.ask("宝山2021年招录新教师多少名").found ? true : undefined,
      );
      expect(indexed).toBe(true);
      expect(readdirSync(mirror.dir)).toEqual(["宝山2021.txt"]);
      expect(readFileSync(join(mirror.dir, "宝山2021.txt"))).toEqual(bytes);

      const stored = await writer.query(
        "SELECT name, status, format, length(bytes) AS size FROM report_files",
      );
      expect(stored.rows).toEqual([
        { name: "宝山2021.txt", status: "indexed", format: "txt", size: bytes.length },
      ]);
      const notices = await writer.query("SELECT kind FROM notices WHERE report_id = $1", [
        added.status === "added" ? added.report.id : "",
      ]);
      expect(notices.rows).toEqual([{ kind: "new" }]);

      // A new version (same district, year, title) replaces the old one on every instance.
      const newer = sampleReport({ district: "宝山区", year: 2021 });
      newer.sections[1]!.items[0]!.text = "全年招录新教师233名，其中研究生学历占比百分之四十。";
      const updated = await publishReport(writer, { bytes: utf8TextBytes(newer), name: "宝山2021-修订.txt" });
      expect(updated).toMatchObject({ status: "updated", replaced: "宝山2021.txt" });
      await eventually("the reader answers from the new version", () =>
        engine.ask("宝山2021年招录新教师多少名").results[0]?.excerpt.includes("233") ? true : undefined,
      );
      expect(engine.reports().filter((r) => r.district === "宝山区")).toHaveLength(1);
      const statuses = await writer.query("SELECT status FROM report_files ORDER BY seq");
      expect(statuses.rows.map((row) => row.status)).toEqual(["superseded", "indexed"]);
      // The old bytes are history: re-adding them does not bring the old version back.
      expect((await publishReport(writer, { bytes, name: "宝山2021.txt" })).status).toBe("duplicate");
    } finally {
      await mirror.close();
    }
  });

  it("records a refused file with its reason, and a fresh mirror holds exactly the current reports", async () => {
    const refused = await publishReport(writer, { bytes: Buffer.from("这不是一份报告。"), name: "note.txt" });
    expect(refused.status).toBe("rejected");
    const { rows } = await writer.query("SELECT status, reason FROM report_files WHERE name = 'note.txt'");
    expect(rows).toEqual([
      { status: "rejected", reason: refused.status === "rejected" ? refused.reason : "" },
    ]);

    const mirror = new SharedCorpusMirror(reader, mkdtempSync(join(tmpdir(), "mirror-")));
    expect(await mirror.sync()).toBe(1);
    expect(readdirSync(mirror.dir)).toEqual(["宝山2021.txt"]);
    expect(readFileSync(join(mirror.dir, "宝山2021.txt"), "utf8")).toContain("233");
  });
});
