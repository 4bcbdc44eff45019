import { ItemIndex } from "../index/item-index.js";
import type { Report } from "../report/types.js";
import type { Snapshot } from "../snapshot/snapshot-file.js";
import { ReportEngine } from "./engine.js";

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * An engine from a verified snapshot, without parsing or segmenting anything: reports are added with
 * their stored analyses in the original order (so document ids match the export), then FlexSearch's
 * export and the pair counts are imported instead of recomputed. Yields now and then so the bot keeps
 * answering (from the engine it has) while this runs.
 */
export async function restoreEngine(
  snapshot: Snapshot,
  onProgress: (restored: number) => void = () => {},
): Promise<ReportEngine> {
  const index = new ItemIndex();
  const reports = new Map<string, Report>();
  let restored = 0;
  for (const file of snapshot.files) {
    restored++;
    if (!file.report) continue;
    // Same replacement rule as the engine's add: a later file with the same report id wins.
    if (reports.has(file.report.id)) index.remove(file.report.id);
    reports.set(file.report.id, file.report);
    index.add(file.report, file.analysis, { search: false, bigrams: false });
    if (restored % 200 === 0) {
      onProgress(restored);
      await nextTurn();
    }
  }
  index.importState(snapshot.index);
  onProgress(restored);
  return ReportEngine.over(index, [...reports.values()]);
}
