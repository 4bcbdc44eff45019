import { gazetteer } from "../../core/zh/gazetteer.js";

export type DistrictResolution =
  | { kind: "ok"; district: string }
  /** A short name several full names share (e.g. one county and one city): the user must pick. */
  | { kind: "ambiguous"; name: string; options: string[] }
  | { kind: "unknown"; name: string };

/** Full county-level names for a typed name (青浦 → 青浦区); the gazetteer by default. */
export type DistrictLookup = (name: string) => string[];

export const gazetteerLookup: DistrictLookup = (name) =>
  gazetteer()
    .resolve(name)
    .map((d) => d.name);

const FULL_NAME = /^[\u4e00-\u9fff]{1,12}(区|县|市|旗)$/;

/**
 * What a subscription may name: any county-level district (not only those already in the corpus — a
 * subscriber waits for reports to come). Among several matches, the one the corpus covers wins.
 */
export function resolveDistrict(
  typed: string,
  covered: readonly string[],
  lookup: DistrictLookup = gazetteerLookup,
): DistrictResolution {
  const name = typed.trim();
  if (covered.includes(name)) return { kind: "ok", district: name };
  const candidates = [...new Set(lookup(name))];
  if (candidates.length === 1) return { kind: "ok", district: candidates[0]! };
  if (candidates.length > 1) {
    const inCorpus = candidates.filter((candidate) => covered.includes(candidate));
    if (inCorpus.length === 1) return { kind: "ok", district: inCorpus[0]! };
    return { kind: "ambiguous", name, options: candidates };
  }
  // A well-formed full name the gazetteer lacks (a newly created district) is still a district.
  if (FULL_NAME.test(name)) return { kind: "ok", district: name };
  return { kind: "unknown", name };
}
