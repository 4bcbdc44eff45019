import type { Coverage } from "../core/domain/engine.js";

/**
 * Example questions for /start, /help and the empty inline query. Built from what the corpus covers (so they name
 * districts and years that exist) on topics every annual education report treats.
 */
const TOPICS = ["招录新教师多少名", "教育经费投入多少", "集团化办学有哪些举措", "特级教师有多少名"];

export function exampleQuestions(coverage: readonly Coverage[], count = 4): string[] {
  const examples: string[] = [];
  const reports = [...coverage].sort((a, b) => b.year - a.year || a.district.localeCompare(b.district, "zh"));
  for (let i = 0; examples.length < count && i < count * Math.max(reports.length, 1); i++) {
    const report = reports[i % Math.max(reports.length, 1)];
    if (!report) break;
    const topic = TOPICS[i % TOPICS.length]!;
    const question = `${shortDistrict(report.district)}${report.year}年${topic}`;
    if (!examples.includes(question)) examples.push(question);
  }
  return examples;
}

/** 青浦区 → 青浦: people ask the short way. A one-character stem (e.g. 城区) stays whole. */
function shortDistrict(district: string): string {
  const short = district.replace(/(新区|自治县|区|县|市|旗)$/, "");
  return short.length >= 2 ? short : district;
}
