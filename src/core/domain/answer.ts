import type { ReportMeta, ReportPart } from "./report.js";

/** What the question asks for, as the query understanding read it. */
export type Intent = "number" | "list" | "fact" | "topic";

export interface Citation {
  report: ReportMeta;
  /** `part` is set in a report that is both a summary and a plan: which of the two the section is in. */
  section: { no: number; title: string; part?: ReportPart };
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
  /** Relevance, higher is better; comparable within one answer only. Results come in score order. */
  score: number;
  /** How sure the engine is that this result answers (0–1, from measured evidence; see answer/confidence). */
  confidence: number;
}

/**
 * Why an answer is what it is, as data: `render/` puts these into words, so the CLI, the bot and JSON say
 * the same thing.
 */
export type Reason =
  | { kind: "no-reports" }
  | { kind: "nothing-asked" }
  /** The question names a district no report covers. */
  | { kind: "district-not-covered"; district: string; covered: CoveredDistrict[] }
  /** The district is covered, but not in the year asked. */
  | { kind: "year-not-covered"; district?: string; year: number; years: number[] }
  /** Reports were searched, and no item holds enough of the question. */
  | {
      kind: "not-confident";
      where: string[];
      /** Content words of the question that the nearest items do hold, and those no item of theirs holds. */
      matched: string[];
      missing: string[];
    }
  /** "How many" was asked, and the answering item speaks of it without a figure. */
  | { kind: "no-figure"; words: string[] }
  /** One of several asked reports (a cross question) has nothing on it. */
  | { kind: "group-without-answer"; where: string }
  /** A follow-up (那嘉定呢) read against the chat's last question. */
  | { kind: "read-as-follow-up"; question: string; reading: string }
  /** A word was read as a sound-alike the reports use (招路 → 招录). */
  | { kind: "corrected"; from: string; to: string }
  /** A district was read from a typo or another form of its name (同泾 → 桐泾区). */
  | { kind: "place-read-as"; written: string; district: string }
  /**
   * The question names a place in a form several districts share. `options` are their names; when the
   * corpus holds reports of several districts of one name (鼓楼区 of 南京市 and of 福州市), each option is
   * the name with its prefecture (南京市鼓楼区), which asked again settles the question, and `divisions`
   * holds their division codes in the same order.
   */
  | { kind: "ambiguous-district"; written: string; options: string[]; divisions?: string[] };

export interface CoveredDistrict {
  district: string;
  years: number[];
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
  /** Why nothing (or only part) was found, or how the question was read (structured; see render/reasons). */
  reasons: Reason[];
  /** A note the serving edge adds (e.g. that reports are still loading), already in words. */
  note?: string;
  results: Result[];
  understanding: Understanding;
}
