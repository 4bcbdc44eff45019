#!/usr/bin/env node
// Mechanical check of held-out set 5 (adapted from bench/labelled4/check.mjs).
//   node check.mjs            check everything, print failures and counts, exit 1 on any failure
//   node check.mjs --dump     print the parsed sections/items of every report
//   node check.mjs --dump F   print the full parsed item texts of report file F
//   node check.mjs --write-manifest   (re)write reports/manifest.json from the parse (only after reviewing the dump)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repDir = path.join(here, "reports");
const args = process.argv.slice(2);

const CN = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
const cnNum = (s) =>
  s.length === 1
    ? CN[s]
    : s === "十"
      ? 10
      : s.startsWith("十")
        ? 10 + CN[s[1]]
        : CN[s[0]] * 10 + (CN[s[2]] || 0);

import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

const ENT = {
  "&ldquo;": "“",
  "&rdquo;": "”",
  "&lsquo;": "‘",
  "&rsquo;": "’",
  "&nbsp;": " ",
  "&gt;": ">",
  "&lt;": "<",
  "&amp;": "&",
  "&quot;": '"',
  "&apos;": "'",
  "&mdash;": "—",
  "&hellip;": "…",
  "&middot;": "·",
};
const decodeEnt = (s) => s.replace(/&[a-z]+;/g, (m) => ENT[m] ?? m);

function htmlToLines(html, from, to) {
  let b = html.slice(html.indexOf(from), html.indexOf(to));
  b = b
    .replace(/<\/t[dh]>/g, "\t")
    .replace(/<\/(p|tr|table|h\d|div)>/g, "\n")
    .replace(/<br\s*\/?>/g, "\n");
  b = b.replace(/<[^>]+>/g, "");
  return decodeEnt(b).split("\n");
}

const str = (a) => a.map((text) => ({ text: text.replace(/\r$/, "").trim() }));

// One entry per report: how to read it into lines, where a no-item zone starts (closing paragraph / signature;
// it lasts until the next section heading), what a section / item line is, which lines are skipped.
// item(line, section) returns a printed number (string), '#' for an item numbered by position, or null.
// .docx: word/document.xml via unzip; one line per paragraph (kind li = Word numbered-list paragraph, bold = the
// paragraph's first run is bold), a table row = its cells joined by tabs (kind row).
function docxLines(file) {
  const xml = execFileSync("unzip", ["-p", file, "word/document.xml"]).toString("utf8");
  const body = xml.slice(xml.indexOf("<w:body>"));
  const text = (x) => decodeEnt([...x.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(""));
  const out = [];
  for (const m of body.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>|<w:p[ >][\s\S]*?<\/w:p>/g)) {
    const x = m[0];
    if (x.startsWith("<w:tbl>")) {
      for (const r of x.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g))
        out.push({
          text: [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => text(c[0])).join("\t"),
          kind: "row",
        });
      continue;
    }
    if (/<w:pStyle w:val="Heading/.test(x)) throw new Error("docx must not use Heading styles");
    const r1 = (x.match(/<w:r>[\s\S]*?<\/w:r>/) || [""])[0];
    out.push({ text: text(x), kind: /<w:numPr>/.test(x) ? "li" : "p", bold: /<w:b\/>/.test(r1) });
  }
  return out;
}

