import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import type { Report } from "../../core/domain/report.js";
import { analyseReport, type ReportAnalysis } from "../../core/index/analyse-report.js";
import { reportFromBytes } from "../load-corpus.js";
import { contentHash } from "../read-report.js";

/** A corpus file's identity: its name, size and content hash (what the snapshot is stamped with). */
export interface FileFingerprint {
  /** Path relative to the corpus folder. */
  name: string;
  size: number;
  sha256: string;
}

export type FileOutcome =
  | { report: Report; analysis: ReportAnalysis; failure?: undefined; crashed?: undefined }
  | {
      failure: string;
      /** The file killed or outlived the worker reading it (remembered, never read again: crashed-files). */
      crashed?: true;
      report?: undefined;
      analysis?: undefined;
    };

/** One corpus file read, parsed and segmented: everything the index needs of it, ready to insert. */
export type AnalysedFile = FileFingerprint & FileOutcome;

/**
 * Reads, extracts, parses and segments one file, the way `loadCorpus` would read it. The fingerprint is
 * of the bytes actually parsed, so a file changed meanwhile is never recorded under its new hash.
 */
export async function analyseFile(path: string, corpusDir: string): Promise<AnalysedFile> {
  const name = relative(corpusDir, path);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return { name, size: -1, sha256: "", failure: reasonOf(error) };
  }
  const fingerprint = { name, size: bytes.byteLength, sha256: contentHash(bytes) };
  try {
    const report = await reportFromBytes(bytes, path, corpusDir);
    return { ...fingerprint, report, analysis: analyseReport(report) };
  } catch (error) {
    return { ...fingerprint, failure: reasonOf(error) };
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
