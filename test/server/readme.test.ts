/**
 * The README's examples run literally (port substituted) against the real server — curl's Connect JSON and
 * NDJSON/SSE streams, Python's gRPC client, the CLI — and its config table matches config.ts.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configMarkdownTable } from "../../src/common/config.js";
import { startCollecting, type Collecting } from "../engine/harness.js";
import { README_DEMO_SECRET } from "../support/canary.js";
import { ensureBuilt, REPO } from "./built.js";
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

/** Runs `command` with `sh -c` in the repository, port 50051 replaced by `port`. */
async function sh(command: string, port: number): Promise<string> {
  const { stdout } = await run("sh", ["-c", command.replaceAll("50051", String(port))], { cwd: REPO, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

interface Example {
  command: string;
  /** The `# ` lines right after the command: its exact output; empty when none is documented. */
  output: string[];
}

/** A block's examples: paragraphs of `# comment` lines, one command (`\` continues it), then `# output` lines. */
function examples(block: string): Example[] {
  return block
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => {
      const lines = paragraph.split("\n");
      const first = lines.findIndex((l) => !l.startsWith("#"));
      let last = first;
      while (lines[last]!.endsWith("\\")) last++;
      const command = lines.slice(first, last + 1).join("\n");
      return { command, output: lines.slice(last + 1).map((l) => l.replace(/^# ?/, "")) };
    });
}

/** Records of the committed golden output of the demo's whole collection (every planned task of account 111111111111). */
function goldenCount(): number {
  const files = ["cloud-service-type", "region", "metric", "111111111111/us-east-1", "111111111111/eu-west-1", "111111111111/ap-northeast-2"];
  return files.reduce(
    (n, f) =>
      n +
      readFileSync(new URL(`../golden/demo/${f}.jsonl`, import.meta.url), "utf8")
        .trim()
        .split("\n").length,
    0,
  );
}

describe("README.md", () => {
  it("the curl example (Connect JSON over HTTP/1.1) returns the documented metadata", async () => {
    const command = snippet("connect-init");
    expect(command).toContain("--http1.1");
    const { stdout } = await run("sh", ["-c", command.replaceAll("50051", String(running.port))], { cwd: REPO });
    const documented = /```json\n([\s\S]*?)\n```/.exec(README.slice(README.indexOf("readme-test: connect-init")))![1]!;
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

describe("README.md (collecting: curl streams and the CLI)", { timeout: 180_000 }, () => {
  let c: Collecting;
  beforeAll(async () => {
    ensureBuilt();
    c = await startCollecting();
  });
  afterAll(async () => {
    await c.stop();
  });

  it("the demo collect one-liner streams the whole demo collection as NDJSON, then the OK line", async () => {
    const command = snippet("demo-collect");
    expect(command).not.toMatch(/printf|node -e/);
    const stdout = await sh(command, c.running.port);
    const lines = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { state?: string; resourceType?: string });
    expect(lines.at(-1)).toEqual({ end: { code: "ok" } });
    const records = lines.slice(0, -1);
    expect(records.every((r) => r.state === "SUCCESS")).toBe(true);
    expect(records).toHaveLength(goldenCount());
    expect(new Set(records.map((r) => r.resourceType))).toEqual(
      new Set(["inventory.CloudServiceType", "inventory.Region", "inventory.Namespace", "inventory.Metric", "inventory.CloudService"]),
    );
  });

  it("the stream scripting examples print what they document", async () => {
    const found = examples(snippet("curl-stream"));
    expect(found).toHaveLength(3);
    for (const { command, output } of found) {
      expect(command).toMatch(/^curl /);
      expect(command).not.toMatch(/printf|node -e/);
      expect((await sh(command, c.running.port)).trimEnd().split("\n"), command).toEqual(output);
    }
  });

  it("the CLI examples print what they document, and the others succeed", async () => {
    const found = examples(snippet("cli"));
    expect(found).toHaveLength(4);
    for (const { command, output } of found) {
      expect(command).toMatch(/^npx cloudforet-ec2 /);
      const stdout = await sh(command, c.running.port);
      if (output.length > 0) {
        expect(stdout.trimEnd().split("\n"), command).toEqual(output);
      } else {
        // Undocumented output: the NDJSON of a collect that succeeded (sh would have thrown on a non-zero exit).
        const records = stdout
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l) as { state: string });
        expect(records.length, command).toBeGreaterThan(10);
        expect(
          records.every((r) => r.state === "SUCCESS"),
          command,
        ).toBe(true);
        expect(command).toContain(JSON.stringify(README_DEMO_SECRET));
      }
    }
  });
});
