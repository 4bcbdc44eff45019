import { answerQuestion, type CorpusView } from "../answer/answer.js";
import type { Answer } from "../answer/types.js";
import { gazetteer } from "../gazetteer/districts.js";
import type { ReportAnalysis } from "../index/analyse-report.js";
import { type IndexState, ItemIndex } from "../index/item-index.js";
import { type FollowUp, readFollowUp } from "../query/follow-up.js";
import { PlaceFinder } from "../query/places.js";
import { HomophoneFinder } from "../query/spelling.js";
import { understand } from "../query/understand.js";
import type { Report } from "../report/types.js";
import type { AskOptions, Coverage, Engine, LocatedItem } from "./types.js";

/** Questions longer than this are cut: nobody asks 10,000 characters, and jieba should not chew them. */
export const MAX_QUESTION_LENGTH = 500;

export class ReportEngine implements Engine {
  private readonly byId = new Map<string, Report>();
  private readonly spelling: HomophoneFinder;
  /** Sorting thousands of districts with a Chinese collator costs milliseconds: sort once per change. */
  private sortedCoverage: Coverage[] | undefined;
  /** Reads the corpus's districts in questions; rebuilt when the set of districts changes. */
  private places: { key: string; finder: PlaceFinder; coverage: Coverage[] | undefined } | undefined;

  constructor(
    reports: readonly Report[] = [],
    private readonly index = new ItemIndex(),
  ) {
    this.spelling = new HomophoneFinder(index);
    for (const report of reports) this.add(report);
  }

  /**
   * Adopts an index whose reports were added to it already (restored from a snapshot): the engine only
   * learns their ids.
   */
  static over(index: ItemIndex, reports: readonly Report[]): ReportEngine {
    const engine = new ReportEngine([], index);
    for (const report of reports) engine.byId.set(report.id, report);
    return engine;
  }

  ask(text: string, options: AskOptions = {}): Answer {
    const query = text.trim().slice(0, MAX_QUESTION_LENGTH);
    const top = Math.max(1, Math.min(options.top ?? 3, 50));
    const view: CorpusView = { index: this.index, coverage: this.sortedCoverageList() };
    const places = this.placeFinder(view.coverage);
    let question = understand(query, places);
    let followUp: FollowUp | undefined;
    if (options.previous) {
      const previous = understand(options.previous.slice(0, MAX_QUESTION_LENGTH), places);
      const covers = (district: string, year: number) =>
        view.coverage.some((entry) => entry.district === district && entry.year === year);
      followUp = readFollowUp(question, previous, covers);
      if (followUp) question = understand(followUp.question, places);
    }
    question.concepts = this.spelling.correct(question.concepts);
    const answer = answerQuestion(query, question, view, top, options.settings);
    if (!followUp) return answer;
    const reading = [
      ...question.places.map((place) => place.names[0]!),
      ...question.reportYears.map((year) => `${year}年`),
      ...question.concepts.map((concept) => concept.word),
    ].join(" ");
    return {
      ...answer,
      reasons: [{ kind: "read-as-follow-up", question: followUp.question, reading }, ...answer.reasons],
    };
  }

  /** Built again only when the set of districts changed (it is read on every question). */
  private placeFinder(coverage: readonly { district: string }[]): PlaceFinder {
    if (this.places && this.places.coverage === this.sortedCoverage) return this.places.finder;
    const districts = [...new Set(coverage.map((entry) => entry.district))];
    const key = districts.join("|");
    if (this.places?.key !== key)
      this.places = { key, finder: new PlaceFinder(districts), coverage: undefined };
    this.places.coverage = this.sortedCoverage;
    return this.places.finder;
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
    // A copy, as before: callers may sort or filter what they get.
    return [...this.sortedCoverageList()];
  }

  /** The coverage sorted once per change; `ask` reads it without copying it. */
  private sortedCoverageList(): readonly Coverage[] {
    this.sortedCoverage ??= [...this.byId.values()]
      .map((report): Coverage => {
        const code = divisionCodeOf(report.id);
        const place = code ? gazetteer().byCode(code) : undefined;
        return {
          district: report.district,
          year: report.year,
          reportId: report.id,
          title: report.title,
          ...(code ? { code } : {}),
          ...(place?.province ? { province: place.province } : {}),
          ...(place?.city ? { city: place.city } : {}),
        };
      })
      .sort((a, b) => a.district.localeCompare(b.district, "zh") || b.year - a.year);
    return this.sortedCoverage;
  }

  add(report: Report): void {
    this.addAnalysed(report);
  }

  /** `add` with the report's segmentation done already (by a worker thread or a snapshot). */
  addAnalysed(report: Report, analysis?: ReportAnalysis): void {
    if (this.byId.has(report.id)) this.index.remove(report.id);
    this.byId.set(report.id, report);
    this.sortedCoverage = undefined;
    this.index.add(report, analysis);
  }

  /** The index's own state for a snapshot (see ItemIndex.exportState). */
  exportIndex(): IndexState {
    return this.index.exportState();
  }

  remove(reportId: string): boolean {
    this.byId.delete(reportId);
    this.sortedCoverage = undefined;
    return this.index.remove(reportId);
  }
}

/** Builds the answer engine over parsed reports (see `loadCorpus`). */
/** A report id begins with its district's division code (see parse-report's stableId). */
function divisionCodeOf(reportId: string): string | undefined {
  return /^(\d{6})-/.exec(reportId)?.[1];
}

export function createEngine(reports: readonly Report[] = []): Engine {
  return new ReportEngine(reports);
}
