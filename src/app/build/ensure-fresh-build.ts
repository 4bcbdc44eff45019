/**
 * Imported first by every command (`npm start`, `npm run ask`, `npm run add`, `npm run gen-corpus`), which
 * run the compiled dist/: when src/ changed since the last build, rebuild and run the command again on the
 * new code, so that an edit is never silently ignored. Costs a few milliseconds when nothing changed; does
 * nothing when running the TypeScript source itself (tsx, vitest) or when there is no src/ beside dist/.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { rebuildIfStale } from "./fresh-build.js";

/** Set for the re-run, so that it never rebuilds (nor loops) again. */
const RERUN = "EDU_REPORT_BOT_REBUILT";

const compiled = import.meta.url.endsWith(".js");
if (compiled && !process.env[RERUN] && rebuildIfStale(fileURLToPath(new URL("../../../", import.meta.url)))) {
  // The modules of this process were loaded from the old dist/: run the command anew on the new one.
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, [RERUN]: "1" },
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
  // Hold the importing command until the re-run ends (it exits this process).
  await new Promise(() => {});
}
