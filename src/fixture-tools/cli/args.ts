/** Minimal `--name value` / `--flag` parsing for the fixture CLIs (node:util parseArgs, strict). */
import { parseArgs } from "node:util";

export type OptionSpec = Record<string, { type: "string" | "boolean"; multiple?: boolean }>;

export interface CliArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** Parses `process.argv`; on a bad option prints it with the usage and exits 2. `--help` is always known. */
export function parseCli(spec: OptionSpec, usage: string, allowPositionals = false): CliArgs {
  try {
    return parseArgs({ args: process.argv.slice(2), options: { ...spec, help: { type: "boolean" } }, strict: true, allowPositionals });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${usage}\n`);
    process.exit(2);
  }
}

export function integer(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== "string" || !Number.isInteger(n)) {
    process.stderr.write(`--${name} must be an integer\n`);
    process.exit(2);
  }
  return n;
}
