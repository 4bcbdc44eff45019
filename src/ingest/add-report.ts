import { randomBytes } from "node:crypto";
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, extname, join, resolve } from "node:path";
import { itemCount, type Report } from "../core/domain/report.js";
import { ReportRejectedError } from "../core/parse/errors.js";
import { type CatalogEntry, classify, scanCorpus } from "./corpus-catalog.js";
import { corpusFileName } from "./corpus-file-name.js";
import { assertReportSize, type ReportFormat } from "./extract-text.js";
import { readReport } from "./read-report.js";
import { defaultRejectedDir, exists, fileRejection } from "./rejected-folder.js";

/** What a user is told about an accepted report: enough to check that it was understood. */
export interface ReportSummary {
  reportId: string;
  title: string;
  district: string;
  year: number;
  sections: number;
  /** Of the sections, how many belong to a plan part (a summary-plus-plan report); 0 otherwise. */
  planSections: number;
  items: number;
  format: ReportFormat;
}

export type AddOutcome =
  | {
      status: "added" | "updated";
      summary: ReportSummary;
      report: Report;
      /** File name inside the corpus folder. */
      source: string;
      /** For an update: the corpus file that held the previous version (replaced or removed). */
      replaced?: string;
      /** Where that previous version was kept (under DATA_DIR/replaced/), when a versions folder is set. */
      replacedKeptAt?: string;
    }
  | { status: "duplicate"; summary: ReportSummary; report: Report; duplicateOf: string }
  | {
      status: "rejected";
      fileName: string;
      reason: string;
      detail?: string;
      /** Where the refused file was put (absent when it was too large to keep). */
      rejectedPath?: string;
      /** The `.reason.txt` beside it (absent when the outcome is kept in the shared database instead). */
      reasonPath?: string;
    };

/** A file on disk, or bytes with a name (an upload). */
export type AddReportInput = { path: string } | { bytes: Uint8Array; name: string };

export interface AddReportOptions {
  corpusDir: string;
  /** Default: `rejected/` beside the corpus folder. */
  rejectedDir?: string;
  /** What the corpus already holds; default: scan the corpus folder. Pass one built from a running engine. */
  catalog?: readonly CatalogEntry[];
  /**
   * DATA_DIR: a version that an update replaces is copied to `replaced/` in it first, so nothing is lost
   * when an upload turns out to be the wrong file.
   */
  dataDir?: string;
}

export function summarize(report: Report, format: ReportFormat): ReportSummary {
  return {
    reportId: report.id,
    title: report.title,
    district: report.district,
    year: report.year,
    sections: report.sections.length,
    planSections: report.sections.filter((section) => section.part === "plan").length,
    items: itemCount(report),
    format,
  };
}

/**
 * The one pipeline behind every way of adding a report (command line, bot upload): read and validate the
 * file, then file it into the corpus folder — new, replacing the previous version of the same report, or
 * not at all when the same bytes are already there. A refused file goes to the rejected folder with its
 * reason and nothing in the corpus changes. The corpus file is written under a hidden temporary name and
 * renamed into place, so a watcher never sees it half-written. The running index is updated by the
 * watcher on that corpus folder, not here, so that every way of adding goes through one place.
 */
export async function addReport(input: AddReportInput, options: AddReportOptions): Promise<AddOutcome> {
  const corpusDir = resolve(options.corpusDir);
  const rejectedDir = options.rejectedDir ?? defaultRejectedDir(corpusDir);
  const fileName = basename("path" in input ? input.path : input.name);
  const sourcePath = "path" in input ? resolve(input.path) : undefined;
  const alreadyInCorpus = sourcePath !== undefined && resolve(sourcePath, "..") === corpusDir;

  const reject = async (error: ReportRejectedError, keep: boolean): Promise<AddOutcome> => {
    const content = !keep
      ? { none: true as const }
      : sourcePath === undefined
        ? { bytes: (input as { bytes: Uint8Array }).bytes }
        : alreadyInCorpus
          ? { movePath: sourcePath }
          : { copyPath: sourcePath };
    const filed = await fileRejection(rejectedDir, fileName, content, error);
    return {
      status: "rejected",
      fileName,
      reason: error.reason,
      ...(error.detail ? { detail: error.detail } : {}),
      ...(filed.filePath ? { rejectedPath: filed.filePath } : {}),
      reasonPath: filed.reasonPath,
    };
  };

  let bytes: Uint8Array;
  try {
    // Refuse an oversized file before reading it into memory.
    assertReportSize(
      sourcePath === undefined
        ? (input as { bytes: Uint8Array }).bytes.byteLength
        : (await stat(sourcePath)).size,
    );
    bytes = sourcePath === undefined ? (input as { bytes: Uint8Array }).bytes : await readFile(sourcePath);
  } catch (error) {
    if (error instanceof ReportRejectedError) return reject(error, false);
    throw error;
  }

  let read: Awaited<ReturnType<typeof readReport>>;
  try {
    read = await readReport(bytes, fileName);
  } catch (error) {
    if (error instanceof ReportRejectedError) return reject(error, true);
    throw error;
  }

  const catalog = (options.catalog ?? (await scanCorpus(corpusDir))).filter(
    (entry) => !alreadyInCorpus || entry.source !== fileName,
  );
  const classification = classify(read, catalog);
  const summary = summarize(read.report, read.format);
  if (classification.kind === "duplicate") {
    return { status: "duplicate", summary, report: read.report, duplicateOf: classification.of.source };
  }

  await mkdir(corpusDir, { recursive: true });
  const previous = classification.kind === "update" ? classification.previous : undefined;
  // An update in the same format takes the old file's place (one change event, no gap in the index).
  const filedName = corpusFileName(fileName);
  const target = alreadyInCorpus
    ? fileName
    : previous && extname(previous.source).toLowerCase() === extname(filedName).toLowerCase()
      ? previous.source
      : await freeCorpusName(corpusDir, filedName);
  const kept =
    previous && options.dataDir ? await keepVersion(corpusDir, previous.source, options.dataDir) : undefined;
  if (!alreadyInCorpus) await writeAtomically(join(corpusDir, target), bytes);
  if (previous && previous.source !== target) await rm(join(corpusDir, previous.source), { force: true });

  const report = { ...read.report, source: target };
  return {
    status: previous ? "updated" : "added",
    summary,
    report,
    source: target,
    ...(previous ? { replaced: previous.source } : {}),
    ...(kept ? { replacedKeptAt: kept } : {}),
  };
}

/** Copies the version about to be replaced to DATA_DIR/replaced/<time>-<name>; its path, if it existed. */
async function keepVersion(corpusDir: string, source: string, dataDir: string): Promise<string | undefined> {
  const versions = join(resolve(dataDir), "replaced");
  await mkdir(versions, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const kept = join(versions, `${stamp}-${source}`);
  try {
    await copyFile(join(corpusDir, source), kept);
    return kept;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Keeps the user's file name unless another report already uses it: then `name-2.ext`, `name-3.ext` … */
async function freeCorpusName(corpusDir: string, name: string): Promise<string> {
  if (!(await exists(join(corpusDir, name)))) return name;
  const extension = extname(name);
  const stem = name.slice(0, name.length - extension.length);
  for (let attempt = 2; ; attempt++) {
    const candidate = `${stem}-${attempt}${extension}`;
    if (!(await exists(join(corpusDir, candidate)))) return candidate;
  }
}

/** Written under a dot-name (ignored by the watcher and the loader), then renamed: readers see all or nothing. */
export async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = join(resolve(path, ".."), `.${basename(path)}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
