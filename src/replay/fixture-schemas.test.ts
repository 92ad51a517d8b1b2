import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { checkFaultConfig, checkSetDefinition, faultConfigSchema, setDefinitionSchema } from "./fixture-schemas.js";

const demo = () => JSON.parse(readFileSync(new URL("../../fixtures/demo/set.json", import.meta.url), "utf8")) as { faultProfiles: Record<string, unknown> };

/** set.json as a test breaks it: its lists typed, every member free to hold anything. */
type Members = Record<string, unknown>;
type SetDraft = Members & { accounts: Array<Members & { users: Members[]; roles: Members[] }> };

/** A minimal valid set.json, changed by `edit`. */
function set(edit: (s: SetDraft) => void = () => {}): SetDraft {
  const value: SetDraft = {
    formatVersion: 1,
    name: "s",
    accounts: [
      {
        accountId: "111111111111",
        users: [{ userName: "u", accessKeyId: "AKIATEST000000000001", secretAccessKey: "secret" }],
        roles: [{ roleName: "R", trustedAccounts: ["111111111111"], externalId: "x", maxSessionDurationSeconds: 3600 }],
        enabledRegions: ["us-east-1"],
      },
    ],
  };
  edit(value);
  return value;
}

it("the schemas are valid JSON Schemas (the run-time checker skips this check)", () => {
  const ajv = new Ajv();
  for (const schema of [faultConfigSchema, setDefinitionSchema]) expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
  expect(ajv.validateSchema({ type: "strng" })).toBe(false);
});

describe("set.json schema", () => {
  it("accepts the demo set, and fills in an account's missing disabledRegions", () => {
    expect(checkSetDefinition(demo())).toBeUndefined();
    const value = set();
    expect(checkSetDefinition(value)).toBeUndefined();
    expect(value.accounts[0]!.disabledRegions).toEqual([]);
  });

  it.each([
    ["another format version, before anything else", (s: SetDraft) => ((s.formatVersion = 2), delete s.name), "$.formatVersion", "expected 1"],
    ["a missing name", (s: SetDraft) => delete s.name, "$.name", "expected non-empty string, got nothing"],
    ["no account", (s: SetDraft) => (s.accounts = []), "$.accounts", "expected non-empty array of accounts"],
    ["a short account id", (s: SetDraft) => (s.accounts[0]!.accountId = "1234"), "$.accounts[0].accountId", "expected 12-digit account id"],
    [
      "a temporary key as a user's key",
      (s: SetDraft) => (s.accounts[0]!.users[0]!.accessKeyId = "ASIATEST000000000001"),
      "$.accounts[0].users[0].accessKeyId",
      "expected AKIA… access key id",
    ],
    [
      "a role session limit AWS refuses",
      (s: SetDraft) => (s.accounts[0]!.roles[0]!.maxSessionDurationSeconds = 100),
      "$.accounts[0].roles[0].maxSessionDurationSeconds",
      "expected integer 3600..43200",
    ],
    [
      "an untrusted account id",
      (s: SetDraft) => (s.accounts[0]!.roles[0]!.trustedAccounts = [111111111111]),
      "$.accounts[0].roles[0].trustedAccounts[0]",
      "expected 12-digit account id, got number",
    ],
    [
      "a region name in capitals",
      (s: SetDraft) => (s.accounts[0]!.enabledRegions = ["US-EAST-1"]),
      "$.accounts[0].enabledRegions[0]",
      "expected region name such as us-east-1",
    ],
    [
      "a misspelt member (silently ignored before)",
      (s: SetDraft) => (s.accounts[0]!.roles[0]!.externalID = "x"),
      "$.accounts[0].roles[0].externalID",
      "unknown key",
    ],
    ["an unknown top-level key", (s: SetDraft) => (s.extra = true), "$.extra", "unknown key"],
    [
      "a fault profile name unfit for a path",
      (s: SetDraft) => (s.faultProfiles = { "bad name": {} }),
      '$.faultProfiles["bad name"]',
      "invalid key: expected profile name matching /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/",
    ],
    [
      "a bad rule inside a fault profile",
      (s: SetDraft) => (s.faultProfiles = { slow: { rules: [{ effect: "latency", ms: -1 }] } }),
      "$.faultProfiles.slow.rules[0].ms",
      "expected non-negative integer",
    ],
    [
      "a bad default fault",
      (s: SetDraft) => (s.faults = { rules: [{ effect: "explode" }] }),
      "$.faults.rules[0].effect",
      "expected one of throttle, deny, error, latency, hang, repeat-token, truncate, malformed, auth-failure, expire, region-disabled",
    ],
  ])("reports %s with its JSON path", (_, edit, path, problem) => {
    expect(checkSetDefinition(set(edit))).toEqual({ path, problem });
  });
});

