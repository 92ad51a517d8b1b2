/** Minimal `--name value` / `--flag` parsing for the fixture CLIs. */
import { parseArgs } from "node:util";

export type OptionSpec = Record<string, { type: "string" | "boolean"; multiple?: boolean }>;

export function parseCli<T extends OptionSpec>(spec: T, usage: string, argv = process.argv.slice(2)) {
  try {
    return parseArgs({ args: argv, options: { ...spec, help: { type: "boolean" } }, strict: true, allowPositionals: false }).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${usage}\n`);
    process.exit(2);
  }
}

export function integer(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n)) {
    process.stderr.write(`--${name} must be an integer\n`);
    process.exit(2);
  }
  return n;
}
