/**
 * Scores an answer function against evaluation questions in the format of
 * ../shared/eval/dev-questions.json. Shared by the benchmark and the test of the development set.
 */

export interface ExpectedItem {
  district: string;
  year: number;
  section: number;
  item: string | null;
}

export interface EvalQuestion {
  id: string;
  q: string;
  expect: ExpectedItem[];
  answer: string | null;
  kind: "numeric" | "fact" | "topic" | "cross" | "none";
}

/** What the scorer needs of an answer: the shape of `ask --json` and of Engine.ask. */
export interface ScoredAnswer {
  found: boolean;
  answer: { text: string } | null;
  results: {
    report: { district: string; year: number };
    section: { no: number };
    item: { no: string | null };
  }[];
}

export interface EvalScore {
  questions: number;
  hitAt1: number;
  hitAt3: number;
  mrr: number;
  /** Numeric/fact questions whose answering sentence holds the expected text. */
  answerSentence: number;
  /** Numeric questions whose answering sentence holds the expected number. */
  numberInSentence: number;
  crossRecallAt5: number;
  /** Cross questions with every expected item in the top 5 (as ../shared/eval/score.mjs counts them). */
  crossComplete: number;
  /** Share of no-answer questions answered found: false. */
  declined: number;
  /** Counts behind the shares: right first results, declined no-answer questions, complete cross questions. */
  hits: number;
  declinedCount: number;
  crossCount: number;
  /** Questions whose answering sentence holds the expected text. */
  answerCount: number;
  failures: string[];
}

/** Whether a result is the expected item (a sub-point 7.2 is item 7; `item: null` is any of the section). */
export function matches(result: ScoredAnswer["results"][number], expected: ExpectedItem): boolean {
  return (
    result.report.district.startsWith(expected.district) &&
    result.report.year === expected.year &&
    result.section.no === expected.section &&
    (expected.item === null ||
      result.item.no === expected.item ||
      (result.item.no ?? "").startsWith(`${expected.item}.`))
  );
}

const share = (hits: number, total: number) => (total === 0 ? 1 : hits / total);

export function scoreQuestions(
  questions: readonly EvalQuestion[],
  ask: (question: string) => ScoredAnswer,
): EvalScore {
  let ranked = 0;
  let hit1 = 0;
  let hit3 = 0;
  let reciprocal = 0;
  let withAnswer = 0;
  let answerHits = 0;
  let numeric = 0;
  let numericHits = 0;
  let crossTotal = 0;
  let crossQuestions = 0;
  let crossComplete = 0;
  let crossHits = 0;
  let none = 0;
  let declined = 0;
  const failures: string[] = [];

  for (const question of questions) {
    const answer = ask(question.q);
    if (question.kind === "none") {
      none++;
      if (!answer.found) declined++;
      else failures.push(`${question.id}: answered a no-answer question`);
      continue;
    }
    if (question.kind === "cross") {
      crossQuestions++;
      if (answer.found && question.expect.every((e) => answer.results.slice(0, 5).some((r) => matches(r, e))))
        crossComplete++;
      for (const expected of question.expect) {
        crossTotal++;
        if (answer.results.slice(0, 5).some((result) => matches(result, expected))) crossHits++;
        else
          failures.push(
            `${question.id}: ${expected.district} ${expected.section}.${expected.item} not in top 5`,
          );
      }
      continue;
    }
    ranked++;
    // What the user is told "not found" about is no hit, whatever the results list holds.
    const shown = answer.found ? answer.results : [];
    const rank = shown.findIndex((result) => question.expect.some((expected) => matches(result, expected)));
    if (rank === 0) hit1++;
    if (rank >= 0 && rank < 3) hit3++;
    if (rank >= 0) reciprocal += 1 / (rank + 1);
    if (rank !== 0) failures.push(`${question.id}: expected item at rank ${rank < 0 ? "none" : rank + 1}`);
    if (question.answer !== null) {
      withAnswer++;
      const plain = (text: string) => text.replace(/[,，\s]/g, "");
      const holds = rank === 0 && plain(answer.answer?.text ?? "").includes(plain(question.answer));
      if (holds) answerHits++;
      else failures.push(`${question.id}: answer sentence lacks ${question.answer}`);
      if (question.kind === "numeric") {
        numeric++;
        if (holds) numericHits++;
      }
    }
  }
  return {
    questions: questions.length,
    hitAt1: share(hit1, ranked),
    hitAt3: share(hit3, ranked),
    mrr: ranked === 0 ? 1 : reciprocal / ranked,
    answerSentence: share(answerHits, withAnswer),
    numberInSentence: share(numericHits, numeric),
    crossRecallAt5: share(crossHits, crossTotal),
    crossComplete: share(crossComplete, crossQuestions),
    declined: share(declined, none),
    hits: hit1,
    declinedCount: declined,
    crossCount: crossComplete,
    answerCount: answerHits,
    failures,
  };
}
