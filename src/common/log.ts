/**
 * Structured JSON logs on stderr, one object per line, secrets masked.
 * Level from `LOG_LEVEL` (debug, info, warn, error; default info), read once.
 */
import { maskProperty, maskText, maskValue } from "./secrets.js";

export type LogLevel = "debug" | "info" | "warn" | "error";
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function isLogLevel(value: string): value is LogLevel {
  return Object.hasOwn(ORDER, value);
}

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. `{ rpc, trace_id }`). */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  /** Minimum level written. Default: `LOG_LEVEL` or `"info"`. */
  level?: LogLevel;
  /** Where lines go. Default: `process.stderr`. */
  write?: (line: string) => void;
}

/** The level of loggers created without one, read once (the server's `--log-level` is checked by the config table). */
const envLevel = process.env.LOG_LEVEL ?? "";
const DEFAULT_LEVEL: LogLevel = isLogLevel(envLevel) ? envLevel : "info";

/** Error objects become `{ name, message, code?, stack? }` with secrets masked. */
function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return maskValue(err);
  const e = err as Error & { code?: unknown; $metadata?: { requestId?: string } };
  return {
    name: e.name,
    message: maskText(e.message),
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(e.$metadata?.requestId ? { request_id: e.$metadata.requestId } : {}),
    ...(e.stack ? { stack: maskText(e.stack) } : {}),
  };
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const min = ORDER[options.level ?? DEFAULT_LEVEL];
  const write = options.write ?? ((line: string) => process.stderr.write(line + "\n"));
  return boundLogger(min, write, {});
}

/** A logger writing lines of at least level `min`, each with the `bound` fields; children share `min` and `write`. */
function boundLogger(min: number, write: (line: string) => void, bound: LogFields): Logger {
  const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (ORDER[level] < min) return;
    const record: Record<string, unknown> = { time: new Date().toISOString(), level, msg: maskText(msg) };
    for (const [k, v] of Object.entries({ ...bound, ...fields })) {
      record[k] = k === "err" || v instanceof Error ? serializeError(v) : maskProperty(k, v);
    }
    write(JSON.stringify(record));
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (fields) => boundLogger(min, write, { ...bound, ...fields }),
  };
}

/** The process-wide logger. */
export const log: Logger = createLogger();
