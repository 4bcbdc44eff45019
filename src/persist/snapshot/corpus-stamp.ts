import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import type { FileFingerprint } from "../../ingest/parallel/analyse-file.js";
import { contentHash } from "../../ingest/read-report.js";

/** Name, size and content hash of every corpus file (read in parallel: I/O, not CPU, bound). */
export async function fingerprintFiles(
  paths: readonly string[],
  corpusDir: string,
): Promise<FileFingerprint[]> {
  const fingerprints: FileFingerprint[] = new Array(paths.length);
  let next = 0;
  const reader = async () => {
    for (let position = next++; position < paths.length; position = next++) {
      const path = paths[position]!;
      const name = relative(corpusDir, path);
      try {
        const bytes = await readFile(path);
        fingerprints[position] = { name, size: bytes.byteLength, sha256: contentHash(bytes) };
      } catch {
        // Unreadable now: a fingerprint no snapshot entry matches, so the loader reads it and says why.
        fingerprints[position] = { name, size: -1, sha256: "" };
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, reader));
  return fingerprints;
}

export function sameFile(a: FileFingerprint, b: FileFingerprint): boolean {
  return a.name === b.name && a.size === b.size && a.sha256 === b.sha256 && a.size >= 0;
}

/** One hash over every file's fingerprint, in load order: equal stamps, identical corpus. */
export function corpusStamp(fingerprints: readonly FileFingerprint[]): string {
  const digest = createHash("sha256");
  for (const file of fingerprints) digest.update(`${file.name}\0${file.size}\0${file.sha256}\n`);
  return digest.digest("hex");
}
