/**
 * The corpus as several instances share it in PostgreSQL: every accepted file's original bytes, its hash and
 * parse outcome live in `report_files`. Whoever adds a report (`npm run add`, an admin upload, a watched folder
 * on any instance) writes it once, together with its notice, and NOTIFYs; every instance LISTENs and indexes it.
 * Each instance keeps its own in-memory index, built from a local mirror of the database's files (so the
 * existing loader and its snapshot serve as the local cache).
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import type pg from "pg";
import type { Engine } from "../core/domain/engine.js";
import type { Report } from "../core/domain/report.js";
import { ReportRejectedError } from "../core/parse/errors.js";
import type { NoticeKind } from "../persist/notices.js";
import { insertNoticeWithDeliveries } from "../persist/postgres/pg-store.js";
import { composeNotice } from "../telegram/notify/compose-notice.js";
import { reportContentKey } from "../telegram/notify/outbox.js";
import { subscriptionNames } from "../telegram/notify/resolve-district.js";
import { type AddOutcome, summarize } from "./add-report.js";
import { isCorpusFileName } from "./corpus-catalog.js";
import { assertReportSize, MAX_REPORT_BYTES } from "./extract-text.js";
import { contentHash, identityKey, parseReportBytes } from "./read-report.js";

const NOTIFY_CHANNEL = "report_files";

/** Where an instance keeps what is local to its use of PostgreSQL (mirror and index snapshot), inside DATA_DIR. */
export function sharedDataDir(dataDir: string): string {
  return join(dataDir, "postgres");
}

/** The local mirror of the shared corpus. */
export function sharedMirrorDir(dataDir: string): string {
  return join(sharedDataDir(dataDir), "shared-corpus");
}
const IDENTITY_LOCK_SPACE = 0x65_64_75 + 3;

export interface PublishOptions {
  /** Queue a notice for subscribers in the same transaction (default true). */
  announce?: boolean;
  now?: () => number;
}

/**
 * Reads, validates and writes one report into the shared corpus. The same bytes twice (from any instance, or a
 * version since replaced) are a duplicate; the same district, year and title is an update that supersedes the
 * current version. A refused file is recorded with its reason, so the refusal is shared too.
 */
