import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { integerFlag, jsonObjectFlag, jsonObjectOptions, parse, UsageError } from "./args.js";

const spec = { ...jsonObjectOptions("task"), n: { type: "string" as const } };

describe("command-line arguments", () => {
  it("parses strictly: an unknown flag is a usage error; --help and -h are always known", () => {
    expect(() => parse(["--nope"], spec)).toThrow(UsageError);
    expect(() => parse(["extra"], spec)).toThrow(UsageError);
    expect(parse(["-h"], spec).help).toBe(true);
    expect(parse(["--n", "3"], spec)).toEqual({ values: { n: "3" }, positionals: [], help: false });
  });

  it("integers", () => {
    expect(integerFlag(parse(["--n", "42"], spec).values, "n", 1)).toBe(42);
    expect(integerFlag({}, "n", 7)).toBe(7);
    expect(() => integerFlag(parse(["--n", "4x"], spec).values, "n", 1)).toThrow('--n must be an integer, got "4x"');
  });

  it("JSON objects inline or from a file; nothing else", () => {
    const dir = mkdtempSync(join(tmpdir(), "cli-args-"));
    try {
      const file = join(dir, "task.json");
      writeFileSync(file, '{"region":"us-east-1"}');
      expect(jsonObjectFlag(parse(["--task", '{"a":1}'], spec).values, "task")).toEqual({ a: 1 });
      expect(jsonObjectFlag(parse(["--task-file", file], spec).values, "task")).toEqual({ region: "us-east-1" });
      expect(jsonObjectFlag({}, "task")).toBeUndefined();
      expect(() => jsonObjectFlag(parse(["--task", "{}", "--task-file", file], spec).values, "task")).toThrow("give --task or --task-file, not both");
      expect(() => jsonObjectFlag(parse(["--task", "[]"], spec).values, "task")).toThrow("--task: must be a JSON object");
      expect(() => jsonObjectFlag(parse(["--task", "{"], spec).values, "task")).toThrow("--task: not valid JSON");
      expect(() => jsonObjectFlag(parse(["--task-file", join(dir, "none")], spec).values, "task")).toThrow(`--task-file: no such file ${join(dir, "none")}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
