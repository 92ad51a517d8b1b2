/**
 * Runs in every test worker before its test file (vitest `setupFiles`): routes the suite's output into
 * the collected directory (test/support/collected-output.ts) without any test having to ask for it, so the
 * canary scan (test/canary/leak-scan.test.ts) searches the output of the whole suite.
 *
 * - Every logger (`createLogger`, the process logger) also writes every line, debug included, to
 *   `log-<pid>.log`; what the test asked for (its `write`, its level) is unchanged.
 * - Every child process (`spawn`, `execFile`, `exec`: servers, the CLI, curl, Python clients) has its stdout
 *   and stderr copied to `child-<pid>.log`.
 */
import type * as ChildProcessModule from "node:child_process";
import { createRequire, syncBuiltinESMExports } from "node:module";
import { promisify } from "node:util";
import { vi } from "vitest";
import type * as LogModule from "../../src/common/log.js";
import { outputSink } from "./collected-output.js";

vi.mock("../../src/common/log.js", async (importOriginal) => {
  const real = await importOriginal<typeof LogModule>();
  const sink = outputSink("log");
  const ORDER: Record<LogModule.LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
  const envLevel = process.env.LOG_LEVEL ?? "";
  const defaultLevel: LogModule.LogLevel = real.isLogLevel(envLevel) ? envLevel : "info";
  const createLogger = (options: LogModule.LoggerOptions = {}): LogModule.Logger => {
    const min = ORDER[options.level ?? defaultLevel];
    const write = options.write ?? ((line: string) => process.stderr.write(line + "\n"));
    return real.createLogger({
      level: "debug",
      write(line) {
        sink.write(line);
        const level = /"level":"(\w+)"/.exec(line)?.[1] as LogModule.LogLevel | undefined;
        if (level && ORDER[level] >= min) write(line);
      },
    });
  };
  return { ...real, createLogger, log: createLogger() };
});

const childProcess = createRequire(import.meta.url)("node:child_process") as typeof ChildProcessModule;
const childSink = outputSink("child");

function copyOutput<T>(child: T): T {
  const { stdout, stderr } = child as { stdout?: NodeJS.ReadableStream | null; stderr?: NodeJS.ReadableStream | null };
  for (const stream of [stdout, stderr]) stream?.on("data", (chunk: Buffer | string) => childSink.write(chunk.toString()));
  return child;
}

type AnyFunction = ((...args: unknown[]) => unknown) & { [promisify.custom]?: (...args: unknown[]) => Promise<unknown> & { child: unknown } };

for (const name of ["spawn", "execFile", "exec"] as const) {
  const original = childProcess[name] as AnyFunction;
  const wrapped: AnyFunction = (...args) => copyOutput(original(...args));
  // `promisify(execFile)` resolves with { stdout, stderr } through the original's custom form; keep it.
  const custom = original[promisify.custom];
  if (custom) {
    wrapped[promisify.custom] = (...args) => {
      const promise = custom(...args);
      copyOutput(promise.child);
      return promise;
    };
  }
  (childProcess as Record<string, unknown>)[name] = wrapped;
}
// ES module imports of node:child_process see the wrapped functions too.
syncBuiltinESMExports();
