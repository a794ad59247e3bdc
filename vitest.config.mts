import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/services/**/*.test.ts", "test/e2e/**/*.test.ts"],
    pool: "forks",
    // Hardhat registers ts-node only from its own CLI; tests that import it need it registered first.
    setupFiles: ["test/setup/register-ts-node.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