export async function publishReport(
  pool: pg.Pool,
  input: { bytes: Uint8Array; name: string },
  options: PublishOptions = {},
): Promise<AddOutcome> {
  const now = options.now ?? Date.now;
  const hash = contentHash(input.bytes);
  let parsed: Awaited<ReturnType<typeof parseReportBytes>>;
  try {
    assertReportSize(input.bytes.byteLength);
    parsed = await parseReportBytes(input.bytes, input.name);
  } catch (error) {
    if (!(error instanceof ReportRejectedError)) throw error;
    // The outcome is kept for every refusal; the bytes too, unless they are over the size limit.
    const tooLarge = input.bytes.byteLength > MAX_REPORT_BYTES;
    await pool.query(
      `INSERT INTO report_files (hash, name, bytes, status, reason, detail, created_at)
       VALUES ($1, $2, $3, 'rejected', $4, $5, $6) ON CONFLICT (hash) DO NOTHING`,
      [
        hash,
        input.name,
        tooLarge ? Buffer.alloc(0) : Buffer.from(input.bytes),
        error.reason,
        error.detail ?? null,
        now(),
      ],
    );
    return {
      status: "rejected",
      fileName: input.name,
      reason: error.reason,
      ...(error.detail ? { detail: error.detail } : {}),
    };
  }
  const identity = identityKey(parsed.report);
  const summary = summarize(parsed.report, parsed.format);

  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    // Two instances adding versions of one report at once: one waits for the other, then sees its row.
    await client.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [IDENTITY_LOCK_SPACE, identity]);
    const same = await client.query<{ name: string; status: string }>(
      "SELECT name, status FROM report_files WHERE hash = $1",
      [hash],
    );
    if (same.rows[0]) {
      await client.query("ROLLBACK");
      return { status: "duplicate", summary, report: parsed.report, duplicateOf: same.rows[0].name };
    }
    const previous = await client.query<{ seq: number; name: string; report_id: string }>(
      `SELECT seq, name, report_id FROM report_files WHERE status = 'indexed' AND (identity = $1 OR report_id = $2)
       ORDER BY seq LIMIT 1 FOR UPDATE`,
      [identity, parsed.report.id],
    );
    const replaced = previous.rows[0];
    if (replaced)
      await client.query("UPDATE report_files SET status = 'superseded' WHERE seq = $1", [replaced.seq]);
    const name =
      replaced && extname(replaced.name).toLowerCase() === extname(input.name).toLowerCase()
        ? replaced.name
        : await freeName(client, input.name);
    const report: Report = { ...parsed.report, source: name };
    const inserted = await client.query<{ seq: number }>(
      `INSERT INTO report_files (hash, name, bytes, status, format, report_id, identity, title, replaces, created_at)
       VALUES ($1, $2, $3, 'indexed', $4, $5, $6, $7, $8, $9) RETURNING seq`,
      [
        hash,
        name,
        Buffer.from(input.bytes),
        parsed.format,
        report.id,
        identity,
        report.title,
        replaced?.report_id ?? null,
        now(),
      ],
    );
    if (options.announce !== false) {
      const kind: NoticeKind = replaced ? "update" : "new";
      await insertNoticeWithDeliveries(
        client,
        {
          reportId: report.id,
          kind,
          contentKey: reportContentKey(report),
          district: report.district,
          payload: composeNotice(report, kind),
        },
        now(),
        subscriptionNames(report),
      );
    }
    await client.query("SELECT pg_notify($1, $2)", [NOTIFY_CHANNEL, String(inserted.rows[0]!.seq)]);
    await client.query("COMMIT");
    return {
      status: replaced ? "updated" : "added",
      summary,
      report,
      source: name,
      ...(replaced ? { replaced: replaced.name } : {}),
    };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** The user's file name unless a current report already uses it: then `name-2.ext`, `name-3.ext` … */
async function freeName(client: pg.PoolClient, name: string): Promise<string> {
  const extension = extname(name);
  const stem = name.slice(0, name.length - extension.length);
  for (let attempt = 1; attempt < 10_000; attempt++) {
    const candidate = attempt === 1 ? name : `${stem}-${attempt}${extension}`;
    const taken = await client.query("SELECT 1 FROM report_files WHERE status = 'indexed' AND name = $1", [
      candidate,
    ]);
    if (taken.rowCount === 0) return candidate;
  }
  throw new Error(`no free corpus name for ${name}`);
}

interface FileRow {
  seq: number;
  name: string;
  hash: string;
  bytes: Buffer;
  replaces: string | null;
}

export interface MirrorChange {
  report: Report;
  /** The report id this one replaced (an update), if any. */
  replaced?: string;
  source: string;
}

export type SharedCorpusLog = (level: "info" | "warn" | "error", message: string, fields?: object) => void;

/**
 * A local folder that holds exactly the database's current reports, kept in step by LISTEN/NOTIFY (and a slow
 * poll as a safety net for a dropped connection). `sync()` before loading; `follow(engine)` after.
 */
export class SharedCorpusMirror {
  readonly dir: string;
  private lastSeq = 0;
  private listener: pg.PoolClient | undefined;
  private poll: NodeJS.Timeout | undefined;
  private catchingUp: Promise<void> = Promise.resolve();
  private engine: Pick<Engine, "add" | "remove" | "report"> | undefined;
  private closed = false;
  private readonly log: SharedCorpusLog;
  constructor(
    private readonly pool: pg.Pool,
    dir: string,
    options: { log?: SharedCorpusLog; onIndexed?: (change: MirrorChange) => void } = {},
  ) {
    this.dir = resolve(dir);
    this.log = options.log ?? (() => {});
    this.onIndexed = options.onIndexed;
  }

  private readonly onIndexed: ((change: MirrorChange) => void) | undefined;

