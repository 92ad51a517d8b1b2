/** The README's examples run literally (port substituted) against the real server, and its config table matches config.ts. */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configMarkdownTable } from "../../src/common/config.js";
import { REPO } from "./built.js";
import { startServer, type Running } from "./harness.js";

const run = promisify(execFile);
const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

/** The fenced block that follows `<!-- readme-test: name -->`. */
function snippet(name: string): string {
  const match = new RegExp(`<!-- readme-test: ${name} -->\\s*\`\`\`sh\\n([\\s\\S]*?)\`\`\``).exec(README);
  if (!match) throw new Error(`README.md has no block marked readme-test: ${name}`);
  return match[1]!;
}

let running: Running;
beforeAll(async () => {
  running = await startServer();
});
afterAll(async () => {
  await running.stop();
});

describe("README.md", () => {
  it("the curl example (Connect JSON over HTTP/1.1) returns the documented metadata", async () => {
    const command = snippet("connect-init");
    expect(command).toContain("--http1.1");
    const { stdout } = await run("sh", ["-c", command.replaceAll("50051", String(running.port))], { cwd: REPO });
    const documented = /```json\n(.*)\n```/.exec(README.slice(README.indexOf("readme-test: connect-init")))![1]!;
    expect(JSON.parse(stdout)).toEqual(JSON.parse(documented));
  });

  it("the other curl examples work, and the error example prints what its comment says", async () => {
    const lines = snippet("more-curl").split("\n");
    let checked = 0;
    for (const [i, line] of lines.entries()) {
      if (!line.startsWith("curl ")) continue;
      const { stdout } = await run("sh", ["-c", line.replaceAll("50051", String(running.port))], { cwd: REPO });
      const next = lines[i + 1] ?? "";
      // A "# {...}" line right after a command is its documented output.
      if (next.startsWith("# {")) expect(JSON.parse(stdout)).toEqual(JSON.parse(next.slice(2)));
      else expect(JSON.parse(stdout)).toBeTypeOf("object");
      checked++;
    }
    expect(checked).toBe(4);
  });

  it("the Python gRPC example discovers the services and calls init", async () => {
    const { stdout } = await run("sh", ["-c", snippet("python-grpc").replaceAll("50051", String(running.port))], { cwd: REPO, timeout: 20_000 });
    const out = JSON.parse(stdout) as { services: string[]; init: { ok: { metadata: object } } };
    expect(out.services).toContain("spaceone.api.inventory.plugin.Collector");
    expect(Object.keys(out.init.ok.metadata)).toHaveLength(5);
  });

  it("documents exactly the settings of the config table", () => {
    const table = /<!-- config-table:start -->\n([\s\S]*?)\n<!-- config-table:end -->/.exec(README)?.[1];
    expect(table, "README.md config table (regenerate with configMarkdownTable())").toBe(configMarkdownTable());
  });
});
