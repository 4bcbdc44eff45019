import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

/** What scripts/build.mjs writes to dist/build-info.json. */
export interface BuildInfo {
  /** sha256 of the source that shapes an index (the snapshot's code stamp). */
  code: string;
  /** When the build began (ms since the epoch): a source file touched after that is not in dist/. */
  startedAt: number;
  builtAt: number;
}

export function readBuildInfo(root: string): BuildInfo | undefined {
  try {
    return JSON.parse(readFileSync(join(root, "dist", "build-info.json"), "utf8")) as BuildInfo;
  } catch {
    return undefined;
  }
}

/**
 * The newest modification time in src/, folders included: a folder's time moves when a file in it is
 * added, removed or renamed, a file's when it is edited. Undefined when there is no src/ (a deployment of
 * dist/ alone). About 200 stats: a few milliseconds.
 */
function newestSourceChange(root: string): number | undefined {
  const src = join(root, "src");
  let newest: number;
  try {
    newest = statSync(src).mtimeMs;
  } catch {
    return undefined;
  }
  for (const entry of readdirSync(src, { withFileTypes: true, recursive: true }))
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  return newest;
}

/** Why dist/ does not hold the current source (undefined when it does, or when there is no source). */
export function staleBuildReason(root: string): string | undefined {
  const info = readBuildInfo(root);
  const newest = newestSourceChange(root);
  if (newest === undefined) return undefined;
  if (!info) return "dist/ has not been built";
  return newest > info.startedAt ? "src/ changed after the last build" : undefined;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Runs `npm run build`'s script when dist/ is stale. Its output goes to stderr, so that a command whose
 * stdout is JSON stays JSON. Another process building at the same time (two `npm run ask` at once) is
 * waited for instead of racing it: the lock is a folder, whose creation is atomic.
 */
export function rebuildIfStale(root: string, options: { quiet?: boolean } = {}): boolean {
  const reason = staleBuildReason(root);
  if (!reason) return false;
  const lock = join(root, "dist", ".build-lock");
  mkdirSync(join(root, "dist"), { recursive: true });
  for (let waited = 0; ; waited += 100) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than two minutes belongs to a build that died: take it over.
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000 || waited > 180_000) rmSync(lock, { recursive: true, force: true });
      else sleep(100);
    }
  }
  try {
    if (!staleBuildReason(root)) return true; // built by the process we waited for
    if (!options.quiet) process.stderr.write(`${reason}: rebuilding dist/ (npm run build)…\n`);
    try {
      execFileSync(process.execPath, [join(root, "scripts", "build.mjs")], {
        cwd: root,
        stdio: ["ignore", process.stderr, process.stderr],
      });
    } catch {
      // The build said why on stderr; the command goes on with the build it has rather than not at all.
      process.stderr.write("the build failed: running the previous build of dist/\n");
      return false;
    }
    return true;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
