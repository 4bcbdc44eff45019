import { fileURLToPath } from "node:url";

/** The project root and its built commands (fresh: see global-setup.ts). */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const distEntry = (path: string) => fileURLToPath(new URL(`../../dist/${path}`, import.meta.url));
