import type { Answer, CoveredDistrict, Reason, Result, Understanding } from "../domain/answer.js";
import { reportMeta } from "../domain/report.js";
import type { IndexedItem, ItemIndex } from "../index/item-index.js";
import type { ParsedQuestion } from "../query/understand.js";
import { highlight } from "./highlight.js";
import { Ranker, type Scored } from "./rank.js";
import { defaultRankingSettings, type RankingSettings } from "./settings.js";

export interface CorpusView {
  index: ItemIndex;
  /** Which years each district's reports cover, and their ids. */
  coverage: readonly { district: string; year: number; reportId: string }[];
}

/** Reports one part of a question is asked of: a district, a year, both, or the whole corpus. */
interface Group {
  district?: string;
  year?: number;
  reportIds: string[];
  /** Only the plan part of these reports: the year asked is the one an earlier report plans for. */
  planOnly?: boolean;
}

function label(group: Group): string {
  return [group.district, group.year !== undefined ? `${group.year}年` : undefined].filter(Boolean).join(" ");
}

function coveredDistricts(coverage: CorpusView["coverage"]): CoveredDistrict[] {
  const byDistrict = new Map<string, Set<number>>();
  for (const entry of coverage)
    byDistrict.set(entry.district, (byDistrict.get(entry.district) ?? new Set()).add(entry.year));
  return [...byDistrict].map(([district, years]) => ({ district, years: [...years].sort((a, b) => a - b) }));
}

/**
 * The groups of reports a question asks about, and the reasons for what it asks that no report covers.
 * Districts pair with the year written after them (琮山2018和柘湾2021); otherwise each district named is
 * asked in each year named; a comparison over a district's years (两年分别, 哪一年更多) asks each year.
 */
function planGroups(question: ParsedQuestion, corpus: CorpusView): { groups: Group[]; reasons: Reason[] } {
  const reasons: Reason[] = [];
  const covered = new Set(corpus.coverage.map((entry) => entry.district));
  const yearsOf = (district?: string) =>
    [
      ...new Set(
        corpus.coverage
          .filter((entry) => !district || entry.district === district)
          .map((entry) => entry.year),
      ),
    ].sort((a, b) => a - b);
  const reportsOf = (district?: string, year?: number) =>
    corpus.coverage
      .filter(
        (entry) => (!district || entry.district === district) && (year === undefined || entry.year === year),
      )
      .map((entry) => entry.reportId);

  const named: { district: string; end: number }[] = [];
  for (const mention of question.places) {
    const inCorpus = mention.names.find((name) => covered.has(name));
    if (inCorpus) {
      if (!named.some((place) => place.district === inCorpus))
        named.push({ district: inCorpus, end: mention.end });
      if (mention.how === "typo" || mention.how === "pinyin")
        reasons.push({ kind: "place-read-as", written: mention.written, district: inCorpus });
    } else if (mention.names.length > 1) {
      reasons.push({ kind: "ambiguous-district", written: mention.written, options: mention.names });
    } else {
      reasons.push({
        kind: "district-not-covered",
        district: mention.names[0]!,
        covered: coveredDistricts(corpus.coverage),
      });
    }
  }
  // A place named that no report covers is never answered from another district's report.
  if (named.length === 0 && question.places.length > 0) return { groups: [], reasons };

  // A year written right after a district is that district's (柘湾跟桐泾22年: 2022 is 桐泾's); the others
  // apply to every district that has none of its own.
  const years = question.years.filter((year) => !year.inContent);
  const own = new Map<string, number[]>();
  const shared: number[] = [];
  for (const year of years) {
    const before = named.find(
      (place) =>
        place.end <= year.start && /^[\s的]*$/.test(question.normalized.slice(place.end, year.start)),
    );
    if (before && named.length > 1)
      own.set(before.district, [...(own.get(before.district) ?? []), year.year]);
    else shared.push(year.year);
  }
  const districts: (string | undefined)[] = named.length ? named.map((place) => place.district) : [undefined];
  const pairs = districts.flatMap((district): [string | undefined, number | undefined][] => {
    const asked = [
      ...new Set([
        ...(district ? (own.get(district) ?? []) : []),
        ...(district && own.has(district) ? [] : shared),
      ]),
    ];
    if (asked.length > 0) return asked.map((year) => [district, year]);
    // 两年分别多少 / 哪一年更多 of one district with several reports: each year is a part of the answer.
    if (district && question.compares && named.length === 1)
      return yearsOf(district).map((year) => [district, year]);
    return [[district, undefined]];
  });

  const groups: Group[] = [];
  for (const [district, year] of pairs) {
    const reportIds = reportsOf(district, year);
    // 2022年计划新建几所学校 of a district whose 2021 report ends with its plan for 2022: that plan answers
    // a question about intentions (not 2022年实际招了多少, which only a 2022 report can).
    const planners =
      year === undefined || !question.asksPlan
        ? []
        : reportsOf(district, year - 1).filter((id) => hasPlan(corpus, id));
    if (reportIds.length === 0 && planners.length > 0) {
      groups.push({
        ...(district ? { district } : {}),
        year: year! - 1,
        reportIds: planners,
        planOnly: true,
      });
      continue;
    }
    // 2022年投用后 with no 2022 report: the year is one the district's reports speak of (an earlier plan).
    const softYear =
      year !== undefined && question.years.some((mention) => mention.year === year && mention.mayBeContent);
    if (reportIds.length === 0 && softYear && reportsOf(district).length > 0) {
      groups.push({ ...(district ? { district } : {}), reportIds: reportsOf(district) });
      continue;
    }
    if (reportIds.length === 0) {
      reasons.push({
        kind: "year-not-covered",
        ...(district ? { district } : {}),
        year: year!,
        years: yearsOf(district),
      });
      continue;
    }
    groups.push({ ...(district ? { district } : {}), ...(year !== undefined ? { year } : {}), reportIds });
  }
  return { groups, reasons };
}

