/**
 * Every limit on an incoming report file, in one place. Each is checked before the work it protects:
 * a real education work report is far below all of them (tens of pages, tens of thousands of characters),
 * while a hostile or broken file (a zip bomb, a page of 200,000 nested tags, one endless line) is refused
 * with its reason before it can hold the thread, the memory or every later question.
 */
export const LIMITS = {
  /** The file itself (checked before reading or downloading it). */
  fileBytes: 20 * 1024 * 1024,
  /** A `.docx` is a zip: entries in its directory, and their declared and actual inflated size. */
  docxEntries: 2_000,
  docxUncompressedBytes: 100 * 1024 * 1024,
  /** One XML part (word/document.xml …): mammoth holds it as one string, then as a tree. */
  docxPartBytes: 32 * 1024 * 1024,
  /** Text after extraction, in UTF-16 code units (a long report is ~100,000). */
  textChars: 2_000_000,
  /** One item (its title and text): every question touching it reads it whole. */
  itemChars: 20_000,
  /** HTML: elements, and how deeply they nest (CMS templates nest a few dozen deep). */
  htmlElements: 100_000,
  htmlDepth: 400,
  /** PDF pages (a report has tens). */
  pdfPages: 300,
} as const;

/** A file's own work (extraction and parsing) runs in a worker with these caps; past them the worker dies. */
export const WORKER_LIMITS = {
  /** V8 old-generation heap of the worker, in MB. */
  heapMb: 512,
  /** Wall time for one file, in ms. */
  fileMs: 60_000,
} as const;

export function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
