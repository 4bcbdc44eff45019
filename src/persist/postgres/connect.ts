import pg from "pg";
import { migratePostgres } from "./migrations.js";

// bigint columns (ids, chat ids, epoch milliseconds) come back as numbers: all of them fit in 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export class DatabaseUnreachableError extends Error {
  constructor(cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`无法连接 PostgreSQL（DATABASE_URL）：${why}`);
    this.name = "DatabaseUnreachableError";
  }
}

export interface ConnectOptions {
  /** Connections in the pool (default 10). */
  max?: number;
}

/** Opens a pool, checks that the server answers, and migrates (under an advisory lock). */
export async function connectPostgres(url: string, options: ConnectOptions = {}): Promise<pg.Pool> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 10_000,
    application_name: "edu-report-bot",
  });
  // An idle client's error (the server restarted) must not crash the process: the pool replaces it.
  pool.on("error", () => {});
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseUnreachableError(error);
  }
  await migratePostgres(pool);
  return pool;
}

/** Runs `work` in one transaction on one connection; rolls back on any error. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
