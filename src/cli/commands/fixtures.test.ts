import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { UsageError } from "../args.js";
import { loadDevTool } from "./fixtures.js";

describe("development fixture tools", () => {
  it("load from the development build's place", async () => {
    const generate = await loadDevTool("generate", new URL("../../fixture-tools/cli/", import.meta.url));
    expect(generate.HELP).toMatch(/^Usage: cloudforet-ec2 fixtures generate/);
  });

  it("are a usage error naming the tool where the build left them out (the image)", async () => {
    const empty = mkdtempSync(join(tmpdir(), "no-dev-tools-"));
    try {
      const err = await loadDevTool("record", pathToFileURL(`${empty}/`)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toMatch(
        /^fixtures record is a development tool and this build does not have it \(.*\)\. Run it from a source checkout: npm run fixtures:record/,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
