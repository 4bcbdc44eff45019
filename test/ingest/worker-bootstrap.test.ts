import { execFile } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CORPUS_DIR } from "../support/corpus.js";
import { distEntry, ROOT } from "../support/dist.js";

const run = (file: string, args: string[]) =>
  new Promise<string>((resolve) => {
    execFile(file, args, { cwd: ROOT, timeout: 45_000 }, (error, stdout, stderr) =>
      resolve(error ? `${stdout}${stderr}`.trim() : stdout.trim()),
    );
  });

describe("the analysis worker", { timeout: 60_000 }, () => {
  it("starts under the tsx CLI (as npm run dev runs it) and analyses a report", async () => {
    const output = await run(join(ROOT, "node_modules/.bin/tsx"), [
      "test/support/worker-probe.ts",
      CORPUS_DIR,
      join(CORPUS_DIR, "2020-青浦区-教育工作总结.txt"),
    ]);
    expect(output).toBe("青浦区");
  });

  it("starts from dist/ under plain node (as npm start and npm run ask run it) and analyses the corpus", async () => {
    // Two workers forced, whatever the corpus size: the compiled worker file itself must load and answer.
    const script = `
      const { analyseFiles } = await import(${JSON.stringify(distEntry("ingest/parallel/analyse-files.js"))});
      const { listReportFiles } = await import(${JSON.stringify(distEntry("ingest/load-corpus.js"))});
      const paths = await listReportFiles(${JSON.stringify(CORPUS_DIR)});
      const districts = [];
      await analyseFiles(paths, ${JSON.stringify(CORPUS_DIR)}, (file) => districts.push(file.report?.district ?? file.failure), { workers: 2, batchSize: 1 });
      console.log(districts.join(","));`;
    const output = await run(process.execPath, ["--input-type=module", "-e", script]);
    expect(output).toBe("嘉定区,青浦区");
  });
});
