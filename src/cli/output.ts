/**
 * How commands print messages: NDJSON (default: one message per line, the JSON
 * Connect writes, the same lines the server's NDJSON routes send) or a
 * readable table (`--format table`) whose rows stream as messages arrive; and
 * a progress line on stderr, only when stderr is a terminal.
 */
import { UsageError, stringFlag, type OptionSpec, type Parsed } from "./args.js";

export type Format = "ndjson" | "table";

export const FORMAT_OPTIONS: OptionSpec = { format: { type: "string" } };
export const FORMAT_HELP = "  --format F             ndjson (default: one JSON message per line) or table";

export function formatOf(values: Parsed["values"]): Format {
  const format = stringFlag(values, "format") ?? "ndjson";
  if (format !== "ndjson" && format !== "table") throw new UsageError(`--format must be ndjson or table, got "${format}"`);
  return format;
}

export interface Column<T> {
  title: string;
  width: number;
  value(row: T): string;
}

export interface Writable {
  write(text: string): unknown;
}

/** Pads or cuts `text` to `width` characters (a cut ends with `…`). */
export function cell(text: string, width: number): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat.padEnd(width);
}

/** Writes each row as it comes: NDJSON of `json(row)`, or table rows under a header (the last column is never cut). */
export function rowWriter<T>(format: Format, out: Writable, columns: readonly Column<T>[], json: (row: T) => unknown): (row: T) => void {
  if (format === "ndjson") return (row) => out.write(`${JSON.stringify(json(row))}\n`);
  const line = (cells: string[]) =>
    `${cells.map((c, i) => (i === cells.length - 1 ? c.replace(/\s+/g, " ") : cell(c, columns[i]!.width))).join("  ")}`.trimEnd() + "\n";
  let headed = false;
  return (row) => {
    if (!headed) out.write(line(columns.map((c) => c.title)));
    headed = true;
    out.write(line(columns.map((c) => c.value(row))));
  };
}

export interface ProgressStream extends Writable {
  isTTY?: boolean;
}

export interface Progress {
  /** Counts one message (and one failure when `failed`). */
  tick(failed?: boolean): void;
  /** Clears the line. */
  done(): void;
}

/**
 * `collect: 120 records, 2 ErrorResources, 3.4 s` on one terminal line, redrawn
 * at most every `intervalMs`; nothing at all when `stream` is not a terminal.
 */
export function progressLine(stream: ProgressStream, label: string, now: () => number = performance.now.bind(performance), intervalMs = 200): Progress {
  if (!stream.isTTY) return { tick() {}, done() {} };
  const started = now();
  let records = 0;
  let failures = 0;
  let drawn = -Infinity;
  const draw = () => {
    drawn = now();
    const errors = failures > 0 ? `, ${failures} ErrorResource${failures === 1 ? "" : "s"}` : "";
    stream.write(`\r\x1b[2K${label}: ${records} record${records === 1 ? "" : "s"}${errors}, ${((drawn - started) / 1000).toFixed(1)} s`);
  };
  return {
    tick(failed = false) {
      records++;
      if (failed) failures++;
      if (now() - drawn >= intervalMs) draw();
    },
    done() {
      stream.write("\r\x1b[2K");
    },
  };
}