/** A term held by more than this share of all items is too common to look candidates up by. */
const COMMON_TERM_SHARE = 0.05;
/** At most this many terms (the rarest) look up candidates. */
const MAX_CANDIDATE_TERMS = 12;

function hasPlan(corpus: CorpusView, reportId: string): boolean {
  return corpus.index.itemsOf([reportId]).some((doc) => doc.section.part === "plan");
}

function candidatesFor(
  group: Group,
  question: ParsedQuestion,
  corpus: CorpusView,
  settings: RankingSettings,
): IndexedItem[] {
  if (group.planOnly)
    return corpus.index.itemsOf(group.reportIds).filter((doc) => doc.section.part === "plan");
  if (group.reportIds.length <= settings.exhaustiveReports) return corpus.index.itemsOf(group.reportIds);
  // FlexSearch walks each term's whole posting list: words most items hold (学生, 教育) cost the most and
  // select the least, so the rarer words find the candidates, and the common ones only when nothing else does.
  const all = [
    ...new Set(question.concepts.flatMap((concept) => concept.alternatives.map((alt) => alt.term))),
  ]
    .map((term) => ({ term, df: corpus.index.termDocumentFrequency(term) }))
    .filter(({ df }) => df > 0)
    .sort((a, b) => a.df - b.df);
  const common = COMMON_TERM_SHARE * corpus.index.size;
  const selective = all.filter(({ df }) => df <= common);
  const terms = (selective.length > 0 ? selective : all.slice(0, 3))
    .slice(0, MAX_CANDIDATE_TERMS)
    .map(({ term }) => term);
  return corpus.index.candidates(terms, {
    ...(group.district !== undefined ? { district: group.district } : {}),
    ...(group.year !== undefined ? { year: group.year } : {}),
  });
}

function toResult(scored: Scored, question: ParsedQuestion, ranker: Ranker): Result {
  const { doc } = scored;
  const span = ranker.excerpt(scored);
  const excerpt = doc.fullText.slice(span.start, span.end);
  const titleLength = doc.fullText.length - doc.item.text.length;
  const subpoint = doc.item.subpoints?.find(
    (point) =>
      scored.sentence.start >= titleLength + point.start && scored.sentence.start < titleLength + point.end,
  );
  return {
    ref: doc.ref,
    report: reportMeta(doc.report),
    section: {
      no: doc.section.no,
      title: doc.section.title,
      ...(doc.section.part ? { part: doc.section.part } : {}),
    },
    item: { no: doc.item.no, title: doc.item.title, ...(subpoint ? { subpoint: subpoint.no } : {}) },
    excerpt,
    highlights: highlight(excerpt, question, doc.folded.slice(span.start, span.end)),
    score: Math.round(scored.score * 1000) / 1000,
    confidence: scored.confidence,
  };
}

