import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Report } from "../core/domain/report.js";
import { ReportRejectedError } from "../core/parse/errors.js";
import { isSupportedFile } from "./extract-text.js";
import { contentHash, identityKey, readReport } from "./read-report.js";

/** What is needed to tell a new report from an update or a duplicate of one already in the corpus. */
export interface CatalogEntry {
  /** File name relative to the corpus folder. */
  source: string;
  hash: string;
  reportId: string;
  /** district|year|title, see identityKey. */
  identity: string;
  title: string;
}

/**
 * Files in the corpus folder that are not (yet) reports and are left alone: hidden files, editor and
 * download temporaries, READMEs and rejection notes (the loader skips the same).
 */
export function isNotAReportFile(name: string): boolean {
  if (name.startsWith(".") || name.startsWith("~$") || name.endsWith("~")) return true;
  if (/^readme/i.test(name) || name.endsWith(".reason.txt")) return true;
  return /\.(tmp|part|crdownload|download|swp)$/i.test(name);
}

/** Files the corpus folder holds as reports. */
export function isCorpusFileName(name: string): boolean {
  return !isNotAReportFile(name) && isSupportedFile(name);
}

export function catalogEntry(source: string, hash: string, report: Report): CatalogEntry {
  return { source, hash, reportId: report.id, identity: identityKey(report), title: report.title };
}

/**
 * Reads every report file in the corpus folder (top level, like the loader) into catalog entries. Files
 * that do not parse are skipped: they are not in the index either.
 */
export async function scanCorpus(corpusDir: string): Promise<CatalogEntry[]> {
  let names: string[];
  try {
    names = await readdir(corpusDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const entries: CatalogEntry[] = [];
  for (const name of names.filter(isCorpusFileName).sort()) {
    try {
      const bytes = await readFile(join(corpusDir, name));
      const { report, hash } = await readReport(bytes, name);
      entries.push(catalogEntry(name, hash, report));
    } catch (error) {
      if (!(error instanceof ReportRejectedError) && (error as NodeJS.ErrnoException).code === undefined)
        throw error;
    }
  }
  return entries;
}

/**
 * Catalog entries for reports already loaded (e.g. `engine.reports()`), without parsing again: only the
 * files' bytes are read, for their hashes. Reports whose file has gone are left out.
 */
export async function catalogFromReports(
  reports: readonly Report[],
  corpusDir: string,
): Promise<CatalogEntry[]> {
  const entries: CatalogEntry[] = [];
  for (const report of reports) {
    try {
      entries.push(
        catalogEntry(report.source, contentHash(await readFile(join(corpusDir, report.source))), report),
      );
    } catch {
      // The file was removed since it was loaded; the watcher will drop the report.
    }
  }
  return entries;
}

export type Classification =
  | { kind: "new" }
  | { kind: "update"; previous: CatalogEntry }
  | { kind: "duplicate"; of: CatalogEntry };

/** Same bytes → duplicate (ignored); same district, year and title → update (replaces); else new. */
export function classify(
  candidate: { hash: string; report: Report },
  catalog: readonly CatalogEntry[],
): Classification {
  const same = catalog.find((entry) => entry.hash === candidate.hash);
  if (same) return { kind: "duplicate", of: same };
  const identity = identityKey(candidate.report);
  const previous = catalog.find(
    (entry) => entry.identity === identity || entry.reportId === candidate.report.id,
  );
  return previous ? { kind: "update", previous } : { kind: "new" };
}
