/** The IAM policy in the README and in docs/cloudforet.md is the API catalogue's. (The README's collect examples run in test/server/readme.test.ts.) */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { iamPolicy } from "../../src/engine/aws/api-table.js";

describe.each(["README.md", "docs/cloudforet.md"])("%s (collecting)", (document) => {
  it("documents exactly the IAM policy derived from the API catalogue", () => {
    const text = readFileSync(new URL(`../../${document}`, import.meta.url), "utf8");
    const block = /<!-- iam-policy:start -->\n```json\n([\s\S]*?)\n```\n<!-- iam-policy:end -->/.exec(text)?.[1];
    expect(block, `${document} IAM policy (regenerate from iamPolicy())`).toBe(JSON.stringify(iamPolicy(), null, 2));
  });
});
