import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { scoreQuestions } from "../../bench/eval.js";
import { shippedEngine } from "../support/corpus.js";

/** The development questions live beside the project (../shared/eval); CI has them there too. */
const DEV_QUESTIONS = fileURLToPath(new URL("../../../shared/eval/dev-questions.json", import.meta.url));

describe.skipIf(!existsSync(DEV_QUESTIONS))("development questions", () => {
  it("finds every expected item first, quotes every expected answer, and declines the no-answer ones", async () => {
    const engine = await shippedEngine();
    const questions = JSON.parse(readFileSync(DEV_QUESTIONS, "utf8"));
    const score = scoreQuestions(questions, (q) => engine.ask(q, { top: 5 }));
    expect(score.failures).toEqual([]);
    expect(score.hitAt1).toBe(1);
    expect(score.answerSentence).toBe(1);
    expect(score.declined).toBe(1);
  });
});
