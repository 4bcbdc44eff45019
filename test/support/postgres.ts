/**
 * A fresh database per test file on the run's PostgreSQL server (see postgres-setup.ts). Without a server the
 * PostgreSQL tests fail under CI=true (CI promised one) and are skipped elsewhere, with the reason.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, inject, it } from "vitest";

export const databaseUrl = inject("databaseUrl");
const problem = inject("databaseProblem");

/**
 * `describe` for PostgreSQL tests. Without a server: outside CI the block is skipped (with the reason); under
 * CI=true it is replaced by one test that fails with the reason, so the run counts a failure, not skips.
 */
export function describePostgres(name: string, ...rest: [() => void] | [object, () => void]): void {
  if (databaseUrl) {
    (describe as (name: string, ...args: unknown[]) => void)(name, ...rest);
  } else if (process.env.CI === "true") {
    describe(name, () => {
      it("has the PostgreSQL server CI promised", () => {
        throw new Error(`PostgreSQL required: ${problem}`);
      });
    });
  } else {
    describe.skip(name, rest.at(-1) as () => void);
  }
}

if (!databaseUrl && process.env.CI !== "true") console.warn(`PostgreSQL tests skipped: ${problem}`);

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database; `drop()` removes it (after closing every connection to it). */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (!databaseUrl) throw new Error(`PostgreSQL required: ${problem}`);
  const name = `edu_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
