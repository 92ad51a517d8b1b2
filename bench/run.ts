/**
 * `npm run bench [-- --full] [-- --only name,name]`: every benchmark scenario, each in its own
 * process (`node dist/bench/<script> <args>`), one after another, each printing its own figures and
 * ratios. The quick mode (default) stays under 3 minutes on a 2-core machine; `--full` runs the sizes
 * docs/benchmarks.md records (tens of minutes). A new scenario is one entry of `SCENARIOS`: its script,
 * and its arguments in each mode (null: not run in that mode).
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface Scenario {
  name: string;
  /** One line for the run's header. */
  what: string;
  /** Compiled file under dist/bench/. */
  script: string;
  quick: string[] | null;
  full: string[] | null;
}

export const SCENARIOS: Scenario[] = [
  { name: "server", what: "protocol surface: start-up, compression, unary rates", script: "server.js", quick: [], full: [] },
  {
    name: "engine",
    what: "engine CPU and AWS calls, no buckets: first and cached collect",
    script: "engine-collect.js",
    quick: ["--instances", "1000"],
    full: ["--instances", "10000"],
  },
  { name: "record-builders", what: "CPU per record of each record builder", script: "record-builders.js", quick: [], full: [] },
  {
    name: "aws",
    what: "AWS's buckets (100/20) and 30-50 ms per call: first collect vs ideal, cached, restarted (file), second process (Redis), two processes at once",
    script: "aws/collects.js",
    quick: ["--instances", "100"],
    full: ["--instances", "1000,5000", "--repeat", "3"],
  },
  {
    name: "shared-bucket",
    what: "a bucket others share (20, 8/s left for us)",
    script: "aws/throttled.js",
    quick: ["--bucket", "shared", "--instances", "80"],
    full: ["--bucket", "shared", "--instances", "300"],
  },
  {
    name: "rate-drop",
    what: "AWS's bucket whose rate drops to 8/s and recovers mid-collect",
    script: "aws/throttled.js",
    quick: ["--bucket", "drop", "--instances", "100"],
    full: ["--bucket", "drop", "--instances", "1000"],
  },
  {
    name: "spread",
    what: "cost across regions and accounts: 2 accounts × 2 regions at once vs one region",
    script: "aws/spread.js",
    quick: ["--instances", "50"],
    full: ["--instances", "500"],
  },
  {
    name: "scale-memory",
    what: "server peak RSS and CPU per record at scale, per-item enrichment off, image entrypoint in a 512 MiB container",
    script: "scale-memory.js",
    // Tens of minutes (the 100,000-instance region alone is about 5): full mode only.
    quick: null,
    full: ["--full", "--container-mb", "512"],
  },
];

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function runScenario(scenario: Scenario, args: string[]): Promise<number | null> {
  const script = fileURLToPath(new URL(scenario.script, import.meta.url));
  const child = spawn(process.execPath, [script, ...args], { stdio: "inherit" });
  return new Promise((resolve) => child.once("exit", resolve));
}

const full = process.argv.includes("--full");
const only = option("only")?.split(",");
const unknown = only?.filter((name) => !SCENARIOS.some((s) => s.name === name)) ?? [];
if (unknown.length > 0) {
  console.error(`unknown scenario ${unknown.join(", ")}; scenarios: ${SCENARIOS.map((s) => s.name).join(", ")}`);
  process.exit(2);
}
const started = performance.now();
const failed: string[] = [];
for (const scenario of SCENARIOS) {
  const args = full ? scenario.full : scenario.quick;
  if (args === null || (only && !only.includes(scenario.name))) continue;
  console.log(`\n=== ${scenario.name}: ${scenario.what}${args.length ? ` (${args.join(" ")})` : ""}`);
  const t0 = performance.now();
  const code = await runScenario(scenario, args);
  console.log(`=== ${scenario.name}: ${((performance.now() - t0) / 1000).toFixed(0)} s${code === 0 ? "" : `, exit code ${code}`}`);
  if (code !== 0) failed.push(scenario.name);
}
console.log(
  `\nbench (${full ? "full" : "quick"}) took ${((performance.now() - started) / 1000).toFixed(0)} s${failed.length ? `; failed: ${failed.join(", ")}` : ""}`,
);
process.exit(failed.length ? 1 : 0);
