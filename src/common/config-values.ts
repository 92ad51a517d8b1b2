/**
 * The pieces of the configuration table (config.ts): a setting's shape and the
 * parsers of its raw text, each throwing `ConfigError` with a one-line message
 * that names where the value came from (`--port`, `SPACEONE_PORT`).
 */
import { accessSync, constants } from "node:fs";
import { fileURLToPath } from "node:url";
import { cacheUrlProblem } from "./cache-url.js";
import { isLogLevel, type LogLevel } from "./log.js";

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export interface Setting<T> {
  /** Environment variable, if the setting can come from the environment. */
  env?: string;
  /** Command-line flag (`--port 1` or `--port=1`; booleans also as bare `--demo`). */
  flag?: string;
  default: T;
  /** Human-readable default for `--help` when `default` is not self-explanatory. */
  defaultText?: string;
  parse: (raw: string, source: string) => T;
  description: string;
  /** A flag that takes no value (`--demo`). */
  boolean?: boolean;
}

/** `<repo>/fixtures`, from the configuration's location (src/common or dist/src/common). */
export function defaultFixturesDir(): string {
  const here = fileURLToPath(new URL(".", import.meta.url));
  const repo = here.endsWith("/dist/src/common/") ? new URL("../../../", import.meta.url) : new URL("../../", import.meta.url);
  return fileURLToPath(new URL("fixtures", repo));
}

export function integer(min: number, max: number) {
  return (raw: string, source: string): number => {
    const value = Number(raw.trim());
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new ConfigError(`${source}: expected an integer from ${min} to ${max}, got "${raw}"`);
    }
    return value;
  };
}

const TRUE_WORDS = new Set(["1", "true", "yes", "on"]);
const FALSE_WORDS = new Set(["0", "false", "no", "off"]);

export function boolean(raw: string, source: string): boolean {
  const value = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(value) || FALSE_WORDS.has(value)) return TRUE_WORDS.has(value);
  throw new ConfigError(`${source}: expected true or false, got "${raw}"`);
}

export function text(raw: string): string {
  return raw.trim();
}

/** Trimmed text; empty means not set. */
export function optionalText(raw: string): string | undefined {
  const value = raw.trim();
  return value === "" ? undefined : value;
}

export function optionalUrl(raw: string, source: string): string | undefined {
  const value = raw.trim();
  if (value === "") return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http(s)");
  } catch {
    throw new ConfigError(`${source}: expected an http(s) URL, got "${raw}"`);
  }
  return value;
}

/** A path to a file this process can read; empty means none. */
export function readableFile(raw: string, source: string): string | undefined {
  const path = raw.trim();
  if (path === "") return undefined;
  try {
    accessSync(path, constants.R_OK);
  } catch (e) {
    throw new ConfigError(`${source}: cannot read "${path}" (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return path;
}

/** `COLLECTOR_CACHE_URL`: empty means the in-process cache; the message never repeats a Redis password. */
export function cacheUrl(raw: string, source: string): string | undefined {
  const value = raw.trim();
  if (value === "") return undefined;
  const problem = cacheUrlProblem(value);
  if (problem) throw new ConfigError(`${source}: ${problem}`);
  return value;
}

export function list(raw: string): string[] {
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

export function originList(raw: string, source: string): string[] {
  const origins = list(raw);
  for (const origin of origins) {
    if (origin === "*") continue;
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw new ConfigError(`${source}: "${origin}" is not an origin (scheme://host[:port]) or "*"`);
    }
    if (parsed.origin !== origin) throw new ConfigError(`${source}: "${origin}" is not an origin; did you mean "${parsed.origin}"?`);
  }
  return origins;
}

export type CompressionName = "gzip" | "br";

export function compressionList(raw: string, source: string): CompressionName[] {
  const value = raw.trim().toLowerCase();
  if (value === "" || value === "off" || value === "none") return [];
  return list(value).map((name) => {
    if (name === "gzip" || name === "br") return name;
    throw new ConfigError(`${source}: unknown compression "${name}" (use off, gzip, br or gzip,br)`);
  });
}

export function logLevel(raw: string, source: string): LogLevel {
  const value = raw.trim().toLowerCase();
  if (isLogLevel(value)) return value;
  throw new ConfigError(`${source}: expected debug, info, warn or error, got "${raw}"`);
}
