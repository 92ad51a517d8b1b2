/**
 * Collector.verify really verifies: against the replay, credentials that lack one
 * permission fail naming it; with all permissions it passes; rejected keys and a
 * refused AssumeRole are ERROR_INVALID_CREDENTIALS.
 */
import type { ConnectError } from "@connectrpc/connect";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { API_NAMES } from "../../src/engine/aws/api-table.js";
import { DEMO_ROLE_SECRET, DEMO_SECRET, replayStats, startCollecting, type Collecting } from "./harness.js";

let c: Collecting;

beforeAll(async () => {
  c = await startCollecting();
});
afterAll(async () => {
  await c.stop();
});
afterEach(() => c.clearFaults());

const setFaults = (rules: unknown[]) => c.setFaults({ rules });

const verifyError = (secretData = DEMO_SECRET) =>
  c.collector.verify({ options: {}, secretData }).then(
    () => undefined,
    (e: unknown) => e as ConnectError,
  );

describe("verify", () => {
  it("passes with every permission, having tried every API of the catalogue", async () => {
    await fetch(`${c.replayUrl()}/_stats/reset`, { method: "POST" });
    expect(await verifyError()).toBeUndefined();
    const stats = await replayStats(c);
    for (const api of API_NAMES) expect(stats.apis[api]?.calls, api).toBeGreaterThan(0);
  });

  it("passes through an assumed role", async () => {
    expect(await verifyError(DEMO_ROLE_SECRET)).toBeUndefined();
  });

  it("fails naming the one missing permission", async () => {
    await setFaults([{ effect: "deny", api: "ec2:DescribeVolumes" }]);
    const err = await verifyError();
    expect(err?.code).toBe(3); // INVALID_ARGUMENT
    expect(err?.rawMessage).toBe("ERROR_INSUFFICIENT_PERMISSIONS: The credentials lack IAM actions the collector needs. (missing = ec2:DescribeVolumes)");
  });

  it("names every missing permission, per-item and other services included", async () => {
    await setFaults([
      { effect: "deny", api: "ec2:DescribeInstanceAttribute" },
      { effect: "deny", api: "elasticloadbalancing:DescribeTargetHealth" },
      { effect: "deny", api: "autoscaling:DescribePolicies" },
    ]);
    const err = await verifyError();
    expect(err?.rawMessage).toBe(
      "ERROR_INSUFFICIENT_PERMISSIONS: The credentials lack IAM actions the collector needs. (missing = ec2:DescribeInstanceAttribute, autoscaling:DescribePolicies, elasticloadbalancing:DescribeTargetHealth)",
    );
  });

  it("passes when only optional actions are denied, and logs them", async () => {
    await setFaults([{ effect: "deny", api: "ssm:*" }]);
    expect(await verifyError()).toBeUndefined();
    expect(
      c.engineLogs.some(
        (l) =>
          l.msg === "verify: optional actions denied; the fields they fill fall back" && JSON.stringify(l.actions).includes("ssm:DescribeInstanceInformation"),
      ),
    ).toBe(true);
  });

  it("rejected keys: ERROR_INVALID_CREDENTIALS without the secret", async () => {
    const err = await verifyError({ ...DEMO_SECRET, aws_secret_access_key: "not-the-secret" });
    expect(err?.code).toBe(3);
    expect(err?.rawMessage).toMatch(/^ERROR_INVALID_CREDENTIALS: AWS rejected the credentials\. \(reason = SignatureDoesNotMatch: /);
    expect(err?.rawMessage).not.toContain("not-the-secret");
  });

  it("a refused AssumeRole (wrong external id): ERROR_INVALID_CREDENTIALS", async () => {
    const err = await verifyError({ ...DEMO_ROLE_SECRET, external_id: "wrong-external-id" });
    expect(err?.rawMessage).toMatch(/^ERROR_INVALID_CREDENTIALS: AWS rejected the credentials\. \(reason = AccessDenied: /);
  });

  it("a missing key: ERROR_REQUIRED_PARAMETER", async () => {
    const err = await verifyError({ aws_access_key_id: "AKIADEMO111111111111" });
    expect(err?.rawMessage).toBe("ERROR_REQUIRED_PARAMETER: Required parameter. (key = secret_data.aws_secret_access_key)");
  });
});
