import { inflateRawSync } from "node:zlib";
import { ReportRejectedError } from "../../core/parse/errors.js";
import { LIMITS, megabytes } from "./limits.js";

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** ZIP64 marks sizes it moved to an extra field with all ones: no report needs a 4 GiB part. */
const ZIP64_MARK = 0xffffffff;

/**
 * Checks a `.docx` before any unzipping library sees it, from the zip's central directory alone: how many
 * entries, how large they say they inflate to. A zip bomb (a few hundred KB that inflates to gigabytes)
 * is refused here in milliseconds. The XML parts are then inflated with a cap on their output, so a zip
 * whose directory lies about the sizes is refused at the cap too, never inflated whole.
 */
export function assertSafeDocx(bytes: Uint8Array): void {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = readDirectory(buffer);
  if (entries.length > LIMITS.docxEntries) {
    throw refused(
      `压缩包内有 ${entries.length} 个文件`,
      `${entries.length} zip entries > ${LIMITS.docxEntries}`,
    );
  }
  let declared = 0;
  for (const entry of entries) {
    if (entry.uncompressedSize === ZIP64_MARK || entry.compressedSize === ZIP64_MARK) {
      throw refused("其中有超过 4 GB 的部分", `ZIP64 entry ${entry.name}`);
    }
    declared += entry.uncompressedSize;
    if (isTextPart(entry.name) && entry.uncompressedSize > LIMITS.docxPartBytes) {
      throw refused(
        `其中 ${entry.name} 解压后有 ${megabytes(entry.uncompressedSize)} MB`,
        `${entry.name} inflates to ${entry.uncompressedSize} bytes > ${LIMITS.docxPartBytes}`,
      );
    }
  }
  if (declared > LIMITS.docxUncompressedBytes) {
    throw refused(
      `解压后共 ${megabytes(declared)} MB`,
      `uncompressed ${declared} bytes > ${LIMITS.docxUncompressedBytes}`,
    );
  }
  // The parts mammoth reads are inflated once here, capped at what the directory declared: a lying
  // directory cannot make them larger than the limits above.
  for (const entry of entries) if (isTextPart(entry.name)) assertInflatesWithin(buffer, entry);
}

function refused(what: string, detail: string): ReportRejectedError {
  return new ReportRejectedError(
    `Word 文档异常（${what}），超出报告文件的限制，可能是压缩炸弹或损坏的文件`,
    detail,
  );
}

function unreadable(detail: string): ReportRejectedError {
  return new ReportRejectedError("无法读取 Word 文档（文件损坏或不是 .docx 格式）", detail);
}

/** Media (pictures) are never read: mammoth is told to skip images. Everything else may be. */
function isTextPart(name: string): boolean {
  return !/^word\/media\//i.test(name) && !name.endsWith("/");
}

function readDirectory(buffer: Buffer): ZipEntry[] {
  // The end-of-directory record sits in the last 22 bytes plus an optional comment of up to 65,535.
  const earliest = Math.max(0, buffer.length - 22 - 0xffff);
  let end = -1;
  for (let at = buffer.length - 22; at >= earliest; at--) {
    if (buffer.readUInt32LE(at) === END_OF_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) throw unreadable("no zip end-of-directory record");
  const count = buffer.readUInt16LE(end + 10);
  const size = buffer.readUInt32LE(end + 12);
  const offset = buffer.readUInt32LE(end + 16);
  if (count === 0xffff || offset === ZIP64_MARK) throw refused("ZIP64 格式", "ZIP64 directory");
  if (count > LIMITS.docxEntries) {
    throw refused(`压缩包内有 ${count} 个文件`, `${count} zip entries > ${LIMITS.docxEntries}`);
  }
  if (offset + size > buffer.length) throw unreadable("zip directory outside the file");
  const entries: ZipEntry[] = [];
  let at = offset;
  while (at + 46 <= offset + size) {
    if (buffer.readUInt32LE(at) !== DIRECTORY_ENTRY) throw unreadable("bad zip directory entry");
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    entries.push({
      method: buffer.readUInt16LE(at + 10),
      compressedSize: buffer.readUInt32LE(at + 20),
      uncompressedSize: buffer.readUInt32LE(at + 24),
      localHeaderOffset: buffer.readUInt32LE(at + 42),
      name: buffer.toString("utf8", at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + extraLength + commentLength;
    if (entries.length > LIMITS.docxEntries) break; // The end record understated the count.
  }
  return entries;
}

function assertInflatesWithin(buffer: Buffer, entry: ZipEntry): void {
  const header = entry.localHeaderOffset;
  if (header + 30 > buffer.length || buffer.readUInt32LE(header) !== LOCAL_HEADER) {
    throw unreadable(`bad local header for ${entry.name}`);
  }
  const start = header + 30 + buffer.readUInt16LE(header + 26) + buffer.readUInt16LE(header + 28);
  const data = buffer.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) {
    if (data.length > LIMITS.docxPartBytes) throw refused(`${entry.name} 过大`, `stored ${entry.name}`);
    return;
  }
  if (entry.method !== 8) return; // Another method: the unzipping library refuses it itself.
  try {
    // One byte over the declared size is enough to know the directory lied.
    inflateRawSync(data, { maxOutputLength: Math.min(entry.uncompressedSize, LIMITS.docxPartBytes) + 1 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
      throw refused(
        `其中 ${entry.name} 解压后比声明的更大`,
        `${entry.name} inflates past ${entry.uncompressedSize} bytes`,
      );
    }
    throw unreadable(`${entry.name}: ${(error as Error).message}`);
  }
}
