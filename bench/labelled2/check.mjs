#!/usr/bin/env node
// Mechanical check of held-out set 2 (adapted from bench/labelled/check.mjs). No dependencies.
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
import { createRequire } from "node:module";
import { checkLabelledSet, cnNum, decodeEnt } from "../labelled-check.mjs";

const require = createRequire(import.meta.url);

function htmlToLines(html, from, to) {
  let b = html.slice(html.indexOf(from), html.indexOf(to));
  b = b
    .replace(/<\/t[dh]>/g, "\t")
    .replace(/<\/(p|tr|table|h\d|div)>/g, "\n")
    .replace(/<br\s*\/?>/g, "\n");
  b = b.replace(/<[^>]+>/g, "");
  return decodeEnt(b).split("\n");
}

// .docx: word/document.xml via unzip; one line per paragraph, a table row = cells joined by tabs.
// Heading 1 / Heading 2 / numbered-list paragraphs are marked by kind (Word numbering is not in the text).
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
    const st = (x.match(/<w:pStyle w:val="([^"]+)"/) || [])[1] || "";
    const kind = /^Heading1$/i.test(st)
      ? "h1"
      : /^Heading2$/i.test(st)
        ? "h2"
        : /<w:numPr>/.test(x)
          ? "li"
          : "p";
    out.push({ text: text(x), kind });
  }
  return out;
}

// text copied from a PDF: drop page headers/footers, re-join hard-wrapped lines
// (a paragraph starts with the 　　 indent or is a section heading).
function pdfLines(t) {
  const out = [];
  for (const raw of t.split("\n")) {
    const l = raw.replace(/\r$/, "");
    if (!l.trim() || /^— \d+ —$/.test(l.trim()) || l.trim() === "鸿湖区教育局") continue;
    if (!out.length || /^　　/.test(l) || /^[一二三四五六七八九十]+、/.test(l)) out.push(l.trim());
    else out[out.length - 1] += l;
  }
  return out;
}
const gbk = (buf) => require("iconv-lite").decode(buf, "gbk");
const str = (a) => a.map((text) => ({ text: text.replace(/\r$/, "").trim() }));

// One entry per report: how to read it into lines, where a no-item zone starts (closing paragraph / signature;
// it lasts until the next section heading), what a section / item line is, which lines are skipped.
// item(line) returns a printed number (string), '#' for an item numbered by position, or null.
const SEC = (l) => /^[一二三四五六七八九十]+、/.test(l.text);
const LAYOUTS = {
  "lanxi-2022.docx": {
    district: "岚汐",
    year: 2022,
    lines: (f) => docxLines(f),
    end: ["2023年，岚汐区教育局将"],
    section: (l) => l.kind === "h1",
    item: (l) => (l.kind === "h2" || l.kind === "li" ? "#" : null),
  },
  "lanxi-2023.txt": {
    district: "岚汐",
    year: 2023,
    lines: (f) => str(gbk(fs.readFileSync(f)).split("\n")),
    end: ["沄州市岚汐区教育局"],
    section: SEC,
    item: (l) => {
      const m = l.text.match(/^（([一二三四五六七八九十]+)）/);
      return m ? String(cnNum(m[1])) : null;
    },
  },
  "honghu-2020.txt": {
    district: "鸿湖",
    year: 2020,
    lines: (f) => str(pdfLines(fs.readFileSync(f, "utf8"))),
    end: ["2021年，鸿湖区教育局将"],
    section: SEC,
    item: (l) => (l.text.match(/^(\d+)\.(?!\d)/) || [])[1] ?? null,
  },
  "tangxu-2019.html": {
    district: "棠溆",
    year: 2019,
    lines: (f) => str(htmlToLines(fs.readFileSync(f, "utf8"), 'class="article-content"', 'class="print"')),
    end: ["2020年，棠溆区教育局将"],
    section: SEC,
    item: (l) => (l.text.match(/^(\d+)\.(?!\d)/) || [])[1] ?? null,
  },
  "shaoling-2021.txt": {
    district: "苕岭",
    year: 2021,
    lines: (f) => str(fs.readFileSync(f, "utf8").split("\n")),
    end: ["2022年，苕岭县教育体育局将"],
    skip: (l) => /^第[一二三四]部分/.test(l.text), // part headings that only divide 回顾 / 安排: not sections
    section: (l) => SEC(l) || /^附表/.test(l.text),
    item: (l) => (l.text.match(/^(\d+)、/) || [])[1] ?? null,
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
      cur = { n: sections.length + 1, title: l.text, items: [{ item: null, text: "" }] };
      sections.push(cur);
      item = cur.items[0];
      pos = 0;
      off = false;
      continue;
    }
    if (L.end.some((e) => l.text.startsWith(e))) off = true;
    if (!cur || off) continue; // head: title, metadata, opening paragraph; closing paragraph, signature
    const num = L.item(l);
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
checkLabelledSet({ here, reports, idPrefix: "k", tableRow: /\t| {2,}/ });
