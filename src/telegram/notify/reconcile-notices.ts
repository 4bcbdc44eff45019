import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Report } from "../../core/domain/report.js";
import type { Store } from "../../persist/store.js";
import type { BroadcastLogger } from "./broadcaster.js";
import { enqueueReportNotice, reportContentKey } from "./outbox.js";

/** Written once the corpus has been taken as the starting point: from then on, what is new is announced. */
export const NOTICE_BASELINE_FILE = "notices-baseline.json";

/** Waits before a failed outbox write (a full disk, a locked database) is tried again; then it is logged. */
export const DEFAULT_RETRY_DELAYS_MS = [1_000, 5_000, 30_000, 120_000, 600_000] as const;

export interface ReconcileOptions {
  store: Pick<Store, "db" | "notices" | "deliveries" | "subscriptions">;
  /** Where the baseline marker lives (DATA_DIR). */
  dataDir: string;
  /** The reports the index holds now. */
  reports: () => readonly Report[];
  /** Told that new deliveries are waiting (the broadcaster's `wake`). */
  wake: () => void;
  log?: BroadcastLogger;
  retryDelaysMs?: readonly number[];
  /** Injected in tests: schedules a retry. */
  schedule?: (run: () => void, ms: number) => { unref?: () => unknown };
}

export interface ReconcileResult {
  /** Notices written this time (announced, or recorded as known when taking the baseline). */
  notices: number;
  deliveries: number;
  baseline: boolean;
}

/**
 * Notices from state, not from events: every report in the index whose content was never announced gets
 * its notice now. Run at start (a report added while the bot was down, or indexed just before a crash) and
 * after every ingest (a notice whose write failed — a full disk — is written by the next run). The outbox
 * recognises content already announced, so each version is announced exactly once however often this runs.
 *
 * The very first run (no baseline marker in DATA_DIR) records the corpus as it is as known, announcing
 * nothing: reports that were there from the start are not news.
 */
export class NoticeReconciler {
  private attempt = 0;
  private retryPending = false;
  private closed = false;
  private readonly baselinePath: string;
  /** Content keys of the reports seen so far: the index hands out the same report objects every time. */
  private readonly keys = new WeakMap<Report, string>();
  private running: Promise<unknown> | undefined;
  private again = false;

  constructor(private readonly options: ReconcileOptions) {
    this.baselinePath = join(options.dataDir, NOTICE_BASELINE_FILE);
  }

  /** One pass; a failure is logged and retried later (bounded), never thrown. */
  async run(): Promise<ReconcileResult | undefined> {
    try {
      const result = await this.reconcile();
      if (this.attempt > 0) this.options.log?.info({ attempts: this.attempt + 1 }, "notices caught up");
      this.attempt = 0;
      return result;
    } catch (error) {
      this.retryLater(error);
      return undefined;
    }
  }

  /**
   * Asks for a pass after an ingest; passes requested while one runs are merged into one more, so a burst
   * of sixty files costs two passes, not sixty.
   */
  request(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.request();
      }
    });
  }

  /** Resolves once no pass is running or requested. */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  close(): void {
    this.closed = true;
  }

  private async reconcile(): Promise<ReconcileResult> {
    const { store, log } = this.options;
    const baseline = !existsSync(this.baselinePath);
    const known = new Set(store.notices.all().map((notice) => notice.contentKey));
    let notices = 0;
    let deliveries = 0;
    for (const report of this.options.reports()) {
      let key = this.keys.get(report);
      if (key === undefined) {
        key = reportContentKey(report);
        this.keys.set(report, key);
      }
      if (known.has(key)) continue;
      const result = enqueueReportNotice(store, report, baseline ? { audience: "none" } : {});
      if (result.noticeId === undefined) continue;
      notices++;
      deliveries += result.deliveries;
      if (!baseline) {
        log?.info(
          { reportId: report.id, kind: result.kind, notice: result.noticeId, deliveries: result.deliveries },
          "report notice queued",
        );
      }
    }
    if (baseline) {
      await mkdir(this.options.dataDir, { recursive: true });
      await writeFile(this.baselinePath, JSON.stringify({ at: new Date().toISOString(), reports: notices }));
      log?.info({ reports: notices }, "notices: the corpus as it is taken as known");
    }
    if (deliveries > 0) this.options.wake();
    return { notices, deliveries, baseline };
  }

  private retryLater(error: unknown): void {
    const delays = this.options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    const { log } = this.options;
    if (this.attempt >= delays.length) {
      log?.error(
        { err: error, attempts: this.attempt + 1 },
        "notices could not be written; they will be written at the next ingest or start",
      );
      this.attempt = 0;
      return;
    }
    const delay = delays[this.attempt]!;
    this.attempt++;
    if (this.attempt === 1) log?.warn({ err: error, retryInMs: delay }, "could not write notices; retrying");
    else log?.error({ err: error, attempt: this.attempt, retryInMs: delay }, "still cannot write notices");
    if (this.retryPending || this.closed) return;
    this.retryPending = true;
    const schedule = this.options.schedule ?? ((run, ms) => setTimeout(run, ms));
    schedule(() => {
      this.retryPending = false;
      this.request();
    }, delay).unref?.();
  }
}
