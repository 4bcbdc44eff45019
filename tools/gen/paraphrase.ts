/**
 * Rewords section and item titles the way bureaus vary them from year to year: another leading verb
 * (加强 → 强化), another closing progress phrase (持续提升 → 稳步推进), half of a two-part section heading.
 * Only the edges of a title change, so the middle keeps the real report's topic words that questions use.
 */
import type { Rng } from "./prng.js";

/** Interchangeable leading verbs; longer ones first so 深入推进 wins over 深入. */
const LEADING_VERBS: readonly (readonly string[])[] = [
  ["深入推进", "扎实推进", "全面推进", "持续推进"],
  ["深入开展", "扎实开展", "广泛开展"],
  ["加快推进", "着力推进", "大力推进"],
  ["加强", "强化", "切实加强"],
  ["强化", "加强", "着力强化"],
  ["深化", "持续深化", "纵深推进"],
  ["推进", "推动", "稳步推进"],
  ["提升", "提高", "全面提升"],
  ["提高", "提升"],
  ["完善", "健全", "不断完善"],
  ["促进", "推动"],
  ["筑牢", "夯实"],
  ["重视", "注重", "突出"],
  ["整合优化", "统筹优化"],
  ["聚焦", "围绕", "立足"],
  ["贯彻", "落实", "贯彻落实"],
  ["压实", "落实"],
  ["建设", "打造", "建强"],
];

/** Closing phrases that say "went well" and nothing more: any one can stand for another. */
const PROGRESS_PHRASES = [
  "持续提升",
  "稳步推进",
  "不断完善",
  "全面深化",
  "深入推进",
  "持续深化",
  "扎实推进",
  "不断强化",
  "稳步提升",
  "持续推进",
  "全面实施",
  "深入实施",
  "全面启动",
  "不断彰显",
  "进一步拓展",
  "进一步规范",
  "不断提高",
  "全面升级",
  "持续创新",
  "稳步构建",
  "深度实行",
  "深入开展",
];

function swapLeadingVerb(title: string, rng: Rng): string {
  for (const [verb, ...alternatives] of LEADING_VERBS) {
    if (title.startsWith(verb!) && title.length > verb!.length + 1)
      return rng.pick(alternatives) + title.slice(verb!.length);
  }
  return title;
}

function swapProgressPhrase(title: string, rng: Rng): string {
  const phrase = PROGRESS_PHRASES.find((candidate) => title.endsWith(candidate));
  if (!phrase || title.length <= phrase.length + 1) return title;
  const others = PROGRESS_PHRASES.filter((candidate) => candidate !== phrase);
  return title.slice(0, -phrase.length) + rng.pick(others);
}

/** Item titles: the first clause of an item, so it must stay one clause without 。. */
export function paraphraseItemTitle(title: string, rng: Rng): string {
  let result = title;
  if (rng.chance(0.5)) result = swapLeadingVerb(result, rng);
  if (rng.chance(0.5)) result = swapProgressPhrase(result, rng);
  return result;
}

/**
 * Section titles: two-part headings (深入推进教育综合改革,教育创新动力持续提升) sometimes keep only one part, and
 * either part may be reworded.
 */
export function paraphraseSectionTitle(title: string, rng: Rng): string {
  const parts = title.split(/[,，]/).map((part) => part.trim());
  if (parts.length === 2 && rng.chance(0.3)) return paraphraseItemTitle(parts[0]!, rng);
  const separator = title.includes("，") ? "，" : ",";
  return parts.map((part) => paraphraseItemTitle(part, rng)).join(separator);
}
