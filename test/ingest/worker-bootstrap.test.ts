import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CORPUS_DIR } from "../support/corpus.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

describe("the analysis worker", { timeout: 60_000 }, () => {
  it("starts under the tsx CLI (as npm run ask / npm start run it) and analyses a report", async () => {
    const output = await new Promise<string>((resolve) => {
      execFile(
        join(ROOT, "node_modules/.bin/tsx"),
        ["test/support/worker-probe.ts", CORPUS_DIR, join(CORPUS_DIR, "2020-青浦区-教育工作总结.txt")],
        { cwd: ROOT, timeout: 45_000 },
        (_error, stdout) => resolve(stdout.trim()),
      );
    });
    expect(output).toBe("青浦区");
  });
});
