/**
 * An optional block at the top of a report file that states its metadata outright, overriding what
 * the parser would read from the text:
 *
 *     ---
 *     title: 2020年青浦教育工作总结
 *     district: 青浦区
 *     year: 2020
 *     ---
 */
export interface FrontMatter {
  title?: string;
  district?: string;
  year?: number;
  publisher?: string;
  date?: string;
  docNo?: string;
}

const KEYS: Record<string, keyof FrontMatter> = {
  title: "title",
  标题: "title",
  district: "district",
  区县: "district",
  year: "year",
  年份: "year",
  publisher: "publisher",
  发布机构: "publisher",
  date: "date",
  日期: "date",
  docno: "docNo",
  doc_no: "docNo",
  文号: "docNo",
};

export function splitFrontMatter(text: string): { frontMatter: FrontMatter; body: string } {
  const match = /^\ufeff?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(\r?\n|$)/.exec(text);
  if (!match) return { frontMatter: {}, body: text };
  const frontMatter: FrontMatter = {};
  for (const line of match[1]!.split(/\r?\n/)) {
    const pair = /^\s*([^:：]+?)\s*[:：]\s*(.*?)\s*$/.exec(line);
    if (!pair) continue;
    const key = KEYS[pair[1]!.toLowerCase()];
    const value = pair[2]!.replace(/^["']|["']$/g, "");
    if (!key || !value) continue;
    if (key === "year") {
      const year = Number(value);
      if (Number.isInteger(year)) frontMatter.year = year;
    } else {
      frontMatter[key] = value;
    }
  }
  return { frontMatter, body: text.slice(match[0].length) };
}
