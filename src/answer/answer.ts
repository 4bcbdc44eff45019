import type { District } from "../gazetteer/districts.js";
import type { IndexedItem, ItemIndex } from "../index/item-index.js";
import type { ParsedQuestion } from "../query/understand.js";
import { reportMeta } from "../report/types.js";
import { highlight } from "./highlight.js";
import { Ranker, type Scored } from "./rank.js";
import type { Answer, Result, Understanding } from "./types.js";

/** Below this share of the question's concepts, the best item is not an answer but a coincidence. */
export const MIN_COVERAGE = 0.5;

export interface CorpusView {
  index: ItemIndex;
  /** Which years each district's reports cover, and their ids. */
  coverage: readonly { district: string; year: number; reportId: string }[];
}

interface Group {
  label: string;
  district?: string;
  year?: number;
  reportIds: string[];
}

function describeCoverage(coverage: CorpusView["coverage"]): string {
  const byDistrict = new Map<string, number[]>();
  for (const entry of coverage)
    byDistrict.set(entry.district, [...(byDistrict.get(entry.district) ?? []), entry.year]);
  return [...byDistrict]
    .map(([district, years]) => `${district}（${[...new Set(years)].sort().join("、")}年）`)
    .join("、");
}

/**
 * Which district goes with which year. "青浦2020年和嘉定2017年…" names as many districts as years, in
 * pairs; otherwise every district named is searched in every year named.
 */
function pairsAsked(
  question: ParsedQuestion,
  districts: readonly string[],
  covered: ReadonlySet<string>,
): [string | undefined, number | undefined][] {
  const years = question.years;
  if (question.districts.length >= 2 && question.districts.length === years.length) {
    return question.districts.flatMap((readings, index): [string, number][] => {
      const inCorpus = readings.find((district) => covered.has(district.name));
      return inCorpus ? [[inCorpus.name, years[index]!]] : [];
    });
  }
  const districtList: (string | undefined)[] = districts.length > 0 ? [...districts] : [undefined];
  const yearList: (number | undefined)[] = years.length > 0 ? years : [undefined];
  return districtList.flatMap((district) =>
    yearList.map((year): [string | undefined, number | undefined] => [district, year]),
  );
}

/** Turns the districts and years a question names into the report groups to search, with notes for gaps. */
function planGroups(question: ParsedQuestion, corpus: CorpusView): { groups: Group[]; notes: string[] } {
  const notes: string[] = [];
  const covered = new Set(corpus.coverage.map((entry) => entry.district));
  const districts: string[] = [];
  for (const readings of question.districts) {
    const inCorpus = readings.find((district: District) => covered.has(district.name));
    if (inCorpus) {
      if (!districts.includes(inCorpus.name)) districts.push(inCorpus.name);
    } else {
      notes.push(`语料库中没有${readings[0]!.name}的报告。`);
    }
  }
  const groups: Group[] = [];
  const reportsOf = (district?: string, year?: number) =>
    corpus.coverage
      .filter(
        (entry) =>
          (district === undefined || entry.district === district) &&
          (year === undefined || entry.year === year),
      )
      .map((entry) => entry.reportId);

  if (districts.length === 0 && question.districts.length > 0) return { groups, notes };
  for (const [district, year] of pairsAsked(question, districts, covered)) {
    const reportIds = reportsOf(district, year);
    if (reportIds.length === 0) {
      const place = district ?? "语料库";
      const have = [
        ...new Set(
          reportsOf(district).map((id) => corpus.coverage.find((entry) => entry.reportId === id)!.year),
        ),
      ];
      notes.push(
        district
          ? `${place}没有${year}年的报告${have.length ? `（只收录了${have.sort().join("、")}年）` : ""}。`
          : `语料库中没有${year}年的报告。`,
      );
      continue;
    }
    groups.push({
      label: [district, year !== undefined ? `${year}年` : undefined].filter(Boolean).join(" "),
      ...(district !== undefined ? { district } : {}),
      ...(year !== undefined ? { year } : {}),
      reportIds,
    });
  }
  return { groups, notes };
}

/** Reports few enough to rank every item of: no candidate is ever missed there. */
const EXHAUSTIVE_REPORTS = 8;

function candidatesFor(group: Group, question: ParsedQuestion, corpus: CorpusView): IndexedItem[] {
  const terms = [
    ...new Set(question.concepts.flatMap((concept) => concept.alternatives.map((alt) => alt.term))),
  ];
  const found = corpus.index.candidates(terms, {
    ...(group.district !== undefined ? { district: group.district } : {}),
    ...(group.year !== undefined ? { year: group.year } : {}),
  });
  if (group.reportIds.length <= EXHAUSTIVE_REPORTS)
    return [...found, ...corpus.index.itemsOf(group.reportIds)];
  return found;
}

