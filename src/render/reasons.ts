import type { CoveredDistrict, Reason } from "../core/domain/answer.js";

/** Districts named in a coverage line before "等 N 个区县": a not-found reply stays short at any corpus size. */
const LISTED_DISTRICTS = 8;

function coverageLine(covered: readonly CoveredDistrict[]): string {
  if (covered.length === 0) return "";
  const shown = covered
    .slice(0, LISTED_DISTRICTS)
    .map((entry) => `${entry.district}（${entry.years.join("、")}年）`)
    .join("、");
  const more = covered.length > LISTED_DISTRICTS ? `等 ${covered.length} 个区县` : "";
  return `目前收录：${shown}${more}。`;
}

function quoted(words: readonly string[]): string {
  return words.map((word) => `“${word}”`).join("、");
}

/** One reason in words, as the CLI, the bot and JSON all say it. */
export function describeReason(reason: Reason): string {
  switch (reason.kind) {
    case "no-reports":
      return "还没有收录任何报告。";
    case "nothing-asked":
      return "没有读懂要查什么：请写出要查的事项，例如“某区2020年招聘新教师多少名”。";
    case "district-not-covered":
      return `还没有收录${reason.district}的报告。${coverageLine(reason.covered)}`;
    case "year-not-covered":
      if (!reason.district) return `没有${reason.year}年的报告。`;
      return `${reason.district}没有${reason.year}年的报告${reason.years.length ? `（有${reason.years.join("、")}年的）` : ""}。`;
    case "not-confident": {
      const where = reason.where.length ? `${reason.where.join("、")}的报告` : "报告";
      if (reason.matched.length === 0) return `${where}里没有找到与问题相符的内容。`;
      const missing = reason.missing.length
        ? `，但没有提到${quoted(reason.missing)}`
        : "，但没有一条能确定地回答";
      return `${where}提到了${quoted(reason.matched)}${missing}。`;
    }
    case "no-figure":
      return `报告提到了${quoted(reason.words)}，但没有给出具体数字。`;
    case "group-without-answer":
      return `${reason.where}的报告中没有找到相关内容。`;
    case "read-as-follow-up":
      return `按“${reason.reading}”理解。`;
    case "corrected":
      return `已按“${reason.to}”理解“${reason.from}”。`;
    case "place-read-as":
      return `已按“${reason.district}”理解“${reason.written}”。`;
    case "ambiguous-district":
      return `“${reason.written}”可能指${reason.options.slice(0, 5).join("、")}，请写明全称。`;
  }
}

/** All reasons of an answer in words, or undefined when there are none. */
export function describeReasons(reasons: readonly Reason[], extra?: string): string | undefined {
  const text = [extra, ...reasons.map(describeReason)].filter(Boolean).join("");
  return text || undefined;
}
