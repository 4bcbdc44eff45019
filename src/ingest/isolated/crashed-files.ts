import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

export const CRASHED_FILES = "crashed-files.json";

export interface CrashRecord {
  /** The corpus file's name when it crashed. */
  name: string;
  reason: string;
  at: string;
}

/**
 * Files (by content hash) that killed or outlived the worker reading them. Kept in DATA_DIR so that a zip
 * bomb left in the corpus folder costs one worker once, not one on every start: the loader reports it as
 * a failure with the remembered reason and never reads it again. The same bytes under another name are
 * the same file; a changed file has another hash and is read afresh.
 */
export class CrashedFiles {
  private constructor(
    private readonly path: string,
    private readonly records: Map<string, CrashRecord>,
  ) {}

  static async open(dataDir: string): Promise<CrashedFiles> {
    const path = join(dataDir, CRASHED_FILES);
    let records = new Map<string, CrashRecord>();
    try {
      const parsed = JSON.parse(await readFile(path, "utf8")) as Record<string, CrashRecord>;
      records = new Map(Object.entries(parsed));
    } catch {
      // Missing or unreadable: nothing remembered (the worst case is one more worker lost per such file).
    }
    return new CrashedFiles(path, records);
  }

  get(sha256: string): CrashRecord | undefined {
    return this.records.get(sha256);
  }

  get size(): number {
    return this.records.size;
  }

  /** Remembers crashed files; written atomically (temp file + rename). */
  async remember(entries: readonly { sha256: string; name: string; reason: string }[]): Promise<void> {
    if (entries.length === 0) return;
    for (const { sha256, name, reason } of entries)
      this.records.set(sha256, { name, reason, at: new Date().toISOString() });
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(Object.fromEntries(this.records), null, 1));
    await rename(temporary, this.path);
  }
}
