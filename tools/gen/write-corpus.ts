/**
 * Writes a generated corpus and its manifest to a folder, refusing the real corpus folder: synthetic reports
 * must never mix with the shipped ones.
 */
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import type { GeneratedReport, ManifestEntry } from "./generate.js";

export interface Manifest {
  generator: "gen-corpus";
  seed: string;
  reports: number;
  files: ManifestEntry[];
}

export const MANIFEST_FILE = "manifest.json";

/** The real path of `path`, or of its nearest existing ancestor with the rest appended (for a new folder). */
function realPathOf(path: string): string {
  const absolute = resolve(path);
  if (existsSync(absolute)) return realpathSync(absolute);
  const parent = dirname(absolute);
  return parent === absolute ? absolute : join(realPathOf(parent), basename(absolute));
}

export function isInside(child: string, parent: string): boolean {
  const path = relative(realPathOf(parent), realPathOf(child));
  return path === "" || (!path.startsWith(`..${sep}`) && path !== ".." && !path.startsWith(sep));
}

export class RefusedOutputError extends Error {}

export function assertWritableOutput(outDir: string, protectedDirs: readonly string[]): void {
  for (const protectedDir of protectedDirs) {
    if (isInside(outDir, protectedDir)) {
      throw new RefusedOutputError(
        `refusing to write into ${protectedDir}: generated reports must never mix with the real corpus (choose another --out)`,
      );
    }
  }
}

/**
 * Removes the files a previous run listed in its manifest, and only those: a smaller corpus must not keep
 * stale reports from a larger one, and files the generator did not write are left alone.
 */
function removePreviousRun(outDir: string): void {
  const manifestPath = join(outDir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) return;
  try {
    const previous = JSON.parse(readFileSync(manifestPath, "utf8")) as Partial<Manifest>;
    if (previous.generator !== "gen-corpus" || !Array.isArray(previous.files)) return;
    for (const entry of previous.files) {
      if (typeof entry.file === "string" && basename(entry.file) === entry.file)
        rmSync(join(outDir, entry.file), { force: true });
    }
  } catch {
    // An unreadable manifest is not ours to interpret: leave the folder as it is and overwrite the manifest.
  }
}

export function writeCorpus(
  outDir: string,
  reports: readonly GeneratedReport[],
  seed: string,
  protectedDirs: readonly string[],
): Manifest {
  assertWritableOutput(outDir, protectedDirs);
  mkdirSync(outDir, { recursive: true });
  removePreviousRun(outDir);
  for (const report of reports) writeFileSync(join(outDir, report.entry.file), report.text);
  const manifest: Manifest = {
    generator: "gen-corpus",
    seed,
    reports: reports.length,
    files: reports.map((report) => report.entry),
  };
  writeFileSync(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
