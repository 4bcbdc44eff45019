import type { CoveredDistrict, Reason } from "../core/domain/answer.js";
import { REASON } from "./strings.js";

/** Districts named in a coverage line: past this, only their number (the bot adds a summary by province). */
const LISTED_DISTRICTS = 8;

function coverageLine(covered: readonly CoveredDistrict[]): string {
  if (covered.length === 0) return "";
  if (covered.length > LISTED_DISTRICTS) return REASON.coveredCount(covered.length);
  const shown = covered.map((entry) => REASON.coveredDistrict(entry.district, entry.years)).join("、");
  return REASON.coveredList(shown, "");
}

/** Whether a reason's coverage line left the districts unnamed (too many): the reply then summarises them. */
export function coverageUnnamed(reason: Reason): boolean {
  return reason.kind === "district-not-covered" && reason.covered.length > LISTED_DISTRICTS;
}

function quoted(words: readonly string[]): string {
  return words.map(REASON.quoted).join("、");
}

/** One reason in words, as the CLI, the bot and JSON all say it. */
export function describeReason(reason: Reason): string {
  switch (reason.kind) {
    case "no-reports":
      return REASON.noReports;
    case "nothing-asked":
      return REASON.nothingAsked;
    case "district-not-covered":
      return `${REASON.districtNotCovered(reason.district)}${coverageLine(reason.covered)}`;
    case "year-not-covered":
      if (!reason.district) return REASON.noYear(reason.year);
      return REASON.districtNoYear(reason.district, reason.year, reason.years);
    case "not-confident": {
      const where = REASON.reportsOf(reason.where);
      if (reason.matched.length === 0) return REASON.nothingMatches(where);
      const missing = reason.missing.length
        ? REASON.butNotMentioned(quoted(reason.missing))
        : REASON.butNotCertain;
      return REASON.mentions(where, quoted(reason.matched), missing);
    }
    case "no-figure":
      return REASON.noFigure(quoted(reason.words));
    case "group-without-answer":
      return REASON.groupWithout(reason.where);
    case "read-as-follow-up":
      return REASON.readAs(reason.reading);
    case "corrected":
      return REASON.corrected(reason.from, reason.to);
    case "place-read-as":
      return REASON.placeReadAs(reason.written, reason.district);
    case "ambiguous-district":
      return REASON.ambiguous(reason.written, reason.options.slice(0, 5).join("、"));
  }
}

/** All reasons of an answer in words, or undefined when there are none. */
export function describeReasons(reasons: readonly Reason[], extra?: string): string | undefined {
  const text = [extra, ...reasons.map(describeReason)].filter(Boolean).join("");
  return text || undefined;
}
