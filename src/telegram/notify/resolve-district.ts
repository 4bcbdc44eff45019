import { gazetteer } from "../../core/zh/gazetteer.js";

export type DistrictResolution =
  | { kind: "ok"; district: string }
  /** A short name several full names share (e.g. one county and one city): the user must pick. */
  | { kind: "ambiguous"; name: string; options: string[] }
  | { kind: "unknown"; name: string };

/** Full county-level names for a typed name (青浦 → 青浦区); the gazetteer by default. */
export type DistrictLookup = (name: string) => string[];

/**
 * The gazetteer's districts for a name. Districts that share a name (鼓楼区 of 南京市, 徐州市, 福州市, 开封市)
 * come with their prefecture (南京市鼓楼区), so that a subscriber can say which; such a qualified name is
 * itself understood.
 */
export const gazetteerLookup: DistrictLookup = (name) => {
  const places = gazetteer().resolve(name);
  if (places.length === 0) {
    const qualified = gazetteer().byQualifiedName(name.trim());
    return qualified ? [gazetteer().qualifiedName(qualified)] : [];
  }
  return places.map((place) =>
    places.some((other) => other.name === place.name && other.code !== place.code)
      ? gazetteer().qualifiedName(place)
      : place.name,
  );
};

/**
 * The names a subscription to a report's district may carry: the district's name (鼓楼区, every district of
 * that name) and, when its division code is known, the name with its prefecture (南京市鼓楼区, that one only).
 */
export function subscriptionNames(report: { id: string; district: string }): string[] {
  const code = /^(\d{6})-/.exec(report.id)?.[1];
  const place = code ? gazetteer().byCode(code) : undefined;
  const qualified = place && place.name === report.district ? gazetteer().qualifiedName(place) : undefined;
  return qualified ? [report.district, qualified] : [report.district];
}

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
  const candidates = [...new Set(lookup(name))];
  // A corpus district the gazetteer lacks (read from a report's own title) is known by its name.
  if (candidates.length === 0 && covered.includes(name)) return { kind: "ok", district: name };
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
