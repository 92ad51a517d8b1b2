import { describe, expect, it } from "vitest";
import { createLogger, isLogLevel } from "./log.js";
import { holdSecrets } from "./secrets.js";

describe("logger", () => {
  it("writes one JSON line per record at or above its level; children keep level and writer and add fields", () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger({ level: "warn", write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    const child = logger.child({ rpc: "Collector/collect" }).child({ trace_id: "abc" });
    logger.info("dropped");
    child.debug("dropped too");
    child.warn("kept", { aws_secret_access_key: "wJalrXUtnFEMI/K7MDENG", key: "AKIAABCDEFGHIJKLMNOP" });
    logger.error("plain");
    expect(lines.map(({ time, ...rest }) => (expect(time).toMatch(/^\d{4}-\d\d-\d\dT/), rest))).toEqual([
      { level: "warn", msg: "kept", rpc: "Collector/collect", trace_id: "abc", aws_secret_access_key: "***", key: "AKIA***" },
      { level: "error", msg: "plain" },
    ]);
  });

  it("masks the secrets of calls in progress in every field, an error's message and stack included", () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line) });
    const token = "FwoGZXIvYXdzEBYaDHeldSessionToken";
    const release = holdSecrets([token]);
    // What an AWS SDK error can look like when a service echoes its input.
    const err = new Error(`1 validation error detected: Value '${token}' at 'externalId' failed to satisfy constraint`);
    logger.error(`assume role failed for ${token}`, { err, detail: { note: `sent ${token}` } });
    release();
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(token);
    const line = JSON.parse(lines[0]!) as { msg: string; err: { message: string; stack: string }; detail: { note: string } };
    expect([line.msg, line.err.message, line.detail.note]).toEqual([
      "assume role failed for ***",
      "1 validation error detected: Value '***' at 'externalId' failed to satisfy constraint",
      "sent ***",
    ]);
    expect(line.err.stack).toMatch(/^Error: 1 validation error detected: Value '\*\*\*' at/);
  });

  it("knows exactly the four levels", () => {
    expect(["debug", "info", "warn", "error", "trace", "toString", ""].filter(isLogLevel)).toEqual(["debug", "info", "warn", "error"]);
  });
});
