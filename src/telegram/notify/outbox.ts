import { createHash } from "node:crypto";
import type { Report } from "../../core/domain/report.js";
import type { NoticeKind } from "../../persist/notices.js";
import type { Store } from "../../persist/store.js";
import { type ComposeOptions, composeNotice } from "./compose-notice.js";
import { subscriptionNames } from "./resolve-district.js";

export interface EnqueueResult {
  /** Undefined when this exact content was announced before (nothing new was recorded). */
  noticeId: number | undefined;
  kind: NoticeKind;
  deliveries: number;
}

/** Identifies a report's content: the same file seen twice (rescan, re-upload) gives the same key. */
export function reportContentKey(report: Report): string {
  const { source: _source, ...content } = report;
  return `${report.id}:${createHash("sha256").update(JSON.stringify(content)).digest("hex").slice(0, 32)}`;
}

export interface EnqueueOptions {
  /** new | update as the ingestion saw it; by default, update when this report id was announced before. */
  kind?: NoticeKind;
  compose?: ComposeOptions;
  /**
   * "none": record the notice as sent to no one. The first reconciliation takes the corpus as it is then as
   * already known (see reconcile-notices), without announcing reports that were never new.
   */
  audience?: "subscribers" | "none";
}

/**
 * The durable outbox: the notice and one pending delivery per matching active subscriber are written in ONE
 * transaction, so a crash leaves either all of them or none — never a notice that some subscribers miss.
 */
export function enqueueReportNotice(
  store: Pick<Store, "db" | "notices" | "deliveries" | "subscriptions">,
  report: Report,
  options: EnqueueOptions = {},
): EnqueueResult {
  const contentKey = reportContentKey(report);
  return store.db
    .transaction((): EnqueueResult => {
      const kind = options.kind ?? (store.notices.hasAnnounced(report.id) ? "update" : "new");
      const noticeId = store.notices.insert({
        reportId: report.id,
        kind,
        contentKey,
        district: report.district,
        payload: composeNotice(report, kind, options.compose),
      });
      if (noticeId === undefined) return { noticeId, kind, deliveries: 0 };
      if (options.audience === "none") return { noticeId, kind, deliveries: 0 };
      const recipients = store.subscriptions.recipientsFor(subscriptionNames(report));
      return { noticeId, kind, deliveries: store.deliveries.createForNotice(noticeId, recipients) };
    })
    .immediate();
}
