import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { buildTimeFile } from "./memo.js";

type OpenCC = typeof import("opencc-js/t2cn");
type Dictionary = string | readonly (readonly [string, string])[];
interface ConverterConfig {
  normalizationChain?: readonly (readonly Dictionary[])[];
  segmentation?: Dictionary | readonly Dictionary[];
  conversionChain: readonly (readonly Dictionary[])[];
}

const require = createRequire(import.meta.url);

let opencc: OpenCC | undefined;

/** opencc-js's traditional → mainland-simplified converter (~25 ms to load and build its tries). */
export function openccT2cn(): OpenCC {
  opencc ??= require("opencc-js/t2cn") as OpenCC;
  return opencc;
}

/**
 * Every (from, to) pair of the dictionaries the `{ from: "t", to: "cn" }` converter applies (opencc-js's
 * `t2s` configuration: its normalisation, segmentation and conversion steps).
 */
export function conversionEntries(): [string, string][] {
  const config = (openccT2cn().Locale.configs as unknown as Record<string, ConverterConfig>).t2s;
  if (!config) throw new Error("opencc-js: no t2s configuration");
  const dictionaries: Dictionary[] = [
    ...(config.normalizationChain ?? []).flat(),
    ...config.conversionChain.flat(),
    ...(config.segmentation === undefined ? [] : [config.segmentation].flat()),
  ] as Dictionary[];
  return dictionaries.flatMap((dictionary) =>
    typeof dictionary === "string"
      ? dictionary.split("|").map((entry) => entry.split(" ") as [string, string])
      : dictionary.map(([from, to]) => [from, to] as [string, string]),
  );
}

/**
 * Characters at least one of which is in every dictionary entry that changes a text (one per entry: the
 * traditional character of 國→国; for a phrase of characters that are each left as they are, like 反覆→反复,
 * its rarest). The converter only changes a text that holds an entry's whole key, so a text without any of
 * these characters — nearly every simplified text — comes out as it went in, and needs no conversion.
 * `commonness` ranks characters (higher: more common in ordinary text).
 */
export function conversionTriggers(commonness: (char: string) => number): string[] {
  const entries = conversionEntries().filter(([from, to]) => from !== to);
  const changed = new Set(entries.filter(([from]) => [...from].length === 1).map(([from]) => from));
  const triggers = new Set<string>();
  for (const [from] of entries) {
    const chars = [...from];
    if (chars.some((char) => triggers.has(char))) continue;
    const own = chars.find((char) => changed.has(char));
    triggers.add(own ?? chars.reduce((a, b) => (commonness(b) < commonness(a) ? b : a)));
  }
  return [...triggers].sort();
}

/** How common each character is in jieba's dictionary (the summed frequencies of the words holding it). */
function jiebaCommonness(): (char: string) => number {
  const { dict } = require("@node-rs/jieba/dict.js") as typeof import("@node-rs/jieba/dict.js");
  const counts = new Map<string, number>();
  for (const line of Buffer.from(dict).toString("utf8").split("\n")) {
    const [word, freq] = line.split(" ");
    if (!word) continue;
    for (const char of word) counts.set(char, (counts.get(char) ?? 0) + Number(freq ?? 0));
  }
  return (char) => counts.get(char) ?? 0;
}

function openccKey(): string[] {
  const converter = require.resolve("opencc-js/t2cn");
  const manifest = JSON.parse(readFileSync(join(dirname(converter), "../../package.json"), "utf8")) as {
    version?: string;
  };
  return [`opencc-js@${manifest.version}`, String(statSync(converter).size)];
}

/** The build's conversion triggers by UTF-16 unit: 1 a trigger, 2 the first half of an astral one. */
interface Triggers {
  units: Uint8Array;
  astral: Set<number>;
}

let triggers: Triggers | null | undefined;

function loadTriggers(): Triggers | null {
  const list = buildTimeFile("opencc-triggers.txt", openccKey(), () =>
    Buffer.from(conversionTriggers(jiebaCommonness()).join(""), "utf8"),
  );
  if (!list) return null;
  const units = new Uint8Array(0x10000);
  const astral = new Set<number>();
  for (const char of list.toString("utf8")) {
    const code = char.codePointAt(0)!;
    if (code < 0x10000) units[code] = 1;
    else {
      astral.add(code);
      units[char.charCodeAt(0)] = 2;
    }
  }
  return { units, astral };
}

/**
 * Whether `text` may change from traditional to simplified: false when it holds none of the build's
 * conversion triggers; always true without them (running the source: every text is converted). One table
 * look-up per character: it runs over every report a full build folds.
 */
export function mayHoldTraditional(text: string): boolean {
  if (triggers === undefined) triggers = loadTriggers();
  if (triggers === null) return true;
  const { units, astral } = triggers;
  for (let i = 0; i < text.length; i++) {
    const mark = units[text.charCodeAt(i)];
    if (mark === 1 || (mark === 2 && astral.has(text.codePointAt(i)!))) return true;
  }
  return false;
}
