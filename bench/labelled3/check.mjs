#!/usr/bin/env node
// Mechanical check of held-out set 3 (adapted from bench/labelled2/check.mjs). No dependencies.
//   node check.mjs            check everything, print failures and counts, exit 1 on any failure
//   node check.mjs --dump     print the parsed sections/items of every report
//   node check.mjs --dump F   print the full parsed item texts of report file F
//   node check.mjs --write-manifest   (re)write reports/manifest.json from the parse (only after reviewing the dump)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repDir = path.join(here, "reports");

import { checkLabelledSet, cnNum, decodeEnt } from "../labelled-check.mjs";

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
const SEC = (l) => /^[一二三四五六七八九十]+、/.test(l.text);
const LAYOUTS = {
  "lingzhu-2021.txt": {
    district: "泠渚",
    year: 2021,
    lines: (f) => str(fs.readFileSync(f, "utf8").split("\n")),
    end: ["溱州市泠渚区教育局"],
    skip: (l) => l.text === "下一步工作打算", // part heading: divides 总结 / 打算, not a section
    section: (l) => /^（[一二三四五六七八九十]+）/.test(l.text),
    item: (l) => (l.text.match(/^(\d+)\.(?!\d)/) || [])[1] ?? null,
  },
  "lingzhu-2023.txt": {
    district: "泠渚",
    year: 2023,
    lines: (f) => str(fs.readFileSync(f, "utf8").split("\n")),
    end: ["2024年，泠渚区教育局将"],
    section: SEC,
    // §1 is a data block (lead, item null); elsewhere every paragraph is an item, numbered by position
    item: (_l, sec) => (sec.n === 1 ? null : "#"),
  },
  "quyang-2020.html": {
    district: "蕖阳",
    year: 2020,
    lines: (f) => str(htmlToLines(fs.readFileSync(f, "utf8"), "<!--zw start-->", "<!--zw end-->")),
    end: ["2021年，蕖阳县教育局将"],
    section: SEC,
    item: (l) => {
      const m = l.text.match(/^（([一二三四五六七八九十]+)）/);
      return m ? String(cnNum(m[1])) : null;
    },
  },
  "yuewan-2024.md": {
    district: "樾湾",
    year: 2024,
    lines: (f) => str(fs.readFileSync(f, "utf8").split("\n")),
    end: ["樾湾区教育局将以建设教育强区"],
    section: (l) => /^## /.test(l.text),
    item: (l) => (/^### /.test(l.text) ? ((l.text.match(/^### (\d+)\. /) || [])[1] ?? "#") : null),
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
    if (L.skip?.(l)) continue;
    if (L.section(l)) {
      cur = { n: sections.length + 1, title: l.text.replace(/^## /, ""), items: [{ item: null, text: "" }] };
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

const reports = {};
for (const f of Object.keys(LAYOUTS)) reports[f] = { ...LAYOUTS[f], ...parse(f) };

// The checks all labelled sets share (bench/labelled-check.mjs), with what this set's layouts differ in.
checkLabelledSet({ here, reports, idPrefix: "m" });
