import type { ReportMeta } from "../report/types.js";

/** What the question asks for, as the query understanding read it. */
export type Intent = "number" | "list" | "topic";

export interface Citation {
  report: ReportMeta;
  section: { no: number; title: string };
  item: { no: string | null; title: string; subpoint?: string };
}

/** A marked span inside an excerpt (offsets in UTF-16 code units of `excerpt`). */
export interface Highlight {
  start: number;
  end: number;
  kind: "term" | "number";
}

export interface Result extends Citation {
  /** Item reference (see `itemRef`), for opening the full item. */
  ref: string;
  /** The exact sentence (or clause) of the item that answers, as printed. */
  excerpt: string;
  highlights: Highlight[];
  /** Relevance, higher is better; comparable within one answer only. */
  score: number;
}

export interface Understanding {
  /** Districts named in the question (full names). */
  districts: string[];
  years: number[];
  intent: Intent;
  /** Content words that drive ranking (district, year and question words removed). */
  terms: string[];
}

export interface Answer {
  query: string;
  found: boolean;
  /** The answering sentence and the index of the result it comes from. */
  answer: { text: string; result: number } | null;
  /** Why nothing (or only part) was found, in plain Chinese, for the user. */
  note?: string;
  results: Result[];
  understanding: Understanding;
}
