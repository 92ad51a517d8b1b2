/** The README's demo collect runs literally (port substituted) against the real server, and its IAM policy is the API catalogue's. */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { iamPolicy } from "../../src/engine/aws/api-table.js";
import { startCollecting, type Collecting } from "./harness.js";

const run = promisify(execFile);
const REPO = fileURLToPath(new URL("../..", import.meta.url));
const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

function snippet(name: string): string {
  const match = new RegExp(`<!-- readme-test: ${name} -->\\s*\`\`\`sh\\n([\\s\\S]*?)\`\`\``).exec(README);
  if (!match) throw new Error(`README.md has no block marked readme-test: ${name}`);
  return match[1]!;
}

/** Records of the committed golden output of the demo (every planned task of account 111111111111). */
function goldenCount(): number {
  const files = ["cloud-service-type", "region", "metric", "111111111111/us-east-1", "111111111111/eu-west-1", "111111111111/ap-northeast-2"];
  return files.reduce((n, f) => n + readFileSync(new URL(`../golden/demo/${f}.jsonl`, import.meta.url), "utf8").trim().split("\n").length, 0);
}

let c: Collecting;
beforeAll(async () => {
  c = await startCollecting();
});
afterAll(async () => {
  await c.stop();
});

describe("README.md (collecting)", () => {
  it("the demo collect one-liner streams the whole demo collection", async () => {
    const command = snippet("demo-collect");
    const { stdout } = await run("sh", ["-c", command.replaceAll("50051", String(c.running.port))], { cwd: REPO, timeout: 30_000 });
    const lines = stdout.trim().split("\n").map((l) => JSON.parse(l) as { state?: string; resourceType?: string; error?: unknown });
    expect(lines.at(-1)).toEqual({}); // end of stream without error
    const records = lines.slice(0, -1);
    expect(records.every((r) => r.state === "SUCCESS")).toBe(true);
    expect(records).toHaveLength(goldenCount());
    expect(new Set(records.map((r) => r.resourceType))).toEqual(
      new Set(["inventory.CloudServiceType", "inventory.Region", "inventory.Namespace", "inventory.Metric", "inventory.CloudService"]),
    );
  });

  it("documents exactly the IAM policy derived from the API catalogue", () => {
    const block = /<!-- iam-policy:start -->\n```json\n([\s\S]*?)\n```\n<!-- iam-policy:end -->/.exec(README)?.[1];
    expect(block, "README.md IAM policy (regenerate from iamPolicy())").toBe(JSON.stringify(iamPolicy(), null, 2));
  });
});
