import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The canary scan reads what this run wrote: it runs after it, alone (vitest.canary.config.ts).
    exclude: ["test/canary/**", "**/node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Servers under test bind real ports and spawn processes: keep files in separate workers, two at a time (2-core machines).
    pool: "forks",
    maxWorkers: 2,
    // Every logger and child process of every test writes into one directory per run, for the canary scan.
    globalSetup: ["test/support/output-global.ts"],
    setupFiles: ["test/support/output-setup.ts"],
    env: {
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
  },
});
