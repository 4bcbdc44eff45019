// First: a stale dist/ is rebuilt (and this command re-run) before the rest of it loads.
import "../build/ensure-fresh-build.js";
import { stat } from "node:fs/promises";
import { parseArgs } from "node:util";
import { type AddOutcome, addReport } from "../ingest/add-report.js";
import { describeOutcome } from "../ingest/describe-outcome.js";
import { readCommandLine, UsageError } from "./command-line.js";

const USAGE = `用法 / usage:
  npm run add -- FILE…                 把报告文件加入报告文件夹（运行中的机器人会自动读取）
  npm run add -- --corpus DIR FILE…    加入另一个报告文件夹（默认 corpus/，或环境变量 CORPUS_DIR）

支持 .txt .md（UTF-8 或 GBK）、.html/.htm、.docx、带文字的 .pdf，单个文件不超过 20 MB。
无法使用的文件会放入报告文件夹旁边的 rejected/，并附上原因（<文件名>.reason.txt）。
退出码：0 全部成功（含重复而忽略的），1 有文件被拒绝，2 命令行有误。`;

function readOptions(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      corpus: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (!values.help && positionals.length === 0) throw new UsageError("请指定至少一个报告文件");
  return {
    corpus: values.corpus ?? process.env.CORPUS_DIR ?? "corpus",
    files: positionals,
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

async function main(): Promise<number> {
  const options = readCommandLine(readOptions, USAGE);
  if (typeof options === "number") return options;

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
      outcome = await addReport({ path: file }, { corpusDir: options.corpus });
    } catch (error) {
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
  if (options.files.length > 1) {
    process.stdout.write(
      `\n共 ${options.files.length} 个文件，${options.files.length - failed} 个成功，${failed} 个失败。\n`,
    );
  }
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
