/**
 * Command-line parsing shared by every command: `node:util.parseArgs` (strict),
 * `--help` on every command, JSON objects inline or from a file, and the exit
 * codes the CLI documents.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { JsonObject } from "../common/json.js";

/** The CLI's exit codes (also in `--help` and the README). */
export const EXIT = {
  ok: 0,
  /** `collect`: the stream completed, but with at least one ErrorResource. `fixtures validate`: a set is invalid. */
  failedResources: 1,
  /** Bad command line or input file; a command this build does not have. */
  usage: 2,
  /** The call failed (an RPC error, the server unreachable) or the command could not run. */
  failed: 3,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  collect: the stream completed with at least one ErrorResource (fixtures validate: a set is invalid)
  2  usage error (bad flag, bad JSON input, command not in this build)
  3  the call failed (RPC error, server unreachable) or the command could not run`;

/** A mistake on the command line: printed with a hint to `--help`, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export type OptionSpec = Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
  /** `--help` or `-h` was given: print the usage, exit 0. */
  help: boolean;
}

export function parse(argv: readonly string[], options: OptionSpec, allowPositionals = false): Parsed {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals,
    });
    const { help, ...rest } = values;
    return { values: rest, positionals, help: help === true };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** A string flag's value (the last one when repeated). */
export function stringFlag(values: Parsed["values"], name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

export function integerFlag(values: Parsed["values"], name: string, fallback: number): number {
  const raw = stringFlag(values, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n)) throw new UsageError(`--${name} must be an integer, got "${raw}"`);
  return n;
}

/** Reads a file, `-` meaning standard input. */
function readInput(path: string): string {
  return readFileSync(path === "-" ? 0 : path, "utf8");
}

/**
 * The JSON object given inline (`--<name> '{…}'`) or in a file (`--<name>-file path`, `-` for stdin),
 * or `undefined` when neither flag is present. Not both; anything but a JSON object is a usage error.
 */
export function jsonObjectFlag(values: Parsed["values"], name: string): JsonObject | undefined {
  const inline = stringFlag(values, name);
  const file = stringFlag(values, `${name}-file`);
  if (inline !== undefined && file !== undefined) throw new UsageError(`give --${name} or --${name}-file, not both`);
  if (inline === undefined && file === undefined) return undefined;
  let text: string;
  try {
    text = inline ?? readInput(file!);
  } catch (err) {
    throw new UsageError(`--${name}-file: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? `no such file ${file}` : (err as Error).message}`);
  }
  const source = inline !== undefined ? `--${name}` : `--${name}-file ${file}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`${source}: not valid JSON`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new UsageError(`${source}: must be a JSON object`);
  return parsed as JsonObject;
}

/** The spec entries of a JSON object flag and its file variant. */
export function jsonObjectOptions(name: string): OptionSpec {
  return { [name]: { type: "string" }, [`${name}-file`]: { type: "string" } };
}

/** Prints a command's help on stdout; the exit code of `--help`. */
export function showHelp(text: string): number {
  process.stdout.write(`${text}\n`);
  return EXIT.ok;
}
