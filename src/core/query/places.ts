import { createRequire } from "node:module";
import { type DistrictMention, gazetteer, NameLengths, shortNameOf } from "../zh/gazetteer.js";
import { jieba } from "../zh/segment.js";

/** A district the question names, as the corpus or the gazetteer knows it. */
export interface PlaceMention {
  /** Full names it may mean (several for an ambiguous short name such as 鼓楼); corpus names first. */
  names: string[];
  /** Where it was written in the (normalised) question. */
  start: number;
  end: number;
  written: string;
  /**
   * How it was read: the corpus's own name or short name (`name`), that name with another suffix
   * (柘湾县 for 柘湾区: `suffix`), its pinyin (Tongjing: `pinyin`), a sound-alike or a one-character slip
   * (同泾, 宗山: `typo`), the gazetteer (`gazetteer`), or only the form of a place name (`form`).
   */
  how: "name" | "suffix" | "pinyin" | "typo" | "gazetteer" | "form";
  /**
   * Written as a short name that begins an institution's name (北湖中学, 琮山中学): it may name the district
   * or only the school, so the answer tries the other reading when this one finds nothing.
   */
  beginsInstitution?: boolean;
}

const SUFFIXES = ["区", "县", "市", "旗", "新区"];

/** Toneless pinyin of single characters, memoised: typo matching reads every window of a question. */
const soundOfChar = new Map<string, string>();
/**
 * pinyin-pro's dictionaries take ~80 ms to load: loaded by the first question that needs a sound (a name
 * written in pinyin, or no corpus name found), not by every start. The same CommonJS build spelling.ts loads.
 */
let pinyinFunction: typeof import("pinyin-pro").pinyin | undefined;

function pinyinOf(): typeof import("pinyin-pro").pinyin {
  pinyinFunction ??= (createRequire(import.meta.url)("pinyin-pro") as typeof import("pinyin-pro")).pinyin;
  return pinyinFunction;
}

function toneless(text: string): string[] {
  return [...text].map((char) => {
    let sound = soundOfChar.get(char);
    if (sound === undefined) {
      sound = pinyinOf()(char, { toneType: "none" });
      soundOfChar.set(char, sound);
    }
    return sound;
  });
}

let gazetteerPinyin: Map<string, string[]> | undefined;

/** Every toneless reading of a name, a character with several (行: xing, hang) giving each (at most 16). */
function spellings(name: string): string[] {
  let readings = [""];
  for (const char of name) {
    readings = readings.flatMap((head) => readingsOf(char).map((sound) => head + sound)).slice(0, 16);
  }
  return readings;
}

/**
 * Every county-level unit by the toneless pinyin of its short name, in every reading of its characters (闵行:
 * minhang as well as minxing; place names keep old readings). Built on the first question with a Latin word
 * no corpus district spells (~50 ms).
 */
function gazetteerByPinyin(): Map<string, string[]> {
  if (gazetteerPinyin) return gazetteerPinyin;
  const index = new Map<string, string[]>();
  for (const district of gazetteer().districts) {
    const short = shortNameOf(district.name) ?? district.name;
    if (short.length < 2) continue;
    for (const spelled of spellings(short)) {
      const names = index.get(spelled);
      if (!names) index.set(spelled, [district.name]);
      else if (!names.includes(district.name)) names.push(district.name);
    }
  }
  gazetteerPinyin = index;
  return index;
}