function toResult(scored: Scored, question: ParsedQuestion, ranker: Ranker): Result {
  const { doc } = scored;
  const span = ranker.excerpt(scored);
  const excerpt = doc.fullText.slice(span.start, span.end);
  const subpoint = doc.item.subpoints?.find((point) => {
    const titleLength = doc.fullText.length - doc.item.text.length;
    return (
      scored.sentence.start >= titleLength + point.start && scored.sentence.start < titleLength + point.end
    );
  });
  return {
    ref: doc.ref,
    report: reportMeta(doc.report),
    section: { no: doc.section.no, title: doc.section.title },
    item: { no: doc.item.no, title: doc.item.title, ...(subpoint ? { subpoint: subpoint.no } : {}) },
    excerpt,
    highlights: highlight(excerpt, question),
    score: Math.round(scored.score * 1000) / 1000,
  };
}

function interleave(lists: Scored[][], top: number): Scored[] {
  const out: Scored[] = [];
  for (let rank = 0; out.length < top && lists.some((list) => rank < list.length); rank++) {
    for (const list of lists) if (rank < list.length && out.length < top) out.push(list[rank]!);
  }
  return out;
}

/** Answers one parsed question from the corpus: the best items, their answering sentences, or why not. */
export function answerQuestion(query: string, question: ParsedQuestion, corpus: CorpusView, top = 3): Answer {
  const understanding: Understanding = {
    districts: question.districts.map((readings) => readings[0]!.name),
    years: question.years,
    intent: question.intent,
    terms: question.concepts.map((concept) => concept.word),
  };
  const notFound = (note: string): Answer => ({
    query,
    found: false,
    answer: null,
    note,
    results: [],
    understanding,
  });

  if (corpus.coverage.length === 0) return notFound("语料库中还没有任何报告。");
  if (question.concepts.length === 0) {
    return notFound("没有读懂要查什么：请写出要查的事项，例如“青浦2020年招录新教师多少名”。");
  }
  const { groups, notes } = planGroups(question, corpus);
  const coverageNote = `目前收录：${describeCoverage(corpus.coverage)}。`;
  if (groups.length === 0) return notFound([...notes, coverageNote].join(""));

  const ranker = new Ranker(corpus.index, question);
  // An item answers when it covers enough of the question and its most telling word; items that only
  // cover enough follow the answering ones as related reading (「更多结果」), never before them.
  // "How many" is answered by a figure: an item on the subject whose sentences hold none does not answer.
  let mentionedWithoutFigure = false;
  const perGroup = groups.map((group) => {
    const relevant = ranker
      .rank(candidatesFor(group, question, corpus))
      .filter((scored) => scored.coverage >= MIN_COVERAGE);
    const onSubject = relevant.filter((scored) => scored.keyMatched);
    const answering =
      question.intent === "number" ? onSubject.filter((scored) => scored.sentenceHasFigure) : onSubject;
    if (onSubject.length > 0 && answering.length === 0) mentionedWithoutFigure = true;
    if (answering.length === 0) return [];
    return [...answering, ...relevant.filter((scored) => !answering.includes(scored))];
  });
  const answered = perGroup.filter((list) => list.length > 0);
  if (answered.length === 0) {
    const where = groups
      .map((group) => group.label)
      .filter(Boolean)
      .join("、");
    const reports = where ? `${where}的报告` : "报告";
    const terms = understanding.terms.join("、");
    const why = mentionedWithoutFigure
      ? `${reports}提到了“${terms}”，但没有给出具体数字。`
      : `${reports}中没有找到与“${terms}”相关的内容。`;
    return notFound([...notes, why].join(""));
  }
  groups.forEach((group, index) => {
    if (perGroup[index]!.length === 0 && groups.length > 1)
      notes.push(`${group.label}的报告中没有找到相关内容。`);
  });
  const chosen =
    answered.length > 1 ? interleave(answered, Math.max(top, answered.length)) : answered[0]!.slice(0, top);
  const results = chosen.map((scored) => toResult(scored, question, ranker));
  return {
    query,
    found: true,
    answer: { text: results[0]!.excerpt, result: 0 },
    ...(notes.length > 0 ? { note: notes.join("") } : {}),
    results,
    understanding,
  };
}
