/**
 * Start-up as a user meets it, in fresh processes:
 *  - `npm run ask` end to end (process start → answer printed) on the shipped corpus, beside the same
 *    command without npm (`node dist/cli/ask.js`) and a plain Node script that loads jieba and answers from
 *    the same two reports by BM25 (bench/plain-ask.mjs), run in turns so that the machine's load hits
 *    all three alike; once without a snapshot (the very first run) and then with it;
 *  - `npm start` (`node dist/app/main.js`) → the first answer sent, for a question that waited in the (emulated)
 *    Telegram queue while the bot was down, without a snapshot and with one.
 *
 *   npx tsx bench/startup.ts [--runs N]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { rebuildIfStale } from "../src/app/build/fresh-build.js";
import { BotApiServer } from "../test/support/bot-api-server.js";
import { distribution } from "./stats.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const CORPUS = join(ROOT, "corpus");
const QUESTION = "青浦2020年招录新教师多少名";

/** Wall time of one command, from spawn to exit; fails unless it printed `expect`. */
function wall(command: string, args: string[], env: NodeJS.ProcessEnv, expect: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: "pipe" });
    let stdout = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      const elapsed = performance.now() - started;
      if (code === 0 && stdout.includes(expect)) resolve(elapsed);
      else reject(new Error(`${command} ${args.join(" ")} exited ${code}: ${stdout.slice(0, 200)}`));
    });
  });
}

export interface AskWall {
  runs: number;
  /** ms, median of `runs`. */
  npmFirst: number;
  npm: number;
  node: number;
  plain: number;
  npmMin: number;
  nodeMin: number;
  plainMin: number;
  /** The machine's 1-minute load average before and after the runs. */
  load: [number, number];
}

export async function measureAsk(runs = 7): Promise<AskWall> {
  const dataDir = mkdtempSync(join(tmpdir(), "bench-ask-"));
  const env = { DATA_DIR: dataDir, CORPUS_DIR: CORPUS };
  const npm = () => wall("npm", ["run", "--silent", "ask", "--", QUESTION], env, "196名");
  const node = () => wall(process.execPath, ["dist/cli/ask.js", QUESTION], env, "196名");
  const plain = () => wall(process.execPath, ["bench/plain-ask.mjs", CORPUS, QUESTION], {}, "196名");
  try {
    const loadBefore = loadavg()[0]!;
    const npmFirst = await npm(); // no snapshot yet: parses both reports and writes one
    const samples = { npm: [] as number[], node: [] as number[], plain: [] as number[] };
    for (let run = 0; run < runs; run++) {
      samples.plain.push(await plain());
      samples.node.push(await node());
      samples.npm.push(await npm());
    }
    const median = (values: number[]) => distribution(values).p50;
    return {
      runs,
      npmFirst,
      npm: median(samples.npm),
      node: median(samples.node),
      plain: median(samples.plain),
      npmMin: Math.min(...samples.npm),
      nodeMin: Math.min(...samples.node),
      plainMin: Math.min(...samples.plain),
      load: [loadBefore, loadavg()[0]!],
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `node dist/app/main.js` → the answer to a question queued before the start is sent (ms). */
async function botFirstAnswer(dataDir: string): Promise<number> {
  const api = await BotApiServer.start({ maxPollMs: 500 });
  const user = api.user(9001);
  const chat = api.privateChat(user);
  const mark = api.mark();
  api.sendText(chat, user, QUESTION);
  const started = performance.now();
  const child = spawn(process.execPath, ["dist/app/main.js"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      CORPUS_DIR: CORPUS,
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
    },
    stdio: "ignore",
  });
  try {
    const reply = await api.waitForMessage(chat.id, { after: mark, timeoutMs: 30_000 });
    const elapsed = performance.now() - started;
    if (!reply.text?.includes("196名")) throw new Error(`unexpected first answer: ${reply.text}`);
    return elapsed;
  } finally {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
    await api.stop();
  }
}

export interface BotStart {
  runs: number;
  /** ms, medians: a new DATA_DIR each time / the snapshot from a first run. */
  withoutSnapshot: number;
  withSnapshot: number;
  samples: { without: number[]; withSnapshot: number[] };
}

export async function measureBot(runs = 3): Promise<BotStart> {
  const without: number[] = [];
  const withSnapshot: number[] = [];
  const kept = mkdtempSync(join(tmpdir(), "bench-bot-"));
  try {
    for (let run = 0; run < runs; run++) {
      const fresh = mkdtempSync(join(tmpdir(), "bench-bot-"));
      without.push(await botFirstAnswer(fresh));
      rmSync(fresh, { recursive: true, force: true });
      withSnapshot.push(await botFirstAnswer(kept)); // the first of these writes the snapshot
    }
  } finally {
    rmSync(kept, { recursive: true, force: true });
  }
  return {
    runs,
    withoutSnapshot: distribution(without).p50,
    withSnapshot: distribution(withSnapshot.slice(1).length ? withSnapshot.slice(1) : withSnapshot).p50,
    samples: { without, withSnapshot },
  };
}

export async function run(runs = 7): Promise<{ ask: AskWall; bot: BotStart }> {
  rebuildIfStale(ROOT);
  return { ask: await measureAsk(runs), bot: await measureBot(Math.max(2, Math.ceil(runs / 2))) };
}

const s = (value: number) => `${(value / 1000).toFixed(2)} s`;

export function formatStartup({ ask, bot }: { ask: AskWall; bot: BotStart }): string {
  return [
    `Start-up (fresh processes; medians of ${ask.runs} runs taken in turns, min in brackets; load average ${ask.load.map((value) => value.toFixed(2)).join(" → ")} on ${availableParallelism()} cores)`,
    "",
    "| command | wall time | × plain script |",
    "|---|---|---|",
    `| \`npm run ask\`, first run (no snapshot yet) | ${s(ask.npmFirst)} | |`,
    `| \`npm run ask\` | ${s(ask.npm)} (${s(ask.npmMin)}) | ${(ask.npm / ask.plain).toFixed(2)} |`,
    `| \`node dist/cli/ask.js\` (the same without npm) | ${s(ask.node)} (${s(ask.nodeMin)}) | ${(ask.node / ask.plain).toFixed(2)} |`,
    `| plain script: jieba + BM25 over the two reports (\`node bench/plain-ask.mjs\`) | ${s(ask.plain)} (${s(ask.plainMin)}) | 1.00 |`,
    "",
    `| bot (\`node dist/app/main.js\`) start → first answer sent (medians of ${bot.runs}) | wall time |`,
    "|---|---|",
    `| without a snapshot (new DATA_DIR) | ${s(bot.withoutSnapshot)} |`,
    `| with the snapshot | ${s(bot.withSnapshot)} |`,
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "7" } } });
  console.log(formatStartup(await run(Number(values.runs))));
}
