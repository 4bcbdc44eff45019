import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addReport } from "../../src/ingest/add-report.js";
import { MAX_CORPUS_NAME_BYTES } from "../../src/ingest/corpus-file-name.js";
import { describeOutcome } from "../../src/ingest/describe-outcome.js";
import { MAX_REPORT_BYTES } from "../../src/ingest/extract-text.js";
import { listReportFiles } from "../../src/ingest/load-corpus.js";
import {
  binaryJunk,
  cjkPdfBytes,
  docxBytes,
  expectedOf,
  type FixtureReport,
  gbkTextBytes,
  htmlPage,
  htmlWithoutArticle,
  pdfWithoutText,
  sampleReport,
  utf8TextBytes,
} from "../support/fixtures.js";

let root: string;
let corpusDir: string;
let incoming: string;
const rejectedDir = () => join(root, "rejected");

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "add-report-"));
  corpusDir = join(root, "corpus");
  incoming = join(root, "incoming");
  await Promise.all([mkdir(corpusDir), mkdir(incoming)]);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function dropIncoming(name: string, bytes: Uint8Array): Promise<string> {
  const path = join(incoming, name);
  await writeFile(path, bytes);
  return path;
}

function shapeOf(report: FixtureReport) {
  const { title, district, year, sections, items } = expectedOf(report);
  return { title, district, year, sections, items };
}

describe("adding a report file", () => {
  it("files a new report into the corpus and summarises what it understood", async () => {
    const report = sampleReport();
    const bytes = gbkTextBytes(report);
    const outcome = await addReport({ path: await dropIncoming("松江2023.txt", bytes) }, { corpusDir });
    expect(outcome.status).toBe("added");
    if (outcome.status !== "added") return;
    const { title, district, year, sections, items } = outcome.summary;
    expect({ title, district, year, sections, items }).toEqual(shapeOf(report));
    expect(outcome.source).toBe("松江2023.txt");
    expect(await readFile(join(corpusDir, "松江2023.txt"))).toEqual(bytes);
    expect(describeOutcome(outcome)).toContain(`《${report.title}》 松江区 · 2023年 · 3 个部分 · 6 条`);
  });

  it.each([
    ["html", "page.html", (report: FixtureReport) => Promise.resolve(htmlPage(report, { charset: "gbk" }))],
    ["docx", "report.docx", docxBytes],
    ["pdf", "report.pdf", (report: FixtureReport) => Promise.resolve(cjkPdfBytes(report))],
  ] as const)("accepts %s", async (_format, name, build) => {
    const report = sampleReport({ district: "奉贤区", year: 2021 });
    const outcome = await addReport({ path: await dropIncoming(name, await build(report)) }, { corpusDir });
    expect(outcome.status).toBe("added");
    if (outcome.status === "added") {
      const { title, district, year, sections, items } = outcome.summary;
      expect({ title, district, year, sections, items }).toEqual(shapeOf(report));
    }
  });

  it("accepts an upload given as bytes and a name", async () => {
    const report = sampleReport({ district: "闵行区" });
    const outcome = await addReport({ bytes: await docxBytes(report), name: "上传.docx" }, { corpusDir });
    expect(outcome.status).toBe("added");
    expect(await readdir(corpusDir)).toEqual(["上传.docx"]);
  });

  it("ignores the same content a second time, under any name", async () => {
    const bytes = utf8TextBytes(sampleReport());
    await addReport({ path: await dropIncoming("a.txt", bytes) }, { corpusDir });
    const again = await addReport({ path: await dropIncoming("copy.txt", bytes) }, { corpusDir });
    expect(again.status).toBe("duplicate");
    if (again.status === "duplicate") expect(again.duplicateOf).toBe("a.txt");
    expect(await readdir(corpusDir)).toEqual(["a.txt"]);
    expect(describeOutcome(again)).toContain("完全相同");
  });

  it("replaces the previous version of the same report and calls it an update", async () => {
    const first = sampleReport();
    await addReport({ path: await dropIncoming("v1.txt", utf8TextBytes(first)) }, { corpusDir });
    const second = sampleReport();
    second.sections[2]!.items.push({
      title: "推进数字化转型",
      text: "建成智慧校园示范校12所，教师数字素养培训覆盖率百分之百。",
    });

    const sameFormat = await addReport(
      { path: await dropIncoming("v2.txt", utf8TextBytes(second)) },
      { corpusDir },
    );
    expect(sameFormat.status).toBe("updated");
    if (sameFormat.status !== "updated") return;
    expect(sameFormat.summary.items).toBe(expectedOf(first).items + 1);
    expect(sameFormat.replaced).toBe("v1.txt");
    // Same format: written over the old file, so a running bot sees one change, never two versions.
    expect(await readdir(corpusDir)).toEqual(["v1.txt"]);
    expect(await readFile(join(corpusDir, "v1.txt"), "utf8")).toContain("推进数字化转型");

    const otherFormat = await addReport(
      { path: await dropIncoming("v3.docx", await docxBytes(second)) },
      { corpusDir },
    );
    expect(otherFormat.status).toBe("updated");
    expect(await readdir(corpusDir)).toEqual(["v3.docx"]);
  });

  it("keeps another report that happens to have the same file name", async () => {
    await addReport({ path: await dropIncoming("总结.txt", utf8TextBytes(sampleReport())) }, { corpusDir });
    const other = sampleReport({ district: "嘉定区", year: 2019 });
    await rm(join(incoming, "总结.txt"));
    const outcome = await addReport(
      { path: await dropIncoming("总结.txt", utf8TextBytes(other)) },
      { corpusDir },
    );
    expect(outcome.status).toBe("added");
    expect((await readdir(corpusDir)).sort()).toEqual(["总结-2.txt", "总结.txt"]);
  });
});

