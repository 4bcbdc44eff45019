import type { Answer } from "../answer/types.js";
import type { Engine } from "./types.js";

/**
 * An engine whose answers, while the corpus is still loading, say so ("报告仍在加载中（已加载 N / M 份）"):
 * a "not found" then may only mean "not loaded yet", and the user should know.
 */
export function withLoadingNote(engine: Engine, loadingNote: () => string | undefined): Engine {
  const annotate = (answer: Answer): Answer => {
    const note = loadingNote();
    if (!note) return answer;
    return { ...answer, note: answer.note ? `${note}${answer.note}` : note };
  };
  return {
    ask: (question, options) => annotate(engine.ask(question, options)),
    reports: () => engine.reports(),
    report: (id) => engine.report(id),
    item: (ref) => engine.item(ref),
    coverage: () => engine.coverage(),
    add: (report) => engine.add(report),
    remove: (reportId) => engine.remove(reportId),
  };
}
