/**
 * `npm run build` (and `prepare`, so `npm install` / `npm ci` build too, with or without dev dependencies):
 * compiles src/ into dist/ with source maps, then writes dist/build-info.json — the code stamp that index
 * snapshots carry and the moment the build started, by which a start-up tells whether src/ changed since.
 *
 * Plain JavaScript run by plain `node`: it must work before anything is compiled, and in a production
 * install where only `dependencies` are present (typescript is one; the build skips type checking, which
 * `npm run typecheck` does, so no @types package is needed).
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const startedAt = Date.now();

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
} catch {
  console.error("build: typescript is not installed — run `npm install` first.");
  process.exit(1);
}
try {
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
} catch {
  console.error("build: tsc failed (see above).");
  process.exit(1);
}

// Start-up work that only depends on installed data, done once here (see src/core/zh/memo.ts).
execFileSync(
  process.execPath,
  [
    "--input-type=module",
    "-e",
    [
      'const { gazetteer } = await import("./dist/core/zh/gazetteer.js"); gazetteer();',
      'const { wordList } = await import("./dist/core/zh/segment.js"); wordList();',
      'const { mayHoldTraditional } = await import("./dist/core/zh/traditional.js"); mayHoldTraditional("");',
    ].join("\n"),
  ],
  { cwd: root, stdio: "inherit", env: { ...process.env, EDU_REPORT_BOT_WRITE_MEMOS: "1" } },
);

// The stamp is computed by the compiled code itself, so the build and a run from source agree on it.
const { sourceCodeHash } = await import("../dist/persist/snapshot/build-stamp.js");
const info = { code: sourceCodeHash(), startedAt, builtAt: Date.now() };
writeFileSync(new URL("../dist/build-info.json", import.meta.url), `${JSON.stringify(info, null, 2)}\n`);
