import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { STOPWORDS } from "../../core/zh/stopwords.js";
import { USER_DICTIONARY } from "../../core/zh/user-dict.js";

/** Bump when the snapshot's layout changes (what is stored, not how items are ranked). */
export const SNAPSHOT_FORMAT = 2;

/**
 * Everything besides the corpus files that decides what an index holds. A snapshot made under another
 * stamp is stale: the same files would be cut or parsed differently now.
 */
export interface BuildStamp {
  format: number;
  /** sha256 of the jieba user dictionary. */
  dictionary: string;
  /** sha256 of the stopword list (sorted). */
  stopwords: string;
  /** sha256 of the code that turns files into items and terms, and of FlexSearch's version. */
  code: string;
}

/** The folder this module's tree was loaded from: src/ under tsx or vitest, dist/ once built. */
const TREE = fileURLToPath(new URL("../../", import.meta.url));
/** Written by `npm run build` (scripts/build.mjs) beside the compiled code. */
const BUILD_INFO = join(TREE, "build-info.json");
/** Source folders whose code shapes parsed reports, their terms or the index. */
const CODE_DIRS = ["core/parse", "core/zh", "core/index", "core/domain", "ingest", "persist/snapshot"];

function hash(...parts: (string | Uint8Array)[]): string {
  const digest = createHash("sha256");
  for (const part of parts) digest.update(part).update("\0");
  return digest.digest("hex");
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|js|mjs)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * The hash of the TypeScript source that shapes an index (and of FlexSearch's version). The build computes
 * it once and stores it in dist/build-info.json; a run from source computes it at start.
 */
export function sourceCodeHash(srcDir = fileURLToPath(new URL("../../../src/", import.meta.url))): string {
  const digest = createHash("sha256");
  for (const dir of CODE_DIRS) {
    for (const file of sourceFiles(join(srcDir, dir)))
      digest.update(file.slice(srcDir.length)).update(readFileSync(file));
  }
  return digest.update(`flexsearch@${flexsearchVersion()}`).digest("hex");
}

/** From the build when running compiled code; from the source files when running them (tsx, vitest). */
function codeHash(): string {
  if (existsSync(BUILD_INFO)) return (JSON.parse(readFileSync(BUILD_INFO, "utf8")) as { code: string }).code;
  return sourceCodeHash();
}

/** FlexSearch's export format may change with its version (its package.json is not exported: walk up). */
function flexsearchVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve("flexsearch"));
  while (dir !== dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === "flexsearch") return manifest.version ?? "unknown";
    } catch {
      // no package.json at this level
    }
    dir = dirname(dir);
  }
  return "unknown";
}

let current: BuildStamp | undefined;

/** The stamp of the running code (computed once). */
export function currentBuildStamp(): BuildStamp {
  current ??= {
    format: SNAPSHOT_FORMAT,
    dictionary: hash(USER_DICTIONARY),
    stopwords: hash([...STOPWORDS].sort().join("\n")),
    code: codeHash(),
  };
  return current;
}

/** Why a snapshot made under `saved` cannot serve `now` (empty when it can). */
export function stampDifferences(saved: BuildStamp, now: BuildStamp): string[] {
  return (Object.keys(now) as (keyof BuildStamp)[]).filter((key) => saved[key] !== now[key]);
}
