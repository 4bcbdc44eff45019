import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** dist/memo/ once built (beside dist/build/); src/memo/, which never exists, when running the source. */
const MEMO_DIR = new URL("../../memo/", import.meta.url);
/** Set by scripts/build.mjs while it computes the memos. */
const WRITING = process.env.EDU_REPORT_BOT_WRITE_MEMOS === "1";

/**
 * A value that is expensive to derive at every start but only depends on installed data (the jieba
 * dictionary, the gazetteer): the build computes it once and stores it in dist/memo/NAME.json under a key
 * of its inputs; a start whose inputs give the same key reads it back. Without a memo, or with another
 * key (other inputs), it is computed as before. JSON values only.
 */
export function buildTimeMemo<T>(name: string, inputs: readonly string[], compute: () => T): T {
  const key = createHash("sha256").update(inputs.join("\n")).digest("hex");
  const file = new URL(`${name}.json`, MEMO_DIR);
  if (!WRITING) {
    try {
      const memo = JSON.parse(readFileSync(file, "utf8")) as { key: string; value: T };
      if (memo.key === key) return memo.value;
    } catch {
      // no memo (running the source, or not built yet): compute
    }
  }
  const value = compute();
  if (WRITING) {
    mkdirSync(fileURLToPath(MEMO_DIR), { recursive: true });
    writeFileSync(file, JSON.stringify({ key, value }));
  }
  return value;
}

/**
 * Like buildTimeMemo, for a large product stored as raw bytes (read back without parsing): dist/memo/NAME
 * holds a line with the key of its inputs, then the bytes. Undefined when there is none, or one made from
 * other inputs: the caller then does without (computing it at a start would cost what it saves). The build
 * computes and writes it.
 */
export function buildTimeFile(
  name: string,
  inputs: readonly string[],
  compute: () => Uint8Array,
): Buffer | undefined {
  const key = createHash("sha256").update(inputs.join("\n")).digest("hex");
  const file = new URL(name, MEMO_DIR);
  if (WRITING) {
    const value = Buffer.from(compute());
    mkdirSync(fileURLToPath(MEMO_DIR), { recursive: true });
    writeFileSync(file, Buffer.concat([Buffer.from(`${key}\n`), value]));
    return value;
  }
  let stored: Buffer;
  try {
    stored = readFileSync(file);
  } catch {
    return undefined; // not built (running the source): do without
  }
  const newline = stored.indexOf(0x0a);
  return stored.toString("latin1", 0, newline) === key ? stored.subarray(newline + 1) : undefined;
}