/** Initials of Mandarin syllables, for "sounds nearly alike" (zong ~ cong: same final). */
function splitSyllable(syllable: string): { initial: string; final: string } {
  const match = /^(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(.*)$/.exec(syllable)!;
  return { initial: match[1] ?? "", final: match[2] ?? "" };
}

function nearSound(a: string, b: string): boolean {
  if (a === b) return true;
  const x = splitSyllable(a);
  const y = splitSyllable(b);
  return x.final === y.final || (x.initial !== "" && x.initial === y.initial);
}

/** A corpus district's short name and how it sounds (computed on first need), for typo readings. */
interface ShortName {
  short: string;
  name: string;
  /** Per character, every reading it has (苕: tiao, shao): a place name may keep any of them. */
  sounds?: string[][];
}

const readingsOfChar = new Map<string, string[]>();

function readingsOf(char: string): string[] {
  let readings = readingsOfChar.get(char);
  if (!readings) {
    readings = [...new Set(pinyinOf()(char, { toneType: "none", type: "array", multiple: true }))];
    readingsOfChar.set(char, readings);
  }
  return readings;
}

function soundsOfShort(entry: ShortName): string[][] {
  entry.sounds ??= [...entry.short].map(readingsOf);
  return entry.sounds;
}

interface CorpusForm {
  names: string[];
  how: "name" | "suffix";
}

/**
 * Finds the districts a question names. The corpus's districts come first, in every form people write
 * them: full or short name, another suffix, pinyin, a homophone or a one-character slip; then any other
 * county-level unit of China (so that a question about a district the corpus lacks is said to be about
 * it, never answered from another); then anything shaped like a unit's name at the start (X区2019年…).
 */
export class PlaceFinder {
  private readonly forms = new Map<string, CorpusForm>();
  private readonly formLengths = new NameLengths();
  /** Corpus names by the toneless pinyin of their short names, built on first use. */
  private byPinyinMemo: Map<string, string[]> | undefined;
  private readonly shorts: ShortName[] = [];
  /** Short names by (length, position, character): typo candidates share a character in place. */
  private readonly shortsBySharedChar = new Map<string, ShortName[]>();
  private readonly shortLengths = new Set<number>();

  constructor(corpusDistricts: readonly string[]) {
    for (const name of new Set(corpusDistricts)) {
      this.addForm(name, name, "name");
      const short = shortNameOf(name);
      if (!short) continue;
      this.addForm(short, name, "name");
      for (const suffix of SUFFIXES)
        if (`${short}${suffix}` !== name) this.addForm(`${short}${suffix}`, name, "suffix");
      const entry: ShortName = { short, name };
      this.shorts.push(entry);
      this.shortLengths.add(short.length);
      [...short].forEach((char, k) => {
        const key = `${short.length}:${k}:${char}`;
        this.shortsBySharedChar.set(key, [...(this.shortsBySharedChar.get(key) ?? []), entry]);
      });
    }
    for (const form of this.forms.keys()) this.formLengths.add(form);
  }

  private byPinyin(): Map<string, string[]> {
    if (!this.byPinyinMemo) {
      this.byPinyinMemo = new Map();
      for (const entry of this.shorts) {
        for (const spelled of spellings(entry.short))
          this.byPinyinMemo.set(spelled, [...(this.byPinyinMemo.get(spelled) ?? []), entry.name]);
      }
    }
    return this.byPinyinMemo;
  }

  private addForm(form: string, name: string, how: CorpusForm["how"]): void {
    const known = this.forms.get(form);
    if (known) {
      if (!known.names.includes(name)) known.names.push(name);
      // The name itself wins over the same letters read as another unit with a changed suffix.
      if (how === "name") known.how = "name";
    } else this.forms.set(form, { names: [name], how });
  }

  find(text: string): PlaceMention[] {
    const found: PlaceMention[] = [];
    const taken = new Array<boolean>(text.length).fill(false);
    const take = (mention: PlaceMention) => {
      for (let i = mention.start; i < mention.end; i++) taken[i] = true;
      found.push(mention);
    };
    const free = (start: number, end: number) => {
      for (let i = start; i < end; i++) if (taken[i]) return false;
      return true;
    };

    // 1. The corpus's names, longest first at every position.
    for (let i = 0; i < text.length; i++) {
      for (const length of this.formLengths.at(text, i)) {
        if (length < 2 || i + length > text.length) continue;
        const form = this.forms.get(text.slice(i, i + length));
        if (!form) continue;
        // A corpus district whose short name is an everyday word (新建, 合作) needs a place's context too.
        // (A school named after it — 琮山中学 — still names the district: see beginsInstitution.)
        const mention = { ...everydayMention(text.slice(i, i + length), form), start: i, end: i + length };
        if (!readsAsPlace(text, mention, false)) continue;
        // 嘉定区管校聘: the suffix begins a word of its own (区管校聘), so the place is the short name.
        const end = suffixBeginsWord(text, i + length) ? i + length - 1 : i + length;
        const written = text.slice(i, end);
        const named = this.forms.get(written) ?? form;
        const beginsInstitution = written !== named.names[0] && INSTITUTION.test(text.slice(end));
        take({
          names: named.names,
          start: i,
          end,
          written,
          how: named.how,
          ...(beginsInstitution ? { beginsInstitution } : {}),
        });
        i = end - 1;
        break;
      }
    }
    // 2. Pinyin (Tongjing, tong jing).
    for (const match of text.matchAll(/[a-z]+(?:\s+[a-z]+)?/g)) {
      const names = this.byPinyin().get(match[0].replace(/\s+/g, ""));
      if (names && free(match.index, match.index + match[0].length))
        take({
          names,
          start: match.index,
          end: match.index + match[0].length,
          written: match[0],
          how: "pinyin",
        });
    }
    // 2b. The pinyin of a county-level unit the corpus lacks (Minhang): said to be about it, never answered
    //     from another district.
    for (const match of text.matchAll(/[a-z]{4,}(?:\s+[a-z]+)?/g)) {
      if (!free(match.index, match.index + match[0].length)) continue;
      const names = gazetteerByPinyin().get(match[0].replace(/\s+/g, ""));
      if (names)
        take({
          names,
          start: match.index,
          end: match.index + match[0].length,
          written: match[0],
          how: "gazetteer",
        });
    }
    // 3. Every other county-level unit of China.
    for (const mention of gazetteer().mentions(text)) {
      if (!free(mention.start, mention.end) || !readsAsPlace(text, mention)) continue;
      const names = found.find((other) => other.start === mention.start && other.how === "gazetteer");
      if (names) {
        if (!names.names.includes(mention.district.name)) names.names.push(mention.district.name);
        continue;
      }
      found.push({
        names: [mention.district.name],
        start: mention.start,
        end: mention.end,
        written: text.slice(mention.start, mention.end),
        how: "gazetteer",
      });
    }
    for (const mention of found)
      if (mention.how === "gazetteer") for (let i = mention.start; i < mention.end; i++) taken[i] = true;
    // 4. Typos of the corpus's names: a homophone (同泾) anywhere, a near-sounding slip (宗山) where a
    //    place stands (before 区/县, at the start).
    if (found.length === 0 || found.every((mention) => mention.how === "form")) {
      // The best reading wins: a homophone over a slip, more characters in common over fewer.
      let best: { mention: PlaceMention; quality: number } | undefined;
      // Only names sharing a character in the same place are candidates (found through an index, so the
      // cost does not grow with the number of districts).
      const candidates = new Map<string, { entry: ShortName; start: number }>();
      for (let i = 0; i < text.length; i++) {
        for (const length of this.shortLengths) {
          for (let k = 0; k < length && i + length <= text.length; k++) {
            for (const entry of this.shortsBySharedChar.get(`${length}:${k}:${text[i + k]}`) ?? [])
              candidates.set(`${entry.name}@${i}`, { entry, start: i });
          }
        }
      }
      for (const { entry, start: i } of candidates.values()) {
        const { short, name } = entry;
        if (!free(i, i + short.length)) continue;
        const window = text.slice(i, i + short.length);
        if (!/^[\u4e00-\u9fff]+$/.test(window)) continue;
        const same = [...window].filter((char, k) => char === short[k]).length;
        if (same === 0 || same === short.length) continue;
        const heard = toneless(window);
        const sounds = soundsOfShort(entry);
        const homophone = heard.every((syllable, k) => sounds[k]!.includes(syllable));
        const slip =
          same === short.length - 1 &&
          heard.every((syllable, k) => sounds[k]!.some((reading) => nearSound(syllable, reading))) &&
          (i === 0 || /^[区县]/.test(text.slice(i + short.length)));
        if (!homophone && !slip) continue;
        const quality = same + (homophone ? short.length : 0);
        if (best && best.quality >= quality) continue;
        const end = /^[区县]/.test(text.slice(i + short.length)) ? i + short.length + 1 : i + short.length;
        best = {
          mention: { names: [name], start: i, end, written: text.slice(i, end), how: "typo" },
          quality,
        };
      }
      if (best) take(best.mention);
    }
    // 5. Something shaped like a unit's name where a place stands: at the start, before a year or bureau.
    for (const match of text.matchAll(
      /([\u4e00-\u9fa5]{2,4}?)(新区|开发区|高新区|区|县)(?=\d|[〇零一二三四五六七八九]{2,4}年|教育局|今年|去年)/g,
    )) {
      const start = match.index;
      if (start !== 0 && /[\u4e00-\u9fa5]/.test(text[start - 1] ?? "")) continue;
      if (!free(start, start + match[0].length)) continue;
      take({ names: [match[0]], start, end: start + match[0].length, written: match[0], how: "form" });
    }
    return found.sort((a, b) => a.start - b.start);
  }
}

/** A corpus name as the gazetteer would read it, for the same everyday-word discipline. */
function everydayMention(written: string, form: CorpusForm): Omit<DistrictMention, "start" | "end"> {
  const short = form.how === "name" && !form.names.includes(written);
  const kind = short ? "short" : "full";
  return {
    district: { name: form.names[0]!, code: "", province: "" },
    form: kind,
    reading: gazetteer().readingOf(written, kind),
    afterPrefecture: false,
  };
}

/** Whether the unit suffix just before `end` (区, 县) starts a longer word of jieba's (区管校聘, 县域内). */
function suffixBeginsWord(text: string, end: number): boolean {
  if (!/[区县]/.test(text[end - 1] ?? "") || end >= text.length) return false;
  const first = jieba().cut(text.slice(end - 1, end + 6), false)[0] ?? "";
  return first.length >= 3 && !/局$/.test(first);
}

/** Words that make a preceding name part of an institution's or a street's name. */
const INSTITUTION =
  /^(第[一二三四五六七八九十\d]+)?(中学|小学|学校|幼儿园|中心|学院|大学|路|街|大道|村|镇|乡|社区|公园|湖|山|河|桥|广场|医院|集团|实验|一中|二中|三中|高中|初中|中专|职校)/;

/**
 * Whether a gazetteer name in a question reads as a place. A name that is also an everyday word
 * (新建, 合作, 和平) counts only when written whole (新建区) or followed by its bureau or a year; a stock
 * phrase of reports (城区, 新城) only before its bureau.
 */
function readsAsPlace(text: string, mention: DistrictMention, institutions = true): boolean {
  const after = text.slice(mention.end);
  if (mention.afterPrefecture) return true;
  // A short name that begins an institution's or a street's name (北湖中学, 滨江路小学) names that, not the district.
  if (institutions && mention.form === "short" && INSTITUTION.test(after)) return false;
  // A stock phrase (鼓楼, 长宁, 新城) names the place before a bureau, or before a year as a report's name
  // does (鼓楼2018年…).
  if (mention.reading === "stock")
    return /^(区|县)?(教育局|教育委员会|教委|人民政府|\s*\d{4}年?(?!\d)|[〇零一二三四五六七八九]{4}年)/.test(
      after,
    );
  if (mention.reading === "word") {
    return (
      mention.form === "full" ||
      /^(区|县|市|旗)?(教育局|教委|\s*\d{2,4}年?|[〇零一二三四五六七八九]{2,4}年)/.test(after)
    );
  }
  return true;
}
