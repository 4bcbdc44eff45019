import { fileURLToPath } from "node:url";
import type { Engine } from "../../src/core/domain/engine.js";
import { createEngine } from "../../src/core/engine.js";
import { loadCorpus } from "../../src/ingest/load-corpus.js";

export const CORPUS_DIR = fileURLToPath(new URL("../../corpus/", import.meta.url));

let shipped: Promise<Engine> | undefined;

/** The engine over the shipped corpus, built once per test file. */
export function shippedEngine(): Promise<Engine> {
  shipped ??= loadCorpus(CORPUS_DIR).then(({ reports }) => createEngine(reports));
  return shipped;
}