  /** Makes the folder match the database's current reports; returns how many files it holds. */
  async sync(): Promise<number> {
    await mkdir(this.dir, { recursive: true });
    const current = await this.pool.query<{ name: string; hash: string }>(
      "SELECT name, hash FROM report_files WHERE status = 'indexed' ORDER BY seq",
    );
    const max = await this.pool.query<{ seq: number | null }>("SELECT MAX(seq) AS seq FROM report_files");
    const wanted = new Map(current.rows.map((row) => [row.name, row.hash]));
    const present = new Set((await readdir(this.dir)).filter(isCorpusFileName));
    for (const name of present) {
      const hash = wanted.get(name);
      const same = hash !== undefined && contentHash(await readFile(join(this.dir, name))) === hash;
      if (!same) await rm(join(this.dir, name), { force: true });
      else wanted.delete(name);
    }
    for (const [name] of wanted) {
      const row = await this.pool.query<{ bytes: Buffer }>(
        "SELECT bytes FROM report_files WHERE status = 'indexed' AND name = $1",
        [name],
      );
      if (row.rows[0]) await writeFile(join(this.dir, name), row.rows[0].bytes);
    }
    this.lastSeq = max.rows[0]?.seq ?? 0;
    return current.rows.length;
  }

  /** From now on, every report written to the database by any instance is indexed into `engine`. */
  async follow(engine: Pick<Engine, "add" | "remove" | "report">, pollMs = 5000): Promise<void> {
    this.engine = engine;
    await this.listen();
    // Anything committed between sync() and LISTEN is caught up here.
    this.scheduleCatchUp();
    await this.catchingUp;
    this.poll = setInterval(() => {
      if (!this.listener) void this.listen().catch(() => {});
      this.scheduleCatchUp();
    }, pollMs);
    this.poll.unref();
  }

  /** Resolves once every change notified so far is indexed (tests). */
  settled(): Promise<void> {
    return this.catchingUp;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.poll);
    await this.catchingUp;
    if (this.listener) {
      const listener = this.listener;
      this.listener = undefined;
      await listener.query(`UNLISTEN ${NOTIFY_CHANNEL}`).catch(() => {});
      listener.release();
    }
  }

  private async listen(): Promise<void> {
    const client = await this.pool.connect();
    client.on("notification", () => this.scheduleCatchUp());
    client.on("error", (error) => {
      // After close() released it, or a second error on the same connection: it is no longer ours.
      if (this.listener !== client) return;
      this.log("warn", "shared corpus listener lost; polling until it is back", { error: error.message });
      this.listener = undefined;
      client.release(error);
    });
    this.listener = client;
    try {
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    } catch (error) {
      if (this.listener === client) {
        this.listener = undefined;
        client.release(error as Error);
      }
      throw error;
    }
  }

  private scheduleCatchUp(): void {
    this.catchingUp = this.catchingUp
      .then(() => this.catchUp())
      .catch((error: unknown) => {
        this.log("error", "could not index reports from the database", { error: (error as Error).message });
      });
  }

  private async catchUp(): Promise<void> {
    if (this.closed || !this.engine) return;
    const { rows } = await this.pool.query<FileRow>(
      `SELECT seq, name, hash, bytes, replaces FROM report_files
       WHERE seq > $1 AND status IN ('indexed', 'superseded') ORDER BY seq`,
      [this.lastSeq],
    );
    for (const row of rows) {
      this.lastSeq = row.seq;
      let report: Report;
      try {
        ({ report } = await parseReportBytes(row.bytes, row.name));
      } catch (error) {
        // Accepted by the instance that wrote it; refused here only if the parser changed between versions.
        this.log("warn", "a shared report does not parse here", {
          source: row.name,
          error: (error as Error).message,
        });
        continue;
      }
      const old = row.replaces ? this.engine.report(row.replaces) : undefined;
      if (old && old.source !== row.name) await rm(join(this.dir, old.source), { force: true });
      await writeFile(join(this.dir, row.name), row.bytes);
      this.engine.add(report);
      if (row.replaces && row.replaces !== report.id) this.engine.remove(row.replaces);
      this.log("info", "shared report indexed", { reportId: report.id, source: row.name, seq: row.seq });
      this.onIndexed?.({ report, source: row.name, ...(row.replaces ? { replaced: row.replaces } : {}) });
    }
  }
}
