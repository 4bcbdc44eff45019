#!/usr/bin/env node
// Mechanical check of held-out set 4 (adapted from bench/labelled3/check.mjs). Needs `unzip` for the .docx.
//   node check.mjs            check everything, print failures and counts, exit 1 on any failure
//   node check.mjs --dump     print the parsed sections/items of every report
//   node check.mjs --dump F   print the full parsed item texts of report file F
//   node check.mjs --write-manifest   (re)write reports/manifest.json from the parse (only after reviewing the dump)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repDir = path.join(here, "reports");

import { execFileSync } from "node:child_process";
import { checkLabelledSet, cnNum, decodeEnt, parseLayout } from "../labelled-check.mjs";

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
const LAYOUTS = {
  "hanxi-2020.txt": {
    district: "菡溪",
    year: 2020,
    lines: (f) => str(fs.readFileSync(f, "utf8").split("\n")),
    end: ["2021年，菡溪区教育局将"],
    section: (l) => /^第[一二三四五六七八九十]+章/.test(l.text), // chapters are the sections
    item: CNI, // 一、二、 inside a chapter are the items
  },
  "hanxi-2023.txt": {
    district: "菡溪",
    year: 2023,
    lines: (f) => str(fs.readFileSync(f, "utf8").split("\n")),
    end: ["澴州市菡溪区教育局（盖章）"],
    section: (l) => /^[一二三四五六七八九十]+、/.test(l.text),
    item: (l) => (l.text.match(/^(\d+)）/) || [])[1] ?? null,
  },
  "weixun-2019.txt": {
    district: "蔚浔",
    year: 2019,
    lines: (f) => str(fs.readFileSync(f, "utf8").split("\n")),
    end: ["2020年，蔚浔县教育局将"],
    section: (l) => /^\d+\. /.test(l.text),
    item: (l) => (l.text.match(/^（(\d+)）/) || [])[1] ?? null,
  },
  "tanyu-2022.docx": {
    district: "檀屿",
    year: 2022,
    lines: (f) => docxLines(f),
    end: ["2023年，檀屿区教育局将"],
    section: (l) => l.kind === "li",
    item: (l) => (l.kind === "p" && l.bold ? "#" : null),
  },
};

function parse(file) {
  return parseLayout(repDir, LAYOUTS[file], file);
}

const reports = {};
for (const f of Object.keys(LAYOUTS)) reports[f] = { ...LAYOUTS[f], ...parse(f) };

// The checks all labelled sets share (bench/labelled-check.mjs), with what this set's layouts differ in.
checkLabelledSet({ here, reports, idPrefix: "p" });