/** Takes the lists' best first, then their second best, and so on: each part of a cross question shows. */
function interleave(lists: Scored[][], top: number): Scored[] {
  const out: Scored[] = [];
  for (let rank = 0; out.length < top && lists.some((list) => rank < list.length); rank++) {
    for (const list of lists) if (rank < list.length && out.length < top) out.push(list[rank]!);
  }
  return out;
}

/** Words of the question the nearest item holds, and those it does not (for a truthful note). */
function wordsOf(
  question: ParsedQuestion,
  best: Scored | undefined,
): { matched: string[]; missing: string[] } {
  const matched: string[] = [];
  const missing: string[] = [];
  question.concepts.forEach((concept, index) => {
    (best?.matched[index] ? matched : missing).push(concept.word);
  });
  return { matched, missing };
}

/**
 * Answers one parsed question from the corpus: the best items in score order, each with its confidence
 * and its answering sentence; `found` when the best is confident enough. When none is, the nearest
 * items are still returned as related reading, with the reasons.
 */
export function answerQuestion(
  query: string,
  question: ParsedQuestion,
  corpus: CorpusView,
  top = 3,
  settings: RankingSettings = defaultRankingSettings,
): Answer {
  const understanding: Understanding = {
    districts: question.places.map((place) => place.names[0]!),
    years: question.reportYears,
    intent: question.intent,
    terms: question.concepts.map((concept) => concept.word),
  };
  const reasons: Reason[] = [];
  for (const concept of question.concepts) {
    const fix = concept.alternatives.find((alt) => alt.kind === "homophone");
    if (fix && corpus.index.termDocumentFrequency(concept.word) === 0)
      reasons.push({ kind: "corrected", from: concept.word, to: fix.term });
  }
  const nothing = (more: Reason[], results: Result[] = []): Answer => ({
    query,
    found: false,
    answer: null,
    reasons: [...more, ...reasons],
    results,
    understanding,
  });

  if (corpus.coverage.length === 0) return nothing([{ kind: "no-reports" }]);
  if (question.concepts.length === 0 && question.bigrams.length === 0)
    return nothing([{ kind: "nothing-asked" }]);
  const plan = planGroups(question, corpus);
  if (plan.groups.length === 0) return nothing(plan.reasons);

  const ranker = new Ranker(corpus.index, question, settings);
  const ranked = plan.groups.map((group) => ranker.rank(candidatesFor(group, question, corpus, settings)));
  // A part is answered when one of its best few is confident (the best by score may be a near miss).
  const confident = ranked.map((list) =>
    list.slice(0, 3).some((scored) => scored.confidence >= settings.minConfidence),
  );
  // Items far below the bar are noise, not related reading; each part keeps at least its best, unless it
  // holds nothing of the question at all.
  const floor = settings.relatedShare * settings.minConfidence;
  const parts = ranked
    .map((list) =>
      list.filter((scored, index) => (index === 0 && scored.confidence > 0) || scored.confidence >= floor),
    )
    .filter((list) => list.length > 0);
  const chosen =
    parts.length > 1 ? interleave(parts, Math.max(top, parts.length)) : (parts[0] ?? []).slice(0, top);
  const results = chosen.map((scored) => toResult(scored, question, ranker));

  if (!confident.some(Boolean)) {
    // 北湖中学: a district's name that begins a school's may have named only the school.
    const institution = question.places.find((place) => place.beginsInstitution);
    if (institution) {
      const places = question.places.filter((place) => place !== institution);
      const other = answerQuestion(query, { ...question, places }, corpus, top, settings);
      if (other.found) return other;
    }
    const { matched, missing } = wordsOf(question, ranked.find((list) => list.length > 0)?.[0]);
    return nothing(
      [
        ...plan.reasons,
        { kind: "not-confident", where: plan.groups.map(label).filter(Boolean), matched, missing },
      ],
      results,
    );
  }
  const more: Reason[] = [...plan.reasons];
  plan.groups.forEach((group, index) => {
    if (!confident[index] && plan.groups.length > 1)
      more.push({ kind: "group-without-answer", where: label(group) });
  });
  const answering = results.findIndex((result) => result.confidence >= settings.minConfidence);
  const answeringItem = chosen[answering]!;
  if (question.intent === "number" && !answeringItem.sentenceHasFigure) {
    const words = question.concepts
      .filter((_, index) => answeringItem.matched[index])
      .map((concept) => concept.word);
    more.push({ kind: "no-figure", words });
  }
  return {
    query,
    found: true,
    answer: { text: results[answering]!.excerpt, result: answering },
    reasons: [...more, ...reasons],
    results,
    understanding,
  };
}
