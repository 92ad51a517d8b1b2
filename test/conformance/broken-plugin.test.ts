/**
 * The kit judges any plugin by the wire alone: against a small Python plugin
 * (Debian's python3-grpcio, hand-written reflection, test/conformance/broken_plugin.py)
 * every planted fault is reported as a failure of the check meant to catch it,
 * with evidence naming what is wrong, and the checks the plugin gets right pass.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckId, ConformanceReport } from "../../src/conformance/report.js";
import { runConformance } from "../../src/conformance/run.js";
import { buildDescriptorSet, DEMO_SECRET, startBrokenPlugin, type RunningPlugin } from "./plugins.js";

let dir: string;
let plugin: RunningPlugin;
let report: ConformanceReport;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "conformance-broken-"));
  const set = join(dir, "contract.binpb");
  buildDescriptorSet(set);
  plugin = await startBrokenPlugin(set);
  report = await runConformance({ endpoints: [plugin.endpoint], secretData: DEMO_SECRET });
}, 120_000);
afterAll(async () => {
  await plugin?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const checkOf = (r: ConformanceReport, id: CheckId) => r.checks.find((c) => c.id === id)!;
const failures = (r: ConformanceReport, id: CheckId) =>
  checkOf(r, id)
    .evidence.filter((e) => e.level === "fail")
    .map((e) => e.text);

/** Each planted fault (marked FAULT in broken_plugin.py): the check that must fail, and evidence that names it. */
const PLANTED: Array<[CheckId, RegExp]> = [
  ["reflection.not-found", /^file_containing_symbol "conformance\.kit\.NoSuchService": error_code 2 .*not 5 \(NOT_FOUND\)/],
  ["reflection.descriptors", /^spaceone\/api\/inventory\/plugin\/job\.proto: messageType\.GetTaskRequest\.field\.dry_run added/],
  ["verify.bad-credentials", /^verify: UNAUTHENTICATED "invalid access key \w+" is not "ERROR_CODE: message"/],
  ["verify.bad-credentials", /^verify: the error text echoes secret_data\.aws_access_key_id \(the bad one sent\)$/],
  ["get-tasks", /^task 5 has no task_options/],
  [
    "collect.stream-end",
    /^task 4 \{.*"r-broken".*\} \(after 1 record\): INTERNAL "lost the connection to the cloud with key \*\*\*" is not "ERROR_CODE: message"/,
  ],
  ["collect.stream-end", /^task 4 \{.*"r-broken".*\} \(after 1 record\): the error text echoes secret_data\.aws_access_key_id$/],
  ["collect.stream-end", /^task 5 \(no task_options\): ended OK with no record/],
  ["collect.resource-type", /^task 2 \{.*"r-faulty".*\} record 4 \(Server EC2\/Instance i-server\): resource_type "inventory\.Server" is unknown/],
  ["collect.match-rules", /^task 2 \{.*\} record 2 \(CloudService EC2\/Instance i-blank\): match_rules "1" path "account" is ""/],
  ["collect.json", /^task 2 \{.*\} record 3 \(CloudService EC2\/Instance i-badjson\): json_data does not parse: "\{broken"$/],
  ["collect.key-sets", /^CloudService EC2\/Instance: resource key "tags" is missing in 1 of 6 records \(i-notags\)/],
  ["collect.error-context", /^task 2 \{.*\} record 8 \(ErrorResource\): no message/],
  ["collect.error-context", /^task 2 \{.*\} record 8 \(ErrorResource\): empty resource/],
  [
    "collect.unique-match",
    /^2 records share the match key reference\.resource_id="i-dup", .*record 5 \(CloudService EC2\/Instance i-dup\); .*record 6 \(CloudService EC2\/Instance i-dup\)/,
  ],
  ["distribution", /^task 3 \{.*"r-flaky".*\} \(again on 127\.0\.0\.1:\d+\): CloudService EC2\/Volume vol-2 not sent again$/],
];

describe("conformance kit against a deliberately broken Python plugin", { timeout: 120_000 }, () => {
  it.each(PLANTED)("%s fails with evidence %s", (id, evidence) => {
    expect(checkOf(report, id).status).toBe("fail");
    expect(failures(report, id)).toContainEqual(expect.stringMatching(evidence));
  });

  it("fails nothing else, and passes what the plugin gets right", () => {
    const planted = new Set(PLANTED.map(([id]) => id));
    const others = report.checks.filter((c) => !planted.has(c.id));
    expect(others.map((c) => [c.id, c.status])).toEqual([
      ["reflection.services", "pass"],
      ["reflection.resolve", "pass"],
      ["health", "pass"],
      ["server-info", "pass"],
      ["init.metadata", "pass"],
      ["collect.state", "pass"],
    ]);
    expect(report.conforms).toBe(false);
    expect(report.counts).toEqual({ pass: 6, warn: 0, fail: 12, skip: 0 });
  });

  it("a plugin that answers get_tasks with an empty list, and an empty success without task_options", async () => {
    const empty = await runConformance({ endpoints: [plugin.endpoint], secretData: DEMO_SECRET, options: { plant: "no-tasks" } });
    expect(failures(empty, "get-tasks")).toEqual([
      expect.stringMatching(/^get_tasks answered an empty list: the platform then collects once without task_options/),
    ]);
    expect(failures(empty, "collect.stream-end")).toEqual([expect.stringMatching(/^task 1 \(no task_options\): ended OK with no record/)]);
  });

  it("evidence never shows the real secret, even where the plugin echoes what it was sent", () => {
    const text = JSON.stringify(report);
    for (const value of Object.values(DEMO_SECRET)) expect(text).not.toContain(value);
  });
});
