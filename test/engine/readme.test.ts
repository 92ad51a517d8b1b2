/** The README's IAM policy is the API catalogue's. (Its collect examples run in test/server/readme.test.ts.) */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { iamPolicy } from "../../src/engine/aws/api-table.js";

const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

describe("README.md (collecting)", () => {
  it("documents exactly the IAM policy derived from the API catalogue", () => {
    const block = /<!-- iam-policy:start -->\n```json\n([\s\S]*?)\n```\n<!-- iam-policy:end -->/.exec(README)?.[1];
    expect(block, "README.md IAM policy (regenerate from iamPolicy())").toBe(JSON.stringify(iamPolicy(), null, 2));
  });
});
