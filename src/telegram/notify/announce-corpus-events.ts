import type { AddedEvent, CorpusWatcher, UpdatedEvent } from "../../ingest/watch-corpus.js";
import type { Store } from "../../persist/store.js";
import type { BroadcastLogger } from "./broadcaster.js";
import { enqueueReportNotice } from "./outbox.js";

export interface AnnounceOptions {
  store: Pick<Store, "db" | "notices" | "deliveries" | "subscriptions">;
  /** Told that new deliveries are waiting (the broadcaster's `wake`). */
  wake: () => void;
  log?: BroadcastLogger;
  /** Called after each event: reconciles the index with the notices (a failed write is caught up there). */
  reconcile?: () => void;
}

/**
 * Turns the corpus watcher's added/updated events into notices in the durable outbox, then wakes the
 * broadcaster. The same content announced twice (a rescan after a restart) is recognised by the outbox and
 * notifies no one. Returns a function that unhooks.
 */
export function announceCorpusEvents(
  watcher: Pick<CorpusWatcher, "on" | "off">,
  options: AnnounceOptions,
): () => void {
  const announce = (event: AddedEvent | UpdatedEvent, kind: "new" | "update") => {
    try {
      const result = enqueueReportNotice(options.store, event.report, { kind });
      options.log?.info(
        { reportId: event.report.id, kind, notice: result.noticeId, deliveries: result.deliveries },
        result.noticeId === undefined ? "report already announced" : "report notice queued",
      );
      if (result.deliveries > 0) options.wake();
    } catch (error) {
      // Reconciliation writes it later (and logs an error if that keeps failing).
      options.log?.warn({ err: error, reportId: event.report.id }, "could not queue the report notice");
    }
    options.reconcile?.();
  };
  const onAdded = (event: AddedEvent) => announce(event, "new");
  const onUpdated = (event: UpdatedEvent) => announce(event, "update");
  watcher.on("added", onAdded);
  watcher.on("updated", onUpdated);
  return () => {
    watcher.off("added", onAdded);
    watcher.off("updated", onUpdated);
  };
}
