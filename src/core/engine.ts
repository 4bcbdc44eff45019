import { answerQuestion, type CorpusView } from "./answer/answer.js";
import type { Answer, Reason } from "./domain/answer.js";
import type { AskOptions, Coverage, Engine, LocatedItem } from "./domain/engine.js";
import type { Report } from "./domain/report.js";
import type { ReportAnalysis } from "./index/analyse-report.js";
import { type IndexState, ItemIndex } from "./index/item-index.js";
import { type FollowUp, readFollowUp } from "./query/follow-up.js";
import { PlaceFinder } from "./query/places.js";
import { HomophoneFinder } from "./query/spelling.js";
import { type ParsedQuestion, understand } from "./query/understand.js";
import { gazetteer } from "./zh/gazetteer.js";

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
    const coverage = this.sortedCoverageList();
    const view: CorpusView = { index: this.index, coverage };
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
    const divisions = settleDivisions(question, coverage);
    if (divisions.kind === "ambiguous") return ambiguityAnswer(query, question, divisions.reasons);
    if (divisions.prefixes.length > 0) {
      // The prefecture written before the name (南京鼓楼, 南京市鼓楼区) chose the reports; it is no content word.
      let rest = question.normalized;
      for (const { start, end } of [...divisions.prefixes].sort((a, b) => b.start - a.start))
        rest = `${rest.slice(0, start)}${rest.slice(end)}`;
      question = understand(rest, places);
      view.coverage = divisions.coverage;
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
type Divisions =
  | { kind: "settled"; coverage: Coverage[]; prefixes: { start: number; end: number }[] }
  | { kind: "ambiguous"; reasons: Reason[] };

/**
 * Several districts share a name (鼓楼区 of 南京市, 福州市, 徐州市, 开封市). When the corpus holds reports of
 * more than one of them, a question that names the district must say which: by its prefecture written before
 * the name (南京鼓楼, 南京市鼓楼区), which then keeps only that district's reports. Otherwise the question is
 * ambiguous, and the answer says so with the choices (their names with the prefecture, and their codes).
 */
function settleDivisions(question: ParsedQuestion, coverage: readonly Coverage[]): Divisions {
  let kept: readonly Coverage[] = coverage;
  const prefixes: { start: number; end: number }[] = [];
  const reasons: Reason[] = [];
  for (const mention of question.places) {
    const district = mention.names.find((name) => coverage.some((entry) => entry.district === name));
    if (!district) continue;
    const codes = [
      ...new Set(coverage.filter((entry) => entry.district === district).map((entry) => entry.code ?? "")),
    ];
    if (codes.length < 2) continue;
    const before = question.normalized.slice(0, mention.start);
    let chosen: { code: string; length: number } | undefined;
    for (const code of codes) {
      const place = gazetteer().byCode(code);
      const city = place?.city ?? place?.province;
      if (!city) continue;
      const forms = [city, city.replace(/(市|地区|自治州|盟|省)$/, "")].filter((form) => form.length >= 2);
      const form = forms.find((candidate) => before.endsWith(candidate));
      if (form) chosen = { code, length: form.length };
    }
    if (chosen) {
      const code = chosen.code;
      kept = kept.filter((entry) => entry.district !== district || entry.code === code);
      prefixes.push({ start: mention.start - chosen.length, end: mention.start });
      continue;
    }
    const places = codes.map((code) => gazetteer().byCode(code));
    reasons.push({
      kind: "ambiguous-district",
      written: mention.written,
      options: places.map((place, index) =>
        place ? gazetteer().qualifiedName(place) : `${district}（${codes[index]}）`,
      ),
      divisions: codes,
    });
  }
  if (reasons.length > 0) return { kind: "ambiguous", reasons };
  return { kind: "settled", coverage: [...kept], prefixes };
}

/** Nothing is answered from a district the question may not mean: the choices instead. */
function ambiguityAnswer(query: string, question: ParsedQuestion, reasons: Reason[]): Answer {
  return {
    query,
    found: false,
    answer: null,
    reasons,
    results: [],
    understanding: {
      districts: question.places.map((place) => place.names[0]!),
      years: question.reportYears,
      intent: question.intent,
      terms: question.concepts.map((concept) => concept.word),
    },
  };
}

/** A report id begins with its district's division code (see parse-report's stableId). */
function divisionCodeOf(reportId: string): string | undefined {
  return /^(\d{6})-/.exec(reportId)?.[1];
}

export function createEngine(reports: readonly Report[] = []): Engine {
  return new ReportEngine(reports);
}
