/**
 * The assumed-role provider against the replay's STS: one AssumeRole per
 * (keys, role, external id) for every caller sharing a role cache (the engine's),
 * refreshed only when the credentials come within the refresh margin of their
 * expiry; a refused role is not cached.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RoleCache, credentialProvider, type AwsSecret } from "../../src/engine/aws/credentials.js";
import { DEMO_KEYS, startReplay, type RunningReplay } from "../replay/harness.js";

let replay: RunningReplay;
const role: AwsSecret = { ...DEMO_KEYS.account1, roleArn: "arn:aws:iam::222222222222:role/CloudforetReadOnly", externalId: "cloudforet-demo-external-id" };

async function assumeRoleCalls(): Promise<number> {
  const stats = (await (await fetch(`${replay.endpoint("demo")}/_stats`)).json()) as { apis: Record<string, { calls: number }> };
  return stats.apis["sts:AssumeRole"]?.calls ?? 0;
}

beforeAll(async () => {
  replay = await startReplay();
});
afterAll(async () => {
  await replay.close();
});

describe("assumed-role credentials", () => {
  it("are assumed once and shared by every caller while valid", async () => {
    const roles = new RoleCache();
    const before = await assumeRoleCalls();
    const providers = [0, 1, 2].map(() => credentialProvider(role, { stsRegion: "us-east-1", endpoint: replay.endpoint("demo"), roles }));
    const identities = await Promise.all(providers.flatMap((p) => [p(), p()]));
    expect(new Set(identities.map((i) => i.accessKeyId)).size).toBe(1);
    expect(identities[0]!.sessionToken).toBeTruthy();
    expect(identities[0]!.accessKeyId).not.toBe(DEMO_KEYS.account1.accessKeyId);
    expect((await assumeRoleCalls()) - before).toBe(1);
  });

  it("belong to their role cache: another cache (another engine) assumes the role itself", async () => {
    const before = await assumeRoleCalls();
    for (const roles of [new RoleCache(), new RoleCache()])
      await credentialProvider(role, { stsRegion: "us-east-1", endpoint: replay.endpoint("demo"), roles })();
    expect((await assumeRoleCalls()) - before).toBe(2);
  });

  it("are refreshed once within the margin before expiry", async () => {
    const roles = new RoleCache();
    const before = await assumeRoleCalls();
    // A margin longer than the session (1 h) makes every use fall within it.
    const provider = credentialProvider(role, { stsRegion: "us-east-1", endpoint: replay.endpoint("demo"), refreshMarginMs: 2 * 3_600_000, roles });
    await provider();
    await provider();
    expect((await assumeRoleCalls()) - before).toBe(2);
  });

  it("a refused AssumeRole is reported as such and retried on the next use", async () => {
    const roles = new RoleCache();
    const provider = credentialProvider({ ...role, externalId: "wrong" }, { stsRegion: "us-east-1", endpoint: replay.endpoint("demo"), roles });
    await expect(provider()).rejects.toMatchObject({ api: "sts:AssumeRole", code: "AccessDenied" });
    const before = await assumeRoleCalls();
    await expect(provider()).rejects.toMatchObject({ code: "AccessDenied" });
    expect((await assumeRoleCalls()) - before).toBe(1);
  });
});
