import type { Answer, Reason } from "../core/domain/answer.js";
import { describeReasons } from "./reasons.js";

/** The `ask --json` object: a public interface, keep its shape stable. */
export interface AnswerJson {
  query: string;
  found: boolean;
  answer: { text: string; result: number } | null;
  note?: string;
  /** Why the answer is what it is, as data (see answer/types `Reason`). */
  reasons: Reason[];
  results: {
    ref: string;
    report: {
      id: string;
      title: string;
      district: string;
      year: number;
      publisher: string | null;
      date: string | null;
      docNo: string | null;
      source: string;
    };
    section: { no: number; title: string; part?: "summary" | "plan" };
    item: { no: string | null; title: string; subpoint?: string };
    excerpt: string;
    score: number;
    confidence: number;
  }[];
}

export function toJson(answer: Answer): AnswerJson {
  const note = describeReasons(answer.reasons, answer.note);
  return {
    query: answer.query,
    found: answer.found,
    answer: answer.answer,
    ...(note ? { note } : {}),
    reasons: answer.reasons,
    results: answer.results.map((result) => ({
      ref: result.ref,
      report: {
        id: result.report.id,
        title: result.report.title,
        district: result.report.district,
        year: result.report.year,
        publisher: result.report.publisher ?? null,
        date: result.report.date ?? null,
        docNo: result.report.docNo ?? null,
        source: result.report.source,
      },
      section: result.section,
      item: result.item,
      excerpt: result.excerpt,
      score: result.score,
      confidence: result.confidence,
    })),
  };
}
