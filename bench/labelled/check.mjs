#!/usr/bin/env node
// Mechanical check of the held-out set. No dependencies.
//   node check.mjs            check everything, print failures and counts, exit 1 on any failure
//   node check.mjs --dump     print the parsed sections/items of every report
//   node check.mjs --dump F   print the full parsed item texts of report file F
//   node check.mjs --write-manifest   (re)write reports/manifest.json from the parse (only after reviewing the dump)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkLabelledSet, cnNum } from "../labelled-check.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repDir = path.join(here, "reports");

function htmlToLines(html, from, to) {
  let b = html.slice(html.indexOf(from), html.indexOf(to));
  b = b
    .replace(/<\/t[dh]>/g, "\t")
    .replace(/<\/(p|tr|table|h\d|div)>/g, "\n")
    .replace(/<br\s*\/?>/g, "\n");
  b = b.replace(/<[^>]+>/g, "");
  const ent = {
    "&ldquo;": "“",
    "&rdquo;": "”",
    "&lsquo;": "‘",
    "&rsquo;": "’",
    "&nbsp;": " ",
    "&gt;": ">",
    "&lt;": "<",
    "&amp;": "&",
    "&mdash;": "—",
    "&hellip;": "…",
    "&middot;": "·",
  };
  b = b.replace(/&[a-z]+;/g, (m) => ent[m] ?? m);
  return b.split("\n");
}

// One entry per report: how to read it into lines, where the body ends, what a section / item line is.
// item(line) returns a printed number (string), '#' for an unnumbered item (numbered by position), or null.
const LAYOUTS = {
  "luting-2020.txt": {
    district: "鹭汀",
    year: 2020,
    lines: (t) => t.split("\n"),
    end: "2021年，鹭汀区教育局将",
    section: (l) => /^第[一二三四五六七八九十]+部分/.test(l),
    item: (l) => (l.match(/^(\d+)．/) || [])[1] ?? null,
  },
  "luting-2022.txt": {
    district: "鹭汀",
    year: 2022,
    lines: (t) => t.split("\n"),
    end: "2023年，鹭汀区教育局将",
    section: (l) => /^[一二三四五六七八九十]+、/.test(l),
    item: (l) => (l.startsWith("【") ? "#" : null),
  },
  "yicheng-2021.txt": {
    district: "漪澄",
    year: 2021,
    lines: (t) => t.split("\n").map((l) => l.replace(/^[　\s]+/, "")),
    end: "附：漪澄区2021年教育工作主要指标",
    section: (l) => /^[一二三四五六七八九十]+、/.test(l),
    item: (l) => (l.match(/^(\d+)、/) || [])[1] ?? null,
  },
  "huangxi-2019.html": {
    district: "篁溪",
    year: 2019,
    lines: (t) => htmlToLines(t, 'id="Zoom"', 'class="print"').map((l) => l.trim()),
    end: "2020年，篁溪县教育局将",
    section: (l) => /^[一二三四五六七八九十]+、/.test(l),
    item: (l) => {
      const m = l.match(/^（([一二三四五六七八九十]+)）/);
      return m ? String(cnNum(m[1])) : null;
    },
  },
  "jichuan-2023.md": {
    district: "霁川",
    year: 2023,
    lines: (t) => t.split("\n"),
    end: "2024年，霁川区教育局将",
    section: (l) => /^## /.test(l),
    rawItem: true,
    item: (l) => (/^- /.test(l) ? "#" : null),
  },
};

function parse(file) {
  const L = LAYOUTS[file];
  const text = fs.readFileSync(path.join(repDir, file), "utf8");
  const lines = L.lines(text);
  const sections = [];
  let cur = null,
    item = null,
    pos = 0;
  for (const raw of lines) {
    const l = raw.replace(/\r$/, "");
    if (l.trim().startsWith(L.end)) break;
    if (L.section(l.trim())) {
      cur = { n: sections.length + 1, title: l.trim(), items: [{ item: null, text: "" }] };
      sections.push(cur);
      item = cur.items[0];
      pos = 0;
      continue;
    }
    if (!cur) continue; // head: title, metadata, notice, opening paragraph
    const num = L.item(L.rawItem ? l : l.trim());
    if (num !== null) {
      pos += 1;
      item = { item: num === "#" ? String(pos) : num, text: "" };
      cur.items.push(item);
    }
    item.text += `${l}\n`;
  }
  for (const s of sections) if (!s.items[0].text.trim()) s.items.shift();
  return { text, sections };
}

const reports = {};
for (const f of Object.keys(LAYOUTS)) reports[f] = { ...LAYOUTS[f], ...parse(f) };

// The checks all labelled sets share (bench/labelled-check.mjs), with what this set's layouts differ in.
checkLabelledSet({
  here,
  reports,
  idPrefix: "h",
  subpointMark: /[①②③④⑤⑥]|[一二三四五六]是|（\d）|^ {2}- /m,
  tableRow: /\t|\|/,
});
