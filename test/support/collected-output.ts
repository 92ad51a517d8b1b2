/**
 * Where the whole suite's output is collected for the canary scan (test/canary/leak-scan.test.ts): every
 * logger any test creates, every child process's stdout and stderr (test/support/output-setup.ts routes
 * both here), the responses and metrics that tests record. One directory per run, emptied by
 * test/support/output-global.ts when `vitest run` starts; `TEST_OUTPUT_DIR` moves it.
 */
import { mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const OUTPUT_DIR = process.env.TEST_OUTPUT_DIR ?? fileURLToPath(new URL("../../test-output/", import.meta.url));

/** A file of the output directory, appended to line by line. */
export interface OutputSink {
  write(text: string): void;
}

/** Each sink stops growing here: enough for every log line; bulk records beyond it add nothing to a leak search. */
const SINK_LIMIT_BYTES = 64 * 1024 * 1024;

const sinks = new Map<string, OutputSink>();

/**
 * The sink for output of `kind` (`server-log`, `child-stderr`, `responses`, …) of this worker process:
 * `<dir>/<kind>-<pid>.log`. Writes are synchronous, so nothing is lost when a worker exits.
 */
export function outputSink(kind: string): OutputSink {
  const existing = sinks.get(kind);
  if (existing) return existing;
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const fd = openSync(join(OUTPUT_DIR, `${kind}-${process.pid}.log`), "a");
  let written = 0;
  const sink: OutputSink = {
    write(text) {
      if (written > SINK_LIMIT_BYTES) return;
      const bytes = Buffer.from(text.endsWith("\n") ? text : `${text}\n`);
      written += bytes.length;
      writeSync(fd, bytes);
    },
  };
  sinks.set(kind, sink);
  return sink;
}
