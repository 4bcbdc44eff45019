import { copyFile, mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, extname, join, resolve } from "node:path";
import { MAX_CORPUS_NAME_BYTES, shortenToBytes } from "./corpus-file-name.js";

/** `rejected/` sits beside the corpus folder, so the corpus (and its watcher) never sees refused files. */
export function defaultRejectedDir(corpusDir: string): string {
  return join(dirname(resolve(corpusDir)), "rejected");
}

export interface Rejection {
  reason: string;
  detail?: string;
}

export interface FiledRejection {
  /** Where the refused file now is, unless it was too large to keep a copy of. */
  filePath?: string;
  reasonPath: string;
}

type RejectedContent = { bytes: Uint8Array } | { movePath: string } | { copyPath: string } | { none: true };

/**
 * Files a refused report into the rejected folder with `<name>.reason.txt` beside it. The file is moved when
 * it sat in the corpus folder (so the corpus only holds good reports), copied when it came from elsewhere
 * (the user keeps their original), or written from bytes (an upload). An existing name gets a time suffix.
 */
export async function fileRejection(
  rejectedDir: string,
  originalName: string,
  content: RejectedContent,
  rejection: Rejection,
  now: Date = new Date(),
): Promise<FiledRejection> {
  await mkdir(rejectedDir, { recursive: true });
  // Shortened like corpus names: `<name>.reason.txt` and a time suffix must stay within 255 bytes.
  const name = await freeName(rejectedDir, shortName(basename(originalName)), now);
  const filePath = join(rejectedDir, name);
  let kept: string | undefined = filePath;
  if ("bytes" in content) await writeFile(filePath, content.bytes);
  else if ("movePath" in content) await moveFile(content.movePath, filePath);
  else if ("copyPath" in content) await copyFile(content.copyPath, filePath);
  else kept = undefined;

  const reasonPath = `${filePath}.reason.txt`;
  const lines = [
    `原因：${rejection.reason}`,
    ...(rejection.detail ? [`详情：${rejection.detail}`] : []),
    `文件：${originalName}`,
    `时间：${now.toISOString()}`,
    ...(kept ? [] : ["（文件未保存在此处）"]),
  ];
  await writeFile(reasonPath, `${lines.join("\n")}\n`);
  return kept ? { filePath: kept, reasonPath } : { reasonPath };
}

async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    // Another file system (a mounted corpus folder): copy, then remove the original.
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    await copyFile(from, to);
    await rm(from, { force: true });
  }
}

async function freeName(dir: string, name: string, now: Date): Promise<string> {
  if (!(await exists(join(dir, name)))) return name;
  const extension = extname(name);
  const stem = name.slice(0, name.length - extension.length);
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\..+$/, "").replace("T", "-");
  for (let attempt = 1; ; attempt++) {
    const candidate = `${stem}.${stamp}${attempt > 1 ? `-${attempt}` : ""}${extension}`;
    if (!(await exists(join(dir, candidate)))) return candidate;
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** A name cut to MAX_CORPUS_NAME_BYTES (at a character boundary), its extension kept. */
function shortName(name: string): string {
  const extension = extname(name);
  return `${shortenToBytes(name.slice(0, name.length - extension.length), MAX_CORPUS_NAME_BYTES - Buffer.byteLength(extension))}${extension}`;
}