describe("refusing a file", () => {
  it.each([
    ["empty.txt", () => Promise.resolve(Buffer.alloc(0)), "空"],
    ["junk.txt", () => Promise.resolve(binaryJunk()), "不是文本"],
    ["scan.pdf", () => pdfWithoutText(), "扫描件"],
    ["list.html", () => Promise.resolve(htmlWithoutArticle()), "没有找到正文"],
    ["sheet.xlsx", () => Promise.resolve(Buffer.from("x")), "不支持的文件格式"],
    ["notes.txt", () => Promise.resolve(Buffer.from("今天开会，讨论了很多事情。\n会议很成功。\n")), "条目"],
  ])("puts %s into rejected/ with its reason and leaves the corpus alone", async (name, build, reason) => {
    await addReport({ path: await dropIncoming("good.txt", utf8TextBytes(sampleReport())) }, { corpusDir });
    const bytes = await build();
    const path = await dropIncoming(name, bytes);
    const outcome = await addReport({ path }, { corpusDir });

    expect(outcome.status).toBe("rejected");
    if (outcome.status !== "rejected") return;
    expect(outcome.reason).toContain(reason);
    expect(await readdir(corpusDir)).toEqual(["good.txt"]);
    expect(outcome.rejectedPath).toBe(join(rejectedDir(), name));
    expect(await readFile(join(rejectedDir(), name))).toEqual(bytes);
    expect(await readFile(join(rejectedDir(), `${name}.reason.txt`), "utf8")).toContain(outcome.reason);
    // The user's own copy stays where it was.
    expect(await readFile(path)).toEqual(bytes);
    expect(describeOutcome(outcome)).toContain(outcome.reason);
  });

  it("moves a refused file out of the corpus folder when it was already there", async () => {
    const path = join(corpusDir, "bad.txt");
    await writeFile(path, binaryJunk());
    const outcome = await addReport({ path }, { corpusDir });
    expect(outcome.status).toBe("rejected");
    expect(await readdir(corpusDir)).toEqual([]);
    expect((await readdir(rejectedDir())).sort()).toEqual(["bad.txt", "bad.txt.reason.txt"]);
  });

  it("does not overwrite an earlier rejected file of the same name", async () => {
    await addReport({ bytes: Buffer.alloc(0), name: "x.txt" }, { corpusDir });
    await addReport({ bytes: Buffer.from([0, 1, 2]), name: "x.txt" }, { corpusDir });
    const names = await readdir(rejectedDir());
    expect(names.filter((name) => name.endsWith(".reason.txt"))).toHaveLength(2);
  });

  it("refuses a file over 20 MB without copying it", async () => {
    const outcome = await addReport(
      { bytes: Buffer.alloc(MAX_REPORT_BYTES + 1, 0x41), name: "huge.txt" },
      { corpusDir },
    );
    expect(outcome.status).toBe("rejected");
    if (outcome.status !== "rejected") return;
    expect(outcome.reason).toContain("20 MB");
    expect(outcome.rejectedPath).toBeUndefined();
    expect(await readdir(rejectedDir())).toEqual(["huge.txt.reason.txt"]);
  });
});

describe("names and versions of uploaded reports", () => {
  it("renames a name the loader would skip, so an accepted report is always indexed", async () => {
    const hidden = await addReport(
      { bytes: utf8TextBytes(sampleReport()), name: ".hidden.txt" },
      { corpusDir },
    );
    expect(hidden.status === "added" && hidden.source).toBe("hidden.txt");
    const readme = await addReport(
      { bytes: utf8TextBytes(sampleReport({ district: "嘉定区" })), name: "README.txt" },
      { corpusDir },
    );
    expect(readme.status === "added" && readme.source).toBe("报告-README.txt");
    expect((await listReportFiles(corpusDir)).map((path) => basename(path))).toEqual([
      "hidden.txt",
      "报告-README.txt",
    ]);
  });

  it("shortens a name too long for the file system (temporary name included) instead of failing", async () => {
    const name = `${"二〇二三年度松江区教育工作总结".repeat(8)}.txt`; // 344 bytes
    const outcome = await addReport({ bytes: utf8TextBytes(sampleReport()), name }, { corpusDir });
    expect(outcome.status).toBe("added");
    if (outcome.status !== "added") return;
    expect(Buffer.byteLength(outcome.source)).toBeLessThanOrEqual(MAX_CORPUS_NAME_BYTES);
    expect(outcome.source.endsWith(".txt")).toBe(true);
    expect(name.startsWith(outcome.source.slice(0, -4))).toBe(true);
    expect(await readdir(corpusDir)).toEqual([outcome.source]);
  });

  it("keeps the version an update replaces in DATA_DIR and says where", async () => {
    const dataDir = join(root, "data");
    const first = sampleReport();
    const firstBytes = utf8TextBytes(first);
    await addReport({ bytes: firstBytes, name: "总结.txt" }, { corpusDir, dataDir });
    const second = sampleReport();
    second.sections[0]!.items.push({ title: "新增一条", text: "全区新建学校3所。" });
    const outcome = await addReport(
      { bytes: utf8TextBytes(second), name: "总结.txt" },
      { corpusDir, dataDir },
    );
    expect(outcome.status).toBe("updated");
    if (outcome.status !== "updated") return;
    expect(outcome.replacedKeptAt).toBeDefined();
    expect(await readFile(outcome.replacedKeptAt!)).toEqual(firstBytes);
    expect(outcome.replacedKeptAt!.startsWith(join(dataDir, "replaced"))).toBe(true);
    expect(describeOutcome(outcome)).toContain(`替换了 总结.txt`);
    expect(describeOutcome(outcome)).toContain(`旧版本已保存到 ${outcome.replacedKeptAt}`);
  });
});
