import type { RankingSettings } from "../answer/settings.js";
import type { Answer } from "./answer.js";
import type { Item, Report, Section } from "./report.js";

export interface AskOptions {
  /** How many results (default 3). */
  top?: number;
  /**
   * The chat's last question: a message that names only a district or a year (那嘉定呢, 2019年呢) is read as
   * that question asked again with it changed; a message that stands on its own ignores it.
   */
  previous?: string;
  /** Ranking settings other than the defaults (evaluation and ablation only). */
  settings?: RankingSettings;
}

export interface LocatedItem {
  report: Report;
  section: Section;
  item: Item;
  ref: string;
}

/** A district and year the corpus covers, for "not found" messages and listings. */
export interface Coverage {
  district: string;
  year: number;
  reportId: string;
  title: string;
  /** Division code of the report's district (several districts share a name: 鼓楼区 of 南京市 and of 福州市). */
  code?: string;
  /** Province and prefecture from the gazetteer, for summaries of a large corpus; absent for a district it lacks. */
  province?: string;
  city?: string;
}

/**
 * The one public API of the answer pipeline: the CLI, the bot and the notices all go through it.
 * Answers are computed synchronously from in-memory state; adding or removing a report swaps that state
 * atomically, so a question never sees half a report.
 */
export interface Engine {
  ask(question: string, options?: AskOptions): Answer;
  reports(): readonly Report[];
  report(id: string): Report | undefined;
  item(ref: string): LocatedItem | undefined;
  coverage(): Coverage[];
  /** Adds or replaces (same id) a report. */
  add(report: Report): void;
  remove(reportId: string): boolean;
}
