import { describe, expect, it } from "vitest";
import { createLogger, isLogLevel } from "./log.js";

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

  it("knows exactly the four levels", () => {
    expect(["debug", "info", "warn", "error", "trace", "toString", ""].filter(isLogLevel)).toEqual(["debug", "info", "warn", "error"]);
  });
});
