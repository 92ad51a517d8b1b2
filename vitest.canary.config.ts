import { defineConfig } from "vitest/config";

// The canary scan alone, after the suite (`npm test`): it searches what vitest.config.ts's run collected.
export default defineConfig({
  test: {
    include: ["test/canary/*.test.ts"],
    pool: "forks",
  },
});
