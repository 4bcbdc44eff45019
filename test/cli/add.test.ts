import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { distEntry } from "../support/dist.js";
import { docxBytes, gbkTextBytes, pdfWithoutText, sampleReport } from "../support/fixtures.js";

const run = promisify(execFile);
/** `npm run add` runs the built command with plain node (from a temporary folder here). */
const CLI = distEntry("cli/add.js");

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "cli-add-"));
  await mkdir(join(root, "in"));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function add(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      cwd: root,
      // The local-folder behaviour: CI exports DATABASE_URL for the PostgreSQL tests, not for these.
      env: { ...process.env, CORPUS_DIR: "", DATABASE_URL: "", ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

const NO_STACK = /\n\s+at .+:\d+:\d+/;

describe("npm run add", () => {
  it("adds good files, refuses bad ones with their reason, and exits non-zero", async () => {
    const report = sampleReport();
    await writeFile(join(root, "in", "松江.txt"), gbkTextBytes(report));
    await writeFile(join(root, "in", "scan.pdf"), await pdfWithoutText());

    const { code, stdout, stderr } = await add(["--corpus", "my-corpus", "in/松江.txt", "in/scan.pdf"]);
    expect(code).toBe(1);
    expect(stdout).toContain(`已添加 《${report.title}》 松江区 · 2023年 · 3 个部分 · 6 条`);
    expect(stdout).toContain("scan.pdf：未能添加：PDF 没有文字层");
    expect(stdout).toContain("1 个成功，1 个失败");
    expect(`${stdout}${stderr}`).not.toMatch(NO_STACK);
    expect(await readdir(join(root, "my-corpus"))).toEqual(["松江.txt"]);
    expect((await readdir(join(root, "rejected"))).sort()).toEqual(["scan.pdf", "scan.pdf.reason.txt"]);
  });

  it("uses CORPUS_DIR, says when the same report is added twice, and exits 0", async () => {
    await writeFile(join(root, "in", "r.docx"), await docxBytes(sampleReport({ district: "金山区" })));
    expect((await add(["in/r.docx"], { CORPUS_DIR: "env-corpus" })).code).toBe(0);
    const again = await add(["in/r.docx"], { CORPUS_DIR: "env-corpus" });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("完全相同，已忽略");
    expect(await readdir(join(root, "env-corpus"))).toEqual(["r.docx"]);
  });

  it("explains a missing file and a bad command line without a stack trace", async () => {
    const missing = await add(["nowhere.txt"]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain("nowhere.txt：文件不存在");

    const empty = await add([]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("请指定至少一个报告文件");

    const unknown = await add(["--frobnicate", "x.txt"]);
    expect(unknown.code).toBe(2);
    expect(`${missing.stdout}${empty.stderr}${unknown.stderr}`).not.toMatch(NO_STACK);
  });
});

describe("npm run add -- --check", () => {
  const summaryAndPlan = [
    "2021年桐泾区教育工作总结和2022年工作思路",
    "泓州市桐泾区教育局",
    "2022年1月10日",
    "一、扩充优质资源",
    "1.新建学校。新建中小学3所。",
    "一是新建小学2所。",
    "二是新建初中1所。",
    "2.新增学位。新增学位2400个。",
    "二〇二二年工作思路",
    "一、持续扩充资源",
    "1.新建学校。计划新建学校4所。",
  ].join("\n");

  it("prints what was read and the outline of each file, refuses nothing into any folder, and adds nothing", async () => {
    await writeFile(join(root, "in", "tongjing.txt"), summaryAndPlan);
    await writeFile(join(root, "in", "scan.pdf"), await pdfWithoutText());

    const { code, stdout, stderr } = await add(["--check", "in/tongjing.txt", "in/scan.pdf"]);
    expect(code).toBe(1);
    expect(stdout).toContain("标题：2021年桐泾区教育工作总结和2022年工作思路");
    expect(stdout).toContain(
      "区县：桐泾区 · 年份：2021 · 发布：泓州市桐泾区教育局 · 日期：2022-01-10 · 文号：—",
    );
    expect(stdout).toContain("［工作总结］第1部分 扩充优质资源（2 条）");
    expect(stdout).toContain("1. 新建学校 ［要点 1.1–1.2］");
    expect(stdout).toContain("［工作计划］第2部分 持续扩充资源（1 条）");
    expect(stdout).toContain("scan.pdf：会被拒绝：PDF 没有文字层");
    expect(`${stdout}${stderr}`).not.toMatch(NO_STACK);
    expect(await readdir(root)).toEqual(["in"]);
    expect(existsSync(join(root, "corpus"))).toBe(false);
  });

  it("prints one documented JSON object per file with --json", async () => {
    await writeFile(join(root, "in", "tongjing.txt"), summaryAndPlan);
    const { code, stdout } = await add(["--check", "--json", "in/tongjing.txt", "in/missing.txt"]);
    expect(code).toBe(1);
    const [good, missing] = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(good).toEqual({
      file: "in/tongjing.txt",
      ok: true,
      report: {
        title: "2021年桐泾区教育工作总结和2022年工作思路",
        district: "桐泾区",
        year: 2021,
        publisher: "泓州市桐泾区教育局",
        date: "2022-01-10",
        docNo: null,
        sections: [
          {
            no: 1,
            title: "扩充优质资源",
            part: "summary",
            items: [
              { no: "1", title: "新建学校", subpoints: ["1.1", "1.2"] },
              { no: "2", title: "新增学位", subpoints: [] },
            ],
          },
          {
            no: 2,
            title: "持续扩充资源",
            part: "plan",
            items: [{ no: "1", title: "新建学校", subpoints: [] }],
          },
        ],
      },
    });
    expect(missing).toEqual({ file: "in/missing.txt", ok: false, reason: "文件不存在" });
  });

  it("says, when adding a summary-plus-plan report, how many of its sections are the plan", async () => {
    await writeFile(join(root, "in", "tongjing.txt"), summaryAndPlan);
    const { code, stdout } = await add(["--corpus", "c", "in/tongjing.txt"]);
    expect(code).toBe(0);
    expect(stdout).toContain("桐泾区 · 2021年 · 2 个部分（其中工作计划 1 个） · 3 条");
  });

  it("refuses --json without --check", async () => {
    const run = await add(["--json", "in/x.txt"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--json 只能与 --check 一起使用");
  });
});