describe("fault configuration schema", () => {
  it("accepts every effect and option docs/fixtures.md shows", () => {
    const documented = {
      tokenBuckets: { capacity: 5, refillPerSecond: 1, refillScale: 0.1, rateChanges: [{ afterMs: 20000, refillPerSecond: 8 }] },
      rules: [
        { effect: "throttle", api: "ec2:DescribeInstances", count: 3 },
        { effect: "deny", api: "ec2:*", region: "eu-west-1" },
        { effect: "error", code: "InternalError", status: 500, after: 10, count: 5 },
        { effect: "latency", ms: 50 },
        { effect: "latency", ms: 30, maxMs: 50 },
        { effect: "hang", api: "ssm:DescribeInstanceInformation", ms: 300000 },
        { effect: "repeat-token", api: "ec2:DescribeVolumes" },
        { effect: "truncate", api: "elasticloadbalancing:DescribeTargetHealth", count: 1 },
        { effect: "deny", api: "*", account: "111111111111" },
      ],
    };
    expect(checkFaultConfig(documented)).toBeUndefined();
    expect(checkFaultConfig({ tokenBuckets: true })).toBeUndefined();
    expect(checkFaultConfig({})).toBeUndefined();
    for (const profile of Object.values(demo().faultProfiles)) expect(checkFaultConfig(profile)).toBeUndefined();
  });

  it.each([
    ["not an object", [], "$", "expected object, got array"],
    ["token buckets neither on nor sized", { tokenBuckets: "yes" }, "$.tokenBuckets", "expected boolean or object, got string"],
    ["an empty bucket", { tokenBuckets: { capacity: 0 } }, "$.tokenBuckets.capacity", "expected positive number"],
    ["an unknown bucket option", { tokenBuckets: { size: 1 } }, "$.tokenBuckets.size", "unknown key"],
    [
      "a rate change without its time",
      { tokenBuckets: { rateChanges: [{ refillPerSecond: 8 }] } },
      "$.tokenBuckets.rateChanges[0].afterMs",
      "expected non-negative integer, got nothing",
    ],
    ["rules that are not a list", { rules: { effect: "deny" } }, "$.rules", "expected array, got object"],
    [
      "a rule without effect",
      { rules: [{ api: "ec2:*" }] },
      "$.rules[0].effect",
      "expected one of throttle, deny, error, latency, hang, repeat-token, truncate, malformed, auth-failure, expire, region-disabled, got nothing",
    ],
    [
      "an api that can never match",
      { rules: [{ effect: "deny", api: "ec2.DescribeVolumes" }] },
      "$.rules[0].api",
      "expected *, service:* or service:Action (services: sts, ec2, autoscaling, elasticloadbalancing, ssm)",
    ],
    ["an HTTP status no response can carry", { rules: [{ effect: "error", status: 0 }] }, "$.rules[0].status", "expected HTTP status 200..599"],
    ["a fractional count", { rules: [{ effect: "throttle", count: 1.5 }] }, "$.rules[0].count", "expected non-negative integer, got number"],
    ["an unknown rule member", { rules: [{ effect: "deny", regions: ["eu-west-1"] }] }, "$.rules[0].regions", "unknown key"],
  ])("reports %s with its JSON path", (_, value, path, problem) => {
    expect(checkFaultConfig(value)).toEqual({ path, problem });
  });
});
