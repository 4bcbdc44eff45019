/**
 * `npm start` / `npm run ask` run dist/: they must notice when src/ changed after the build (an edit, a new
 * file, a deleted one) and not otherwise, or an edit would be silently ignored — or every start rebuilt.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { staleBuildReason } from "../../../src/app/build/fresh-build.js";

let root: string;
/** File times set explicitly: no test waits for the clock to move. */
const BUILD_STARTED = Date.parse("2026-01-01T10:00:00Z");
const before = new Date(BUILD_STARTED - 60_000);
const after = new Date(BUILD_STARTED + 60_000);

function write(path: string, text: string, at: Date): void {
  writeFileSync(join(root, path), text);
  utimesSync(join(root, path), at, at);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "fresh-build-"));
  mkdirSync(join(root, "src", "cli"), { recursive: true });
  mkdirSync(join(root, "dist"));
  write("src/cli/ask.ts", "export {};", before);
  for (const dir of ["src/cli", "src"]) utimesSync(join(root, dir), before, before);
  writeFileSync(
    join(root, "dist", "build-info.json"),
    JSON.stringify({ code: "x", startedAt: BUILD_STARTED, builtAt: BUILD_STARTED + 5_000 }),
  );
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("whether dist/ holds the current source", () => {
  it("is fresh when nothing in src/ changed since the build began", () => {
    expect(staleBuildReason(root)).toBeUndefined();
  });

  it("is stale after an edit", () => {
    write("src/cli/ask.ts", "export const changed = 1;", after);
    expect(staleBuildReason(root)).toBe("src/ changed after the last build");
  });

  it("is stale after a file is added or removed (its folder's time moves)", () => {
    utimesSync(join(root, "src", "cli"), after, after);
    expect(staleBuildReason(root)).toBe("src/ changed after the last build");
  });

  it("is stale when never built, and never for a deployment without src/", () => {
    rmSync(join(root, "dist"), { recursive: true });
    expect(staleBuildReason(root)).toBe("dist/ has not been built");
    rmSync(join(root, "src"), { recursive: true });
    expect(staleBuildReason(root)).toBeUndefined();
  });
});
