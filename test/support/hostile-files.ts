/**
 * Hostile report files, generated: zip bombs dressed as .docx, pages nested 200,000 deep, one endless line.
 * Each is what an attacker (or a broken exporter) would really send; nothing here is a stand-in.
 */
import { crc32, createDeflateRaw, deflateRawSync } from "node:zlib";

export interface ZipEntrySpec {
  name: string;
  /** Deflated bytes as stored. */
  deflated: Buffer;
  crc: number;
  /** The inflated size the directory declares (a lying zip declares less than the truth). */
  declaredSize: number;
}

export function deflatedEntry(name: string, content: string | Buffer): ZipEntrySpec {
  const bytes = typeof content === "string" ? Buffer.from(content) : content;
  return { name, deflated: deflateRawSync(bytes), crc: crc32(bytes), declaredSize: bytes.length };
}

/** A zip archive (local headers, data, central directory, end record), entries deflated. */
export function zipArchive(entries: readonly ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(entry.crc >>> 0, 14);
    local.writeUInt32LE(entry.deflated.length, 18);
    local.writeUInt32LE(entry.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, entry.deflated);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(entry.crc >>> 0, 16);
    central.writeUInt32LE(entry.deflated.length, 20);
    central.writeUInt32LE(entry.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    directory.push(central, name);
    offset += local.length + name.length + entry.deflated.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directoryBytes, end]);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;
const DOCUMENT_HEAD = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>2023年松江区教育工作总结`;
const DOCUMENT_TAIL = "</w:t></w:r></w:p></w:body></w:document>";

/**
 * A `.docx` whose word/document.xml inflates to `inflatedMiB` MiB of spaces inside one paragraph: a few
 * hundred KB on disk (deflate packs a run of spaces ~1000:1). `lie`: the directory declares 4 KB instead.
 */
export async function zipBombDocx({ inflatedMiB, lie = false }: { inflatedMiB: number; lie?: boolean }) {
  const deflater = createDeflateRaw({ level: 9 });
  const parts: Buffer[] = [];
  deflater.on("data", (chunk: Buffer) => parts.push(chunk));
  const ended = new Promise((resolve) => deflater.on("end", resolve));
  const head = Buffer.from(DOCUMENT_HEAD);
  const tail = Buffer.from(DOCUMENT_TAIL);
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  let crc = crc32(head);
  deflater.write(head);
  for (let written = 0; written < inflatedMiB; written++) {
    crc = crc32(chunk, crc);
    if (!deflater.write(chunk)) await new Promise((resolve) => deflater.once("drain", resolve));
  }
  crc = crc32(tail, crc);
  deflater.end(tail);
  await ended;
  const size = head.length + inflatedMiB * chunk.length + tail.length;
  return zipArchive([
    deflatedEntry("[Content_Types].xml", CONTENT_TYPES),
    deflatedEntry("_rels/.rels", RELS),
    { name: "word/document.xml", deflated: Buffer.concat(parts), crc, declaredSize: lie ? 4096 : size },
  ]);
}

/** A `.docx` of many tiny entries: each harmless, their number is the attack. */
export function manyEntriesDocx(entries: number): Buffer {
  const specs = [deflatedEntry("[Content_Types].xml", CONTENT_TYPES), deflatedEntry("_rels/.rels", RELS)];
  const tiny = deflatedEntry("x", "<a/>");
  for (let index = 0; index < entries; index++) specs.push({ ...tiny, name: `customXml/item${index}.xml` });
  return zipArchive(specs);
}

/** An HTML page whose only paragraph sits `depth` `<div>`s deep. */
export function deeplyNestedPage(depth: number, paragraph = "2023年松江区教育工作总结"): Buffer {
  return Buffer.from(
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body>${"<div>".repeat(depth)}<p>${paragraph}</p>${"</div>".repeat(depth)}</body></html>`,
  );
}
