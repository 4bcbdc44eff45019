import { fileURLToPath } from "node:url";

/** The shipped real reports: the generator's source material, and the one folder it must never write into. */
export const REAL_CORPUS_DIR = fileURLToPath(new URL("../../corpus/", import.meta.url));