// One entry per report: how to read it into lines, where a no-item zone starts (closing paragraph / signature;
// it lasts until the next section heading), what a section / item line is, which lines are skipped.
// item(line, section) returns a printed number (string), '#' for an item numbered by position, or null.
const CNI = (l) => {
  const m = l.text.match(/^([一二三四五六七八九十]+)、/);
  return m ? String(cnNum(m[1])) : null;
};
const CIRC = "①②③④⑤⑥⑦⑧⑨⑩";
function htmlLines(file) {
  const h = fs.readFileSync(file, "utf8");
  const b = h.slice(h.indexOf("<!--content-->") + 14, h.indexOf("<!--/content-->"));
  const strip = (x) => decodeEnt(x.replace(/<[^>]+>/g, "")).trim();
  const out = [];
  for (const raw of b.split("\n")) {
    const x = raw.trim();
    if (!x) continue;
    if (/^<div class="title2">/.test(x) || /^<p style="font-weight:bold">/.test(x))
      out.push({ text: strip(x), kind: "sec" });
    else if (/^<p><span style="font-weight:bold">/.test(x)) out.push({ text: strip(x), kind: "item" });
    else if (/^<tr>/.test(x))
      out.push({
        text: x
          .split(/<\/t[dh]>/)
          .slice(0, -1)
          .map(strip)
          .join("\t"),
        kind: "row",
      });
    else out.push({ text: strip(x), kind: "p" });
  }
  return out;
}
const LAYOUTS = {
  "liaochuan-2021.txt": {
    district: "蓼川",
    year: 2021,
    lines: (f) => str(fs.readFileSync(f, "utf8").split("\n")),
    end: ["2022年，蓼川区教育局将"],
    skip: (l) => /^[一二]、20\d\d年工作(回顾|思路)$/.test(l.text), // part lines: not sections, belong to nothing
    section: (l) => /^（[一二三四五六七八九十]+）/.test(l.text), // （一） sub-headings are the sections
    item: (l) => (l.text.match(/^(\d+)\.(?!\d)/) || [])[1] ?? null,
  },
  "liaochuan-2023.html": {
    district: "蓼川",
    year: 2023,
    lines: (f) => htmlLines(f),
    end: ["2024年，蓼川区教育局将"],
    section: (l) => l.kind === "sec", // div.title2 or bold <p>, numbered by CSS counters only
    item: (l) => (l.kind === "item" ? "#" : null), // bold lead-phrase paragraphs, numbered by position
  },
  "dizhou-2020.txt": {
    district: "荻洲",
    year: 2020,
    lines: (f) => str(fs.readFileSync(f, "utf8").split("\n")),
    end: ["2021年，荻洲县教育局将"],
    section: (l) => /^[一二三四五六七八九十]+、/.test(l.text),
    item: (l) => (CIRC.includes(l.text[0]) ? String(CIRC.indexOf(l.text[0]) + 1) : null), // ③ → "3"
  },
  "jingshan-2024.md": {
    district: "璟山",
    year: 2024,
    lines: (f) => str(fs.readFileSync(f, "utf8").split("\n")),
    end: ["2025年，璟山区教育局将"],
    section: (l) => /^\*\*[一二三四五六七八九十]+、.*\*\*$/.test(l.text), // bold lines, not # headings
    item: (l) => (l.text.match(/^(\d+)\. \*\*/) || [])[1] ?? null, // "1. **标题**：" ordered-list lines
  },
};

function parse(file) {
  const L = LAYOUTS[file];
  const lines = L.lines(path.join(repDir, file));
  const text = lines.map((l) => l.text).join("\n");
  const sections = [];
  let cur = null,
    item = null,
    pos = 0,
    off = false;
  for (const l of lines) {
    if (!l.text) continue;
    if (L.skip && L.skip(l)) continue;
    if (L.section(l)) {
      cur = { n: sections.length + 1, title: l.text, items: [{ item: null, text: "" }] };
      sections.push(cur);
      item = cur.items[0];
      pos = 0;
      off = false;
      continue;
    }
    if (L.end.some((e) => l.text.startsWith(e))) off = true;
    if (!cur || off) continue; // head: title, metadata, opening paragraph; closing paragraph, signature
    const num = L.item(l, cur);
    if (num !== null) {
      pos += 1;
      item = { item: num === "#" ? String(pos) : num, text: "" };
      cur.items.push(item);
    }
    item.text += l.text + "\n";
  }
  for (const s of sections) if (!s.items[0].text.trim()) s.items.shift();
  return { text, sections };
}

const reports = {};
for (const f of Object.keys(LAYOUTS)) reports[f] = { ...LAYOUTS[f], ...parse(f) };
const byDY = (d, y) => Object.entries(reports).find(([, r]) => r.district === d && r.year === y);

if (args[0] === "--dump") {
  for (const [f, r] of Object.entries(reports)) {
    if (args[1] && args[1] !== f) continue;
    console.log(`== ${f} (${r.district} ${r.year})`);
    for (const s of r.sections) {
      console.log(`  ${s.n}. ${s.title}`);
      for (const it of s.items)
        console.log(`     [${it.item}] ${args[1] ? it.text.trim() : it.text.trim().slice(0, 30)}`);
    }
  }
  process.exit(0);
}

const manifestPath = path.join(repDir, "manifest.json");
const shape = () =>
  Object.fromEntries(
    Object.entries(reports).map(([f, r]) => [
      f,
      {
        district: r.district,
        year: r.year,
        sections: r.sections.map((s) => ({
          section: s.n,
          title: s.title.slice(0, 24),
          items: s.items.map((i) => ({ item: i.item, starts: i.text.trim().slice(0, 12) })),
        })),
      },
    ]),
  );
if (args[0] === "--write-manifest") {
  fs.writeFileSync(manifestPath, JSON.stringify(shape(), null, 1) + "\n");
  console.log("written");
  process.exit(0);
}

