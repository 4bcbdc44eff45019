import { execFile } from "node:child_process";
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
      env: { ...process.env, CORPUS_DIR: "", ...env },
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
