/**
 * A fresh database per test file on the run's PostgreSQL server (see postgres-setup.ts). Without a server the
 * PostgreSQL tests fail under CI=true (CI promised one) and are skipped elsewhere, with the reason.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, inject } from "vitest";

export const databaseUrl = inject("databaseUrl");
const problem = inject("databaseProblem");

/** `describe` for PostgreSQL tests: skipped (with the reason) only outside CI when no server is available. */
export const describePostgres: typeof describe =
  databaseUrl || process.env.CI === "true" ? describe : (describe.skip as typeof describe);

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