const fails = [];
const fail = (id, msg) => fails.push(`${id}: ${msg}`);

// 1. parse equals the hand-checked manifest
const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
const got = shape();
for (const f of new Set([...Object.keys(manifest), ...Object.keys(got)])) {
  if (JSON.stringify(manifest[f]) !== JSON.stringify(got[f]))
    fail("manifest", `${f}: parse differs from reports/manifest.json`);
}

// 2. questions
const qs = JSON.parse(fs.readFileSync(path.join(here, "questions.json"), "utf8"));
const probes = JSON.parse(fs.readFileSync(path.join(here, "probes.json"), "utf8"));
const allText = Object.values(reports)
  .map((r) => r.text)
  .join("\n");
const districts = [...new Set(Object.values(reports).map((r) => r.district))];
const KINDS = ["numeric", "fact", "topic", "cross", "none"];
const FILLER = [
  "您好",
  "你好",
  "请问",
  "麻烦",
  "帮我",
  "谢谢",
  "劳驾",
  "想了解",
  "能不能",
  "可以告诉",
  "帮忙",
  "辛苦",
  "打扰",
  "求问",
  "问一下",
  "查一下",
  "核实",
  "领导要",
  "在线等",
  "稿子里",
];
const TRAD =
  "區縣學師數這們個對經費過專職務導業與會園課後總額現實點驗級設檢測體號劃長內辦臺灣網絡錄訓練處傳統礎應術義視聯環寫議員書報讀開關門問間聽說護請變讓貧強產熱轉進運還達選邊鄉農醫陽際電響頭題風養館幣億萬錢幾麼資輔費語銷歲齡勞動綜園設備戶齊濟溝貼補";
const SUBMARK = /[一二三四五六]是|（\d）|\n- /;
const ids = new Set();
const kindCount = {},
  styleCount = {};
const years = (s) => [...s.matchAll(/(?<!\d)(20\d\d)(?!\d)/g)].map((m) => +m[1]);

