// First: a stale dist/ is rebuilt (and this command re-run) before the rest of it loads.
import "../app/build/ensure-fresh-build.js";
import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { type AddOutcome, addReport } from "../ingest/add-report.js";
import { describeOutcome } from "../ingest/describe-outcome.js";
import { checkJson, checkReportFile, outlineLines } from "../ingest/report-outline.js";
import { publishReport } from "../ingest/shared-corpus.js";
import { connectPostgres } from "../persist/postgres/connect.js";
import { readCommandLine, UsageError } from "./command-line.js";

const USAGE = `用法 / usage:
  npm run add -- FILE…                 把报告文件加入报告文件夹（运行中的机器人会自动读取）
  npm run add -- --corpus DIR FILE…    加入另一个报告文件夹（默认 corpus/，或环境变量 CORPUS_DIR）
  npm run add -- --check FILE…         只检查、不添加：显示读出的标题、区县、年份、发布机构、日期、文号和目录
                                       （每个部分、每一条及其要点），或文件会被拒绝的原因
  npm run add -- --check --json FILE…  同上，每个文件输出一行 JSON
  DATABASE_URL=postgres://… npm run add -- FILE…
                                       写入多个实例共用的 PostgreSQL 报告库（每个实例几秒内可检索，订阅者收到通知）

支持 .txt .md（UTF-8 或 GBK）、.html/.htm、.docx、带文字的 .pdf，单个文件不超过 20 MB。
无法使用的文件会放入报告文件夹旁边的 rejected/，并附上原因（<文件名>.reason.txt）。
退出码：0 全部成功（含重复而忽略的；--check 时全部可读），1 有文件被拒绝，2 命令行有误。`;

function readOptions(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      corpus: { type: "string" },
      check: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (!values.help && positionals.length === 0) throw new UsageError("请指定至少一个报告文件");
  if (values.json && !values.check) throw new UsageError("--json 只能与 --check 一起使用");
  return {
    corpus: values.corpus ?? process.env.CORPUS_DIR ?? "corpus",
    files: positionals,
    check: values.check,
    json: values.json,
    help: values.help,
  };
}

/** A path that is not a readable file is the user's typo, not a report to file into rejected/. */
async function problemWithPath(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? undefined : "不是文件";
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? "文件不存在" : code === "EACCES" ? "没有读取权限" : "无法读取";
  }
}

/** `--check`: every file read as adding it would, nothing filed anywhere; the outline or the reason. */
async function check(files: readonly string[], json: boolean): Promise<number> {
  let refused = 0;
  for (const file of files) {
    const result = await checkReportFile(file);
    if (!result.ok) refused++;
    if (json) {
      process.stdout.write(`${JSON.stringify(checkJson(result))}\n`);
    } else if (result.report) {
      const lines = outlineLines(result.report).map((line) => `   ${line}`);
      process.stdout.write(`✅ ${file}\n${lines.join("\n")}\n\n`);
    } else {
      process.stdout.write(`❌ ${file}：会被拒绝：${result.reason}\n\n`);
    }
  }
  if (!json && files.length > 1) {
    process.stdout.write(
      `共 ${files.length} 个文件，${files.length - refused} 个可读，${refused} 个会被拒绝。\n`,
    );
  }
  return refused > 0 ? 1 : 0;
}

async function main(): Promise<number> {
  const options = readCommandLine(readOptions, USAGE);
  if (typeof options === "number") return options;
  if (options.check) return check(options.files, options.json);

  // With DATABASE_URL the report goes into the shared corpus of every instance, not into a local folder.
  const databaseUrl = process.env.DATABASE_URL?.trim();
  let pool: Awaited<ReturnType<typeof connectPostgres>> | undefined;
  if (databaseUrl) {
    try {
      pool = await connectPostgres(databaseUrl, { max: 2 });
    } catch (error) {
      process.stdout.write(`❌ ${(error as Error).message}\n`);
      return 2;
    }
  }
  const add = async (file: string): Promise<AddOutcome> =>
    pool
      ? publishReport(pool, { bytes: await readFile(file), name: basename(file) })
      : addReport({ path: file }, { corpusDir: options.corpus, dataDir: process.env.DATA_DIR ?? "data" });

  let failed = 0;
  for (const file of options.files) {
    const problem = await problemWithPath(file);
    if (problem) {
      process.stdout.write(`❌ ${file}：${problem}\n`);
      failed++;
      continue;
    }
    let outcome: AddOutcome;
    try {
      outcome = await add(file);
    } catch (error) {
      if (pool) {
        process.stdout.write(`❌ ${file}：无法写入共用的报告库（${(error as Error).message}）\n`);
        failed++;
        continue;
      }
      // Not the file's fault (e.g. the corpus folder is not writable): say so plainly, without a stack.
      process.stdout.write(
        `❌ ${file}：无法写入报告文件夹 “${options.corpus}”（${(error as Error).message}）\n`,
      );
      failed++;
      continue;
    }
    if (outcome.status === "rejected") failed++;
    process.stdout.write(`${describeOutcome(outcome, file)}\n`);
  }
  await pool?.end();
  if (options.files.length > 1) {
    process.stdout.write(
      `\n共 ${options.files.length} 个文件，${options.files.length - failed} 个成功，${failed} 个失败。\n`,
    );
  }
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
