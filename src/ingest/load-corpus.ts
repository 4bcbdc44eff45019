import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { ReportRejectedError } from "../parse/errors.js";
import { parseReport } from "../parse/parse-report.js";
import type { Report } from "../report/types.js";
import { isCorpusFileName } from "./corpus-catalog.js";
import { extractText } from "./extract-text.js";

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
  const bytes = await readFile(path);
  const { text, format } = await extractText(bytes, path);
  return parseReport(text, { source: relative(corpusDir, path), format: format === "md" ? "md" : "txt" });
}

/**
 * Reads every report in a folder. A file that cannot be read or parsed is reported as a failure with
 * its reason; the others still load.
 */
export async function loadCorpus(dir: string): Promise<LoadedCorpus> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && isCorpusFileName(entry.name))
    .map((entry) => join(dir, entry.name))
    .sort();
  const reports: Report[] = [];
  const failures: LoadFailure[] = [];
  for (const file of files) {
    try {
      if ((await stat(file)).size === 0) throw new ReportRejectedError("文件是空的", "empty file");
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