for (const q of qs) {
  const id = q.id;
  if (!/^q\d{3}$/.test(id) || ids.has(id)) fail(id, "bad or duplicate id");
  ids.add(id);
  const keys = Object.keys(q).join(",");
  if (keys !== "id,q,expect,answer,kind,style") fail(id, `keys ${keys}`);
  if (typeof q.q !== "string" || !q.q.trim()) fail(id, "empty q");
  if (!KINDS.includes(q.kind)) fail(id, `kind ${q.kind}`);
  if (!Array.isArray(q.style)) fail(id, "style not array");
  kindCount[q.kind] = (kindCount[q.kind] || 0) + 1;
  for (const s of q.style) styleCount[s] = (styleCount[s] || 0) + 1;
  const needsAnswer = q.kind === "numeric" || q.kind === "fact";
  if (needsAnswer && (typeof q.answer !== "string" || !q.answer)) fail(id, "numeric/fact needs an answer");
  if (!needsAnswer && q.answer !== null) fail(id, `${q.kind} must have answer null`);
  if (q.kind === "none" && q.expect.length) fail(id, "none must have expect []");
  if (q.kind !== "none" && !q.expect.length) fail(id, "empty expect");
  if (q.kind === "cross" && q.expect.length < 2) fail(id, "cross needs ≥2 items");
  if (q.kind === "cross" && new Set(q.expect.map((e) => e.district + e.year)).size < 2)
    fail(id, "cross must span two reports");
  const items = [];
  for (const e of q.expect) {
    if (Object.keys(e).join(",") !== "district,year,section,item") fail(id, `expect keys ${Object.keys(e)}`);
    const rep = byDY(e.district, e.year);
    if (!rep) {
      fail(id, `no report ${e.district} ${e.year}`);
      continue;
    }
    const sec = rep[1].sections[e.section - 1];
    const it = sec && sec.items.find((i) => i.item === e.item);
    if (!it) {
      fail(id, `no item ${e.district} ${e.year} §${e.section} item ${e.item}`);
      continue;
    }
    items.push({ e, rep: rep[1], it });
  }
  if (q.answer && items[0]) {
    if (!items[0].rep.text.includes(q.answer) && !items[0].it.text.includes(q.answer))
      fail(id, `answer «${q.answer}» not in report`);
    if (!items[0].it.text.includes(q.answer))
      fail(id, `answer «${q.answer}» not in §${items[0].e.section}/${items[0].e.item}`);
  }
  // named district / year must agree with expect
  const named = districts.filter((d) => q.q.includes(d));
  if (q.kind !== "none")
    for (const d of named)
      if (!q.expect.some((e) => e.district === d)) fail(id, `names ${d} but expect lacks it`);
  const ys = years(q.q);
  if (q.kind !== "none" && !q.style.includes("year-in-content"))
    for (const y of ys) if (!q.expect.some((e) => e.year === y)) fail(id, `names ${y} but expect lacks it`);
  // style markers
  const S = (s) => q.style.includes(s);
  if (S("filler") && !FILLER.some((w) => q.q.includes(w))) fail(id, "filler without a filler word");
  if ((S("english") || S("pinyin")) && !/[A-Za-z]/.test(q.q))
    fail(id, "english/pinyin without a Latin letter");
  if (S("traditional") && ![...q.q].some((c) => TRAD.includes(c)))
    fail(id, "traditional without a traditional character");
  if (S("no-year") && (ys.length || /[〇零一二]{2}[〇零一二三四五六七八九]{2}年|\d\d年/.test(q.q)))
    fail(id, "no-year but names a year");
  if (S("short") && [...q.q].length > 8) fail(id, "short but > 8 characters");
  if (S("year-in-content")) {
    const ok = items.length ? ys.some((y) => !q.expect.some((e) => e.year === y)) : ys.length > 0;
    if (!ok) fail(id, "year-in-content needs a year other than the report year");
  }
  if (S("typo")) {
    const p = probes.typo[id];
    if (!p || !q.q.includes(p) || allText.includes(p))
      fail(id, `typo probe «${p}» must be in q and in no report`);
  }
  if (S("subpoint") && items[0]) {
    const t = items[0].it.text;
    const k = t.indexOf(q.answer ?? "");
    if (!SUBMARK.test(q.answer ? t.slice(0, k + 1) : t))
      fail(id, "subpoint without a sub-point marker before the answer");
  }
  if (S("table") && items[0] && q.answer) {
    const row = items[0].it.text.split("\n").find((l) => l.includes(q.answer));
    if (!row || !/\t| {2,}|…{2,}|^\|.*\|$|^[^，。：]{2,16}：/.test(row))
      fail(id, "table answer not in a table row");
  }
  if (S("list") && q.answer !== null && !/[、，和]/.test(q.answer))
    fail(id, "list answer without a separator");
  if (q.kind === "none") {
    const a = probes.absent[id];
    if (!a) fail(id, "none without probes.absent");
    else if (a.startsWith("@")) {
      const [d, y] = a.slice(1).split("|");
      if (y && byDY(d, +y)) fail(id, `${d} ${y} has a report`);
      if (!q.q.includes(d) && !(probes.alias?.[id] && q.q.includes(probes.alias[id])))
        fail(id, `q does not name ${d}`);
    } else if (a.startsWith("!")) {
      const w = a.slice(1);
      if (allText.includes(w)) fail(id, `real district «${w}» occurs in a report`);
      if (!q.q.includes(w)) fail(id, `q does not name ${w}`);
    } else {
      const [dy, w] = a.includes(":") ? a.split(":") : [null, a];
      const txt = dy ? byDY(dy.split("|")[0], +dy.split("|")[1])?.[1].text : allText;
      if (txt === undefined) fail(id, `no report ${dy}`);
      else if (txt.includes(w)) fail(id, `absent probe «${w}» occurs`);
    }
  }
  if (S("no-district")) {
    if (named.length) fail(id, "no-district names a district");
    const u = probes.unique[id];
    if (!u) fail(id, "no-district without probes.unique");
    else {
      const hit = Object.values(reports).filter((r) => r.text.includes(u));
      if (hit.length !== 1 || (items[0] && hit[0] !== items[0].rep))
        fail(id, `unique probe «${u}» in ${hit.length} reports`);
    }
  }
}

const cited = new Set(
  qs.flatMap((q) => q.expect.map((e) => `${e.district}${e.year}/${e.section}/${e.item}`)),
);
for (const f of fails) console.log("FAIL " + f);
console.log(
  "reports: " +
    Object.entries(reports)
      .map(
        ([f, r]) =>
          `${f} ${r.sections.length} sections/${r.sections.reduce((a, s) => a + s.items.length, 0)} items`,
      )
      .join("; "),
);
console.log(`questions: ${qs.length}  kinds: ${JSON.stringify(kindCount)}`);
console.log(`styles: ${JSON.stringify(styleCount)}`);
console.log(`distinct items cited: ${cited.size}`);
console.log(`${fails.length} failures`);
process.exit(fails.length ? 1 : 0);
