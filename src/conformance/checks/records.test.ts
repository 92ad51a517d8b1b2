import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../common/json.js";
import type { TaskRun } from "../../plugin-client/collection.js";
import type { CheckResult } from "../report.js";
import { checkRecords } from "./records.js";
import { checkStreamEnds } from "./streams.js";

const RULES = { "1": ["reference.resource_id", "account"] };
const volume = (id: string, data: JsonObject, extra: JsonObject = {}): JsonObject => ({
  state: "SUCCESS",
  resource_type: "inventory.CloudService",
  match_rules: RULES,
  resource: {
    cloud_service_group: "EC2",
    cloud_service_type: "Volume",
    account: "1",
    reference: { resource_id: id },
    json_data: JSON.stringify(data),
    ...extra,
  },
});
const run = (records: JsonObject[], extra: Partial<TaskRun> = {}): TaskRun => ({ index: 0, task: { region: "r" }, endpoint: "e", records, ...extra });
const byId = (results: CheckResult[]) => Object.fromEntries(results.map((r) => [r.id, r]));
const texts = (result: CheckResult | undefined, level: string) => (result?.evidence ?? []).filter((e) => e.level === level).map((e) => e.text);

describe("collect record checks", () => {
  it("a data key left out of some records of a type is a warning; an envelope key, a failure", () => {
    const checks = byId(checkRecords([run([volume("v-1", { Iops: 1, size: 1 }), volume("v-2", { size: 2 }, { tags: {} })])], new Map()));
    expect(checks["collect.key-sets"]!.status).toBe("fail");
    expect(texts(checks["collect.key-sets"], "fail")).toEqual([
      expect.stringMatching(/^CloudService EC2\/Volume: resource key "tags" is missing in 1 of 2 records \(v-1\)/),
    ]);
    expect(texts(checks["collect.key-sets"], "warn")).toEqual([
      expect.stringMatching(/^CloudService EC2\/Volume: data key "Iops" is missing in 1 of 2 records \(v-2\)/),
    ]);
  });

  it("states: NONE and a FAILURE that is not an ErrorResource fail; match rules are required for upserted types", () => {
    const none = { ...volume("v-1", {}), state: undefined } as unknown as JsonObject;
    const failedVolume = { ...volume("v-2", {}), state: "FAILURE", message: "ERROR_X: y" };
    const noRules = { ...volume("v-3", {}), match_rules: {} };
    const checks = byId(checkRecords([run([none, failedVolume, noRules])], new Map()));
    expect(texts(checks["collect.state"], "fail")).toEqual([
      'task 1 {"region":"r"} record 1 (CloudService EC2/Volume v-1): state NONE (not set): the contract sends SUCCESS or FAILURE',
      'task 1 {"region":"r"} record 2 (CloudService EC2/Volume v-2): FAILURE as "inventory.CloudService": the inventory handles a failure only as an ErrorResource',
    ]);
    expect(texts(checks["collect.match-rules"], "fail")).toEqual([
      'task 1 {"region":"r"} record 3 (CloudService EC2/Volume v-3): no match_rules: the inventory fails it with ERROR_MATCH_RULE',
    ]);
  });

  it("an ErrorResource that echoes the secret fails, however well-formed", () => {
    const error = {
      state: "FAILURE",
      resource_type: "inventory.ErrorResource",
      message: "ERROR_AWS_API: failed with key AKIAEXAMPLE12345",
      match_rules: {},
      resource: { region_code: "r" },
    };
    const checks = byId(checkRecords([run([error])], new Map([["secret_data.aws_access_key_id", "AKIAEXAMPLE12345"]])));
    expect(texts(checks["collect.error-context"], "fail")).toEqual([
      expect.stringMatching(/record 1 \(ErrorResource r\): echoes secret_data\.aws_access_key_id$/),
    ]);
    expect(checks["collect.unique-match"]!.status).toBe("pass");
  });
});

describe("collect.stream-end", () => {
  it("a stream that fails with a well-formed error is a warning; without task_options, an empty OK fails", () => {
    const failed = run([volume("v-1", {})], { error: { status: "INVALID_ARGUMENT", message: "ERROR_INVALID_CREDENTIALS: rejected" } });
    const result = checkStreamEnds([failed, run([], { index: 1, task: undefined })], new Map());
    expect(result.status).toBe("fail");
    expect(texts(result, "warn")).toEqual([
      expect.stringMatching(/^task 1 \{"region":"r"\}: ended with INVALID_ARGUMENT "ERROR_INVALID_CREDENTIALS: rejected" after 1 record: /),
    ]);
    expect(texts(result, "fail")).toEqual([expect.stringMatching(/^task 2 \(no task_options\): ended OK with no record/)]);
  });
});
