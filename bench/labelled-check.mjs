/**
 * What every labelled set's check.mjs checks once its own layout parsers have read the reports: the parse
 * against the hand-made reports/manifest.json, then every question (shape, kind, style markers, that the
 * answer lies inside the labelled item, the probes of typo / no-district / none questions). Prints failures
 * and counts; exits 1 on any failure. `--dump [FILE]` prints the parse, `--write-manifest` rewrites it.
 */
import fs from "node:fs";
import path from "node:path";

/**
 * `reports`: file → { district, year, text, sections: [{ n, title, items: [{ item, text }] }] }. What differs
 * between the sets: the letter of their question ids, and how their layouts mark sub-points and table rows.
 */
/** 一 … 九十九 as a number. */
const CN_DIGITS = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
export const cnNum = (s) =>
  s.length === 1
    ? CN_DIGITS[s]
    : s === "十"
      ? 10
      : s.startsWith("十")
        ? 10 + CN_DIGITS[s[1]]
        : CN_DIGITS[s[0]] * 10 + (CN_DIGITS[s[2]] || 0);

/** The HTML entities report pages use, decoded. */
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
export const decodeEnt = (s) => s.replace(/&[a-z]+;/g, (m) => ENT[m] ?? m);

/**
 * Sections and items of one report by its layout's rules (`section`, `item`, `skip`, `end`, `lines`): the
 * generic reader the later sets share; numbers by position where `item` says "#".
 */
export function parseLayout(repDir, layout, file) {
  const L = layout;
  const lines = L.lines(path.join(repDir, file));
  const text = lines.map((l) => l.text).join("\n");
  const sections = [];
  let cur = null,
    item = null,
    pos = 0,
    off = false;
  for (const l of lines) {
    if (!l.text) continue;
    if (L.skip?.(l)) continue;
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
    item.text += `${l.text}\n`;
  }
  for (const s of sections) if (!s.items[0].text.trim()) s.items.shift();
  return { text, sections };
}

export function checkLabelledSet({
  here,
  reports,
  idPrefix,
  subpointMark = /[①②③④⑤⑥]|[一二三四五六]是|（\d）|\n\d+\.(?!\d)/,
  tableRow = /\t| {2,}|^\|.*\|$|^[^，。：]{2,16}：/,
  args = process.argv.slice(2),
}) {
  const repDir = path.join(here, "reports");
  const idPattern = new RegExp(`^${idPrefix}\\d{3}$`);
  const SUBMARK = subpointMark;
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
    fs.writeFileSync(manifestPath, `${JSON.stringify(shape(), null, 1)}\n`);
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
  const ids = new Set();
  const kindCount = {},
    styleCount = {};
  const years = (s) => [...s.matchAll(/(?<!\d)(20\d\d)(?!\d)/g)].map((m) => +m[1]);

  for (const q of qs) {
    const id = q.id;
    if (!idPattern.test(id) || ids.has(id)) fail(id, "bad or duplicate id");
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
      if (Object.keys(e).join(",") !== "district,year,section,item")
        fail(id, `expect keys ${Object.keys(e)}`);
      const rep = byDY(e.district, e.year);
      if (!rep) {
        fail(id, `no report ${e.district} ${e.year}`);
        continue;
      }
      const sec = rep[1].sections[e.section - 1];
      const it = sec?.items.find((i) => i.item === e.item);
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
      if (!row || !tableRow.test(row)) fail(id, "table answer not in a table row");
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
  for (const f of fails) console.log(`FAIL ${f}`);
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
}
