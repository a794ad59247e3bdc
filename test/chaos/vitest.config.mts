import { defineConfig } from "vitest/config";

/** The crash and abuse suite: `npx vitest run --config test/chaos/vitest.config.mts` (CHAOS_SCALE to scale up). */
export default defineConfig({
  test: {
    include: ["test/chaos/**/*.test.ts"],
    pool: "forks",
    setupFiles: ["test/setup/register-ts-node.ts"],
    testTimeout: 300_000,
    hookTimeout: 180_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
