import type { Report } from "../../core/domain/report.js";
import { ReportEngine } from "../../core/engine.js";
import { ItemIndex } from "../../core/index/item-index.js";
import type { Snapshot } from "./snapshot-file.js";

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * An engine from a verified snapshot, without parsing, segmenting or even splitting terms: the exported
 * dictionary is loaded first, reports are added with their stored items (term ids, counts, folded text)
 * in the original order (so document ids match the export), then FlexSearch's export and the pair counts
 * are imported instead of recomputed. Yields now and then so the bot keeps
 * answering (from the engine it has) while this runs.
 */
export async function restoreEngine(
  snapshot: Snapshot,
  onProgress: (restored: number) => void = () => {},
): Promise<ReportEngine> {
  const index = new ItemIndex();
  // The exporting index's term ids, so the items' stored term ids mean the same words.
  index.importTerms(snapshot.index.terms);
  const reports = new Map<string, Report>();
  let restored = 0;
  for (const [position, file] of snapshot.files.entries()) {
    restored++;
    if (!file.report) continue;
    // Same replacement rule as the engine's add: a later file with the same report id wins.
    if (reports.has(file.report.id)) index.remove(file.report.id);
    reports.set(file.report.id, file.report);
    index.addRestored(file.report, snapshot.itemsOf(position));
    if (restored % 200 === 0) {
      onProgress(restored);
      await nextTurn();
    }
  }
  index.importState(snapshot.index);
  onProgress(restored);
  return ReportEngine.over(index, [...reports.values()]);
}
