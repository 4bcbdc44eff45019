/**
 * `npm run bench`: every hot path, one after another, printed as tables for the README.
 *   npm run bench                 startup, parse, index, answer, bot update, broadcast, shared (PostgreSQL), ingest latency
 *   npm run bench -- --scale      the large-corpus benchmark (300 / 1,000 / 3,000 generated reports)
 *   npm run bench -- --only answer,bot
 */
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { scale: { type: "boolean", default: false }, only: { type: "string" } },
});

const machine = `${(await import("node:os")).cpus().length} cores, Node ${process.version}`;
console.log(
  `edu-report-bot benchmark — ${machine}; figures vary with machine load: compare runs on one machine.\n`,
);

type Bench = { name: string; run: () => Promise<string> };

const benches: Bench[] = values.scale
  ? [
      {
        name: "scale",
        run: async () => {
          const scale = await import("./scale.js");
          return scale.formatScaleBench(await scale.run());
        },
      },
    ]
  : [
      {
        name: "startup",
        run: async () => {
          const { run, formatStartup } = await import("./startup.js");
          return formatStartup(await run());
        },
      },
      {
        name: "parse",
        run: async () => {
          const { run, formatParseBench } = await import("./parse.js");
          return formatParseBench(run());
        },
      },
      {
        name: "index",
        run: async () => {
          const { run, formatIndexBench } = await import("./index.js");
          return formatIndexBench(run());
        },
      },
      {
        name: "answer",
        run: async () => {
          const { run, formatAnswerBench } = await import("./answer.js");
          return formatAnswerBench(await run());
        },
      },
      {
        name: "quality",
        run: async () => (await import("./quality.js")).run(),
      },
      {
        name: "bot",
        run: async () => {
          const { run, formatTable } = await import("./bot-update.js");
          return `Bot update\n\n${formatTable(await run())}`;
        },
      },
      {
        name: "broadcast",
        run: async () => {
          const { run, formatBroadcastBench } = await import("./broadcast.js");
          return formatBroadcastBench(await run());
        },
      },
      {
        name: "shared",
        run: async () => {
          const { run, formatSharedBench } = await import("./shared.js");
          return formatSharedBench(await run());
        },
      },
      {
        name: "ingest",
        run: async () => {
          const { run, formatIngestLatency } = await import("./ingest-latency.js");
          return formatIngestLatency(await run());
        },
      },
    ];

const only = values.only?.split(",").map((name) => name.trim());
for (const bench of benches) {
  if (only && !only.includes(bench.name)) continue;
  try {
    console.log(`${await bench.run()}\n`);
  } catch (error) {
    console.log(`${bench.name}: failed — ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
