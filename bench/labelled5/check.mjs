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

import { checkLabelledSet, decodeEnt, parseLayout } from "../labelled-check.mjs";

const str = (a) => a.map((text) => ({ text: text.replace(/\r$/, "").trim() }));

// One entry per report: how to read it into lines, where a no-item zone starts (closing paragraph / signature;
// it lasts until the next section heading), what a section / item line is, which lines are skipped.
// item(line, section) returns a printed number (string), '#' for an item numbered by position, or null.
// .docx: word/document.xml via unzip; one line per paragraph (kind li = Word numbered-list paragraph, bold = the
// paragraph's first run is bold), a table row = its cells joined by tabs (kind row).

// One entry per report: how to read it into lines, where a no-item zone starts (closing paragraph / signature;
// it lasts until the next section heading), what a section / item line is, which lines are skipped.
// item(line, section) returns a printed number (string), '#' for an item numbered by position, or null.
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
  return parseLayout(repDir, LAYOUTS[file], file);
}

const reports = {};
for (const f of Object.keys(LAYOUTS)) reports[f] = { ...LAYOUTS[f], ...parse(f) };

// The checks all labelled sets share (bench/labelled-check.mjs), with what this set's layouts differ in.
checkLabelledSet({
  here,
  reports,
  idPrefix: "q",
  subpointMark: /[一二三四五六]是|（\d）|\n- /,
  tableRow: /\t| {2,}|…{2,}|^\|.*\|$|^[^，。：]{2,16}：/,
});
