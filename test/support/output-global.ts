/**
 * vitest `globalSetup`: one empty output directory per run (test/support/collected-output.ts), with a
 * `run.json` saying when the run started and, once every file has run, when it finished.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { OUTPUT_DIR } from "./collected-output.js";

export default function setup(): () => void {
  const started = new Date().toISOString();
  const record = (fields: object) => writeFileSync(join(OUTPUT_DIR, "run.json"), JSON.stringify({ started, ...fields }));
  rmSync(OUTPUT_DIR, { recursive: true, force: true });
  mkdirSync(OUTPUT_DIR, { recursive: true });
  record({});
  return () => record({ finished: new Date().toISOString() });
}
