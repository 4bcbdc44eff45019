import type { Answer, Reason } from "../core/domain/answer.js";
import type { Engine } from "../core/domain/engine.js";

/** Reasons that describe the question, not the corpus: still true while it loads. */
const ABOUT_THE_QUESTION = new Set<Reason["kind"]>([
  "nothing-asked",
  "corrected",
  "place-read-as",
  "ambiguous-district",
]);

/**
 * An engine whose answers, while the corpus is still loading, say so. An answer found is given with
 * 「报告正在加载（已加载 N / M 份），答案可能不完整。」 before its own note. A question that finds nothing
 * gets 「…，暂时没有找到答案，请稍后再问。」 and only the reasons about the question itself: those about the
 * corpus (no report for that district or year, no reports at all, nothing that fits) would describe a
 * corpus that is not all there yet.
 */
export function withLoadingNote(engine: Engine, loadingStatus: () => string | undefined): Engine {
  const annotate = (answer: Answer): Answer => {
    const status = loadingStatus();
    if (!status) return answer;
    if (!answer.found) {
      return {
        ...answer,
        note: `${status}，暂时没有找到答案，请稍后再问。`,
        reasons: answer.reasons.filter((reason) => ABOUT_THE_QUESTION.has(reason.kind)),
      };
    }
    const note = `${status}，答案可能不完整。`;
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
