/**
 * vitest global setup: the PostgreSQL tests get a server. With DATABASE_URL set (as .ci/run does, after
 * starting its own throwaway cluster) that one is used. Without it, outside CI, a throwaway cluster is started
 * here with the same script (tools/postgres-cluster.sh) and stopped after the run, so a plain `npm test` runs
 * the PostgreSQL tests too wherever PostgreSQL 15 is installed. Under CI=true nothing is started here: a missing
 * DATABASE_URL must fail the PostgreSQL tests, not be papered over.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";

const SCRIPT = resolve(import.meta.dirname, "../../tools/postgres-cluster.sh");

declare module "vitest" {
  export interface ProvidedContext {
    /** "" when no PostgreSQL is available (see test/support/postgres.ts for what the tests then do). */
    databaseUrl: string;
    /** Why there is none, for the failure or skip message. */
    databaseProblem: string;
  }
}

export default function setup(project: TestProject): (() => void) | undefined {
  const given = process.env.DATABASE_URL?.trim();
  if (given || process.env.CI === "true") {
    project.provide("databaseUrl", given ?? "");
    project.provide(
      "databaseProblem",
      given ? "" : "CI=true but DATABASE_URL is not set: .ci/run must start PostgreSQL",
    );
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), "edu-bot-pg-"));
  try {
    const url = execFileSync("bash", [SCRIPT, "start", dir], { encoding: "utf8", timeout: 60_000 }).trim();
    project.provide("databaseUrl", url);
    project.provide("databaseProblem", "");
  } catch (error) {
    execFileSync("bash", [SCRIPT, "stop", dir], { stdio: "ignore" });
    project.provide("databaseUrl", "");
    project.provide("databaseProblem", `no PostgreSQL: ${(error as Error).message.split("\n")[0]}`);
    return undefined;
  }
  return () => {
    execFileSync("bash", [SCRIPT, "stop", dir], { stdio: "ignore", timeout: 60_000 });
  };
}
