import { answerQuestion, type CorpusView } from "../answer/answer.js";
import type { Answer } from "../answer/types.js";
import { ItemIndex } from "../index/item-index.js";
import { HomophoneFinder } from "../query/spelling.js";
import { understand } from "../query/understand.js";
import type { Report } from "../report/types.js";
import type { AskOptions, Coverage, Engine, LocatedItem } from "./types.js";

/** Questions longer than this are cut: nobody asks 10,000 characters, and jieba should not chew them. */
export const MAX_QUESTION_LENGTH = 500;

class ReportEngine implements Engine {
  private readonly index = new ItemIndex();
  private readonly byId = new Map<string, Report>();
  private readonly spelling = new HomophoneFinder(this.index);

  constructor(reports: readonly Report[]) {
    for (const report of reports) this.add(report);
  }

  ask(text: string, options: AskOptions = {}): Answer {
    const query = text.trim().slice(0, MAX_QUESTION_LENGTH);
    const top = Math.max(1, Math.min(options.top ?? 3, 50));
    const view: CorpusView = { index: this.index, coverage: this.coverage() };
    const question = understand(query);
    question.concepts = this.spelling.correct(question.concepts);
    return answerQuestion(query, question, view, top);
  }

  reports(): readonly Report[] {
    return [...this.byId.values()];
  }

  report(id: string): Report | undefined {
    return this.byId.get(id);
  }

  item(ref: string): LocatedItem | undefined {
    const doc = this.index.byRef(ref);
    return doc ? { report: doc.report, section: doc.section, item: doc.item, ref: doc.ref } : undefined;
  }

  coverage(): Coverage[] {
    return [...this.byId.values()]
      .map((report) => ({
        district: report.district,
        year: report.year,
        reportId: report.id,
        title: report.title,
      }))
      .sort((a, b) => a.district.localeCompare(b.district, "zh") || b.year - a.year);
  }

  add(report: Report): void {
    if (this.byId.has(report.id)) this.index.remove(report.id);
    this.byId.set(report.id, report);
    this.index.add(report);
  }

  remove(reportId: string): boolean {
    this.byId.delete(reportId);
    return this.index.remove(reportId);
  }
}

/** Builds the answer engine over parsed reports (see `loadCorpus`). */
export function createEngine(reports: readonly Report[] = []): Engine {
  return new ReportEngine(reports);
}
