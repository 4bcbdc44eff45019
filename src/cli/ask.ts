// First: a stale dist/ is rebuilt (and this command re-run) before the rest of it loads.
import "../app/build/ensure-fresh-build.js";
import { existsSync, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { createEngineFromCorpus, type LoadSummary } from "../app/load-engine.js";
import type { Engine } from "../core/domain/engine.js";
import { toJson } from "../render/json.js";
import { PLAIN, renderAnswerText, TERMINAL } from "../render/text.js";
import { readCommandLine, UsageError } from "./command-line.js";

const USAGE = `用法 / usage:
  npm run ask -- "青浦2020年招录新教师多少名"      回答一个问题
  npm run ask -- --json "问题"                      以 JSON 输出
  echo "问题" | npm run ask -- [--top N]            每行一个问题，输出 JSON Lines

选项 / options:
  --top N        返回的结果条数（默认 3，1–50）
  --corpus DIR   报告所在文件夹（默认 corpus/，或环境变量 CORPUS_DIR）；
                 设置了 DATABASE_URL 时改为回答多个实例共用的 PostgreSQL 报告库
  --json         输出一个 JSON 对象
  -h, --help     显示本帮助`;

function readOptions(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      top: { type: "string" },
      corpus: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  // `npm run ask -- ""` (an empty variable, a slip of the shell) must not look like an answer of nothing.
  if (positionals.length > 0 && !positionals.join("").trim())
    throw new UsageError("问题是空的：请在引号里写下要问的问题。");
  const top = values.top === undefined ? 3 : Number(values.top);
  if (!Number.isInteger(top) || top < 1 || top > 50)
    throw new UsageError(`--top 需要 1 到 50 之间的整数，收到 “${values.top}”`);
  return {
    top,
    corpus: values.corpus || process.env.CORPUS_DIR || "corpus",
    json: values.json,
    help: values.help,
    question: positionals.join(" "),
    /** No question on the command line: read one per line from stdin. */
    batch: positionals.length === 0,
  };
}

async function answerLines(engine: Engine, top: number): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (!line.trim()) continue;
    process.stdout.write(`${JSON.stringify(toJson(engine.ask(line, { top })))}\n`);
  }
}

async function main(): Promise<number> {
  const options = readCommandLine(readOptions, USAGE);
  if (typeof options === "number") return options;
  if (options.batch && process.stdin.isTTY) {
    // Nothing to read from a terminal: say how to ask instead of waiting silently.
    process.stderr.write(`请写下要问的问题。\n\n${USAGE}\n`);
    return 2;
  }

  const dataDir = process.env.DATA_DIR || "data";
  const databaseUrl = process.env.DATABASE_URL?.trim();
  let localDataDir = dataDir;
  if (databaseUrl) {
    // The shared corpus, whatever the local folders hold: mirrored into DATA_DIR, then loaded as usual.
    // pg (~50 ms to load) only for this.
    const [{ SharedCorpusMirror, sharedDataDir, sharedMirrorDir }, { connectPostgres }] = await Promise.all([
      import("../ingest/shared-corpus.js"),
      import("../persist/postgres/connect.js"),
    ]);
    localDataDir = sharedDataDir(dataDir);
    try {
      const pool = await connectPostgres(databaseUrl, { max: 2 });
      try {
        const mirror = new SharedCorpusMirror(pool, sharedMirrorDir(dataDir));
        await mirror.sync();
        options.corpus = mirror.dir;
      } finally {
        await pool.end();
      }
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n`);
      return 2;
    }
  }
  if (!existsSync(options.corpus) || !statSync(options.corpus).isDirectory()) {
    process.stderr.write(
      `无法读取报告文件夹 “${options.corpus}”：请检查路径（--corpus DIR 或 CORPUS_DIR）。\n`,
    );
    return 2;
  }
  // Parsed on worker threads, or restored from the snapshot in DATA_DIR when the folder has not changed.
  const load = createEngineFromCorpus({
    corpusDir: options.corpus,
    dataDir: localDataDir,
  });
  let summary: LoadSummary;
  try {
    summary = await load.ready;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    process.stderr.write(`无法读取报告文件夹 “${options.corpus}”：${why}\n`);
    return 2;
  }
  for (const failure of summary.failures) {
    process.stderr.write(`跳过 ${failure.file}：${failure.reason}\n`);
  }
  const engine = load.engine;

  if (options.batch) {
    await answerLines(engine, options.top);
    return 0;
  }
  const answer = engine.ask(options.question, { top: options.top });
  if (options.json) process.stdout.write(`${JSON.stringify(toJson(answer), null, 2)}\n`);
  else process.stdout.write(`${renderAnswerText(answer, process.stdout.isTTY ? TERMINAL : PLAIN)}\n`);
  return 0;
}

process.exitCode = await main();
