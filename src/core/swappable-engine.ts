import type { Answer } from "./domain/answer.js";
import type { AskOptions, Coverage, Engine, LocatedItem } from "./domain/engine.js";
import type { Report } from "./domain/report.js";
import type { ReportEngine } from "./engine.js";

type Change = { add: Report } | { remove: string };

/**
 * The engine handed out while a corpus loads. It answers from whatever engine is current; a snapshot is
 * restored into a separate engine that then takes over in one step, and reports added or removed through
 * this engine meanwhile are replayed onto it, so no change is lost and no question sees half an index.
 */
export class SwappableEngine implements Engine {
  private changes: Change[] = [];

  constructor(private current: ReportEngine) {}

  /** The engine now answering (the loader adds analysed reports to it directly). */
  get inner(): ReportEngine {
    return this.current;
  }

  /** Whether anything was added or removed through this engine since the load began. */
  get changedDuringLoad(): boolean {
    return this.changes.length > 0;
  }

  replace(next: ReportEngine): void {
    for (const change of this.changes) {
      if ("add" in change) next.add(change.add);
      else next.remove(change.remove);
    }
    this.current = next;
  }

  /** The load is over: stop remembering changes. */
  settle(): void {
    this.changes = [];
    this.recording = false;
  }

  private recording = true;

  ask(question: string, options?: AskOptions): Answer {
    return this.current.ask(question, options);
  }

  reports(): readonly Report[] {
    return this.current.reports();
  }

  report(id: string): Report | undefined {
    return this.current.report(id);
  }

  item(ref: string): LocatedItem | undefined {
    return this.current.item(ref);
  }

  coverage(): Coverage[] {
    return this.current.coverage();
  }

  add(report: Report): void {
    if (this.recording) this.changes.push({ add: report });
    this.current.add(report);
  }

  remove(reportId: string): boolean {
    if (this.recording) this.changes.push({ remove: reportId });
    return this.current.remove(reportId);
  }
}
