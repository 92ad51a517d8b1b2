/**
 * The repository stands on its own: no file refers to a document outside it, and every
 * `docs/<page>.md#<anchor>` a file cites names a heading that exists in that page.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { posix } from "node:path";
import { describe, expect, it } from "vitest";

const tracked = execFileSync("git", ["ls-files", "-z"], { encoding: "utf8" })
  .split("\0")
  .filter((f) => f !== "" && !f.startsWith("gen/") && !f.startsWith("fixtures/") && !f.endsWith("package-lock.json") && !f.endsWith(".jsonl"));
const texts = new Map(tracked.map((f) => [f, readFileSync(f, "utf8")]));

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, "")
    .replace(/ /g, "-");
}

describe("source files stay small", () => {
  it("no file under src/ is longer than 350 lines", () => {
    const long = [...texts].filter(([f, text]) => f.startsWith("src/") && text.split("\n").length - 1 > 350).map(([f]) => f);
    expect(long).toEqual([]);
  });
});

describe("the repository stands on its own", () => {
  it("no file refers to a document outside the repository", () => {
    // A Markdown document is named by a path or a base name: each must be one of the repository's own or an
    // artifact the suite writes into test-artifacts/, and a relative path to it must not climb out of the repository.
    const mentions = [...texts].flatMap(([file, text]) => [...text.matchAll(/[\w./-]*[\w-]+\.md\b/g)].map(([name]) => ({ file, name })));
    const artifacts = mentions.filter(({ name }) => name.startsWith("test-artifacts/")).map(({ name }) => name);
    const documents = new Set([...texts.keys(), ...artifacts].filter((f) => f.endsWith(".md")).map((f) => posix.basename(f)));
    const offenders = mentions
      .filter(({ file, name }) => !documents.has(posix.basename(name)) || posix.normalize(posix.join(posix.dirname(file), name)).startsWith("../"))
      .map(({ file, name }) => `${file}: ${name}`);
    expect(offenders).toEqual([]);
  });

  it("every cited docs anchor exists", () => {
    const anchors = new Map<string, Set<string>>();
    for (const [file, text] of texts) {
      if (!/^docs\/[^/]+\.md$/.test(file)) continue;
      anchors.set(file, new Set([...text.matchAll(/^#+\s+(.+)$/gm)].map((m) => anchorOf(m[1]!))));
    }
    const broken: string[] = [];
    for (const [file, text] of texts) {
      for (const [cite, page, anchor] of text.matchAll(/\b(docs\/[a-z-]+\.md)#([\w-]+)/g)) {
        if (!anchors.get(page!)?.has(anchor!)) broken.push(`${file}: ${cite}`);
      }
      // Relative links between the docs pages themselves.
      if (!file.startsWith("docs/")) continue;
      for (const [cite, page, anchor] of text.matchAll(/\]\(([a-z-]+\.md)?#([\w-]+)\)/g)) {
        if (!anchors.get(`docs/${page ?? file.slice(5)}`)?.has(anchor!)) broken.push(`${file}: ${cite}`);
      }
    }
    expect(broken).toEqual([]);
    expect(anchors.size).toBeGreaterThanOrEqual(5);
  });
});
