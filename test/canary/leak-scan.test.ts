/**
 * No canary secret (test/support/canary.ts) anywhere in what the whole suite produced: every log line of
 * every logger and server, every child process's output (servers, the CLI, curl, Python clients), the
 * responses and metrics tests recorded (test-output/, see test/support/collected-output.ts) and the test
 * artifacts (test-artifacts/). Runs after the suite, alone (`npm test`; vitest.canary.config.ts).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../server/built.js";
import { CANARIES } from "../support/canary.js";
import { OUTPUT_DIR } from "../support/collected-output.js";
import { filesUnder, findLeaks, needlesOf } from "./leak-scan.js";

const NEEDLES = needlesOf(CANARIES);

describe("the canary secrets", () => {
  it("the scan finds a canary, whole or in part, wherever it is written", () => {
    const dir = mkdtempSync(join(tmpdir(), "canary-"));
    const [secret, token] = CANARIES as [string, string];
    writeFileSync(join(dir, "a.log"), `{"msg":"x","error":"key=${secret}"}\n`);
    writeFileSync(join(dir, "b.bin"), Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(token.slice(10, 40)), Buffer.from([255])]));
    writeFileSync(join(dir, "c.log"), "nothing here\n");
    const leaks = findLeaks(filesUnder(dir), NEEDLES);
    expect([...new Set(leaks.map((l) => l.file.slice(dir.length + 1)))].sort()).toEqual(["a.log", "b.bin"]);
    expect(leaks.every((l) => !l.context.includes(secret))).toBe(true);
  });

  it("a whole run of the suite was collected", () => {
    const run = JSON.parse(readFileSync(join(OUTPUT_DIR, "run.json"), "utf8")) as { finished?: string };
    expect(run.finished, "run `npm test` (or `npx vitest run`) before the scan").toBeDefined();
    const kinds = new Set(
      filesUnder(OUTPUT_DIR)
        .map((f) => /([a-z-]+)-\d+\.log$/.exec(f)?.[1])
        .filter(Boolean),
    );
    // Loggers, child processes, recorded responses and metrics: the scan below searches each kind.
    expect([...kinds].sort()).toEqual(expect.arrayContaining(["child", "log", "metrics", "responses"]));
  });

  it("appear in no log line, error message, metric, response or artifact of the suite", () => {
    const files = [...filesUnder(OUTPUT_DIR), ...filesUnder(join(REPO, "test-artifacts"))];
    const leaks = findLeaks(files, NEEDLES);
    expect(leaks.map((l) => `${l.file.slice(REPO.length)} @${l.offset}: …${l.context}…`)).toEqual([]);
  });
});
