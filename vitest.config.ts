import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Test files share their worker's modules (jieba's dictionary and the gazetteer load once per worker,
    // not once per file: ~0.5 s each); no test mocks modules or keeps global state between files.
    isolate: false,
    // Two workers on two cores: much of the suite waits on sockets, child processes and file watchers.
    maxWorkers: 2,
    // The build once before the suite; PostgreSQL for the tests that need it (DATABASE_URL, or a throwaway
    // cluster started here when not under CI).
    globalSetup: ["test/support/global-setup.ts", "test/support/postgres-setup.ts"],
  },
});
