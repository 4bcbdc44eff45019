import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import type { Report } from "../core/domain/report.js";
import { isCorpusFileName } from "./corpus-catalog.js";
import { parseReportBytes } from "./read-report.js";

export interface LoadFailure {
  file: string;
  reason: string;
}

export interface LoadedCorpus {
  reports: Report[];
  failures: LoadFailure[];
}

/** Reads and parses one report file; the source is its path relative to the corpus folder. */
export async function loadReportFile(path: string, corpusDir: string): Promise<Report> {
  return reportFromBytes(await readFile(path), path, corpusDir);
}

/** A report file's bytes, already read, parsed the way `loadCorpus` does (worker threads share this). */
export async function reportFromBytes(bytes: Uint8Array, path: string, corpusDir: string): Promise<Report> {
  return (await parseReportBytes(bytes, relative(corpusDir, path))).report;
}

/**
 * Report files directly in a folder, sorted by name (the order reports are indexed in). A symbolic link to
 * a file counts as that file, as it does for the watcher (which follows links): a linked report is indexed
 * the same way whether it appeared while the bot ran or was there at start. A dangling link is skipped.
 */
export async function listReportFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (!isCorpusFileName(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isFile()) files.push(path);
    else if (entry.isSymbolicLink() && (await stat(path).catch(() => undefined))?.isFile()) files.push(path);
  }
  return files.sort();
}

/**
 * Reads every report in a folder. A file that cannot be read or parsed is reported as a failure with
 * its reason; the others still load.
 */
export async function loadCorpus(dir: string): Promise<LoadedCorpus> {
  const files = await listReportFiles(dir);
  const reports: Report[] = [];
  const failures: LoadFailure[] = [];
  for (const file of files) {
    try {
      reports.push(await loadReportFile(file, dir));
    } catch (error) {
      failures.push({
        file: relative(dir, file),
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return { reports, failures };
}
