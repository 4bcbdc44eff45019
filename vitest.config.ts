import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // PostgreSQL for the tests that need it: DATABASE_URL, or a throwaway cluster started here (not under CI).
    globalSetup: ["test/support/postgres-setup.ts"],
  },
});
