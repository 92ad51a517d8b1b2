import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DescribeInstancesCommand, DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { clientConfig, DEMO_KEYS, startReplay, type RunningReplay } from "./harness.js";

const ROLE = "arn:aws:iam::222222222222:role/CloudforetReadOnly";
const EXTERNAL_ID = "cloudforet-demo-external-id";
let clock = Date.now();
let replay: RunningReplay;
const clients: Array<{ destroy(): void }> = [];

beforeAll(async () => {
  replay = await startReplay({ now: () => clock });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await replay.close();
});

const sts = (credentials = DEMO_KEYS.account1, region = "us-east-1") => {
  const client = new STSClient(clientConfig(replay.endpoint("demo"), region, credentials));
  clients.push(client);
  return client;
};

describe("STS against the demo set", () => {
  it("AssumeRole with external id, then calls signed with the temporary keys reach the other account", async () => {
    const credentials = fromTemporaryCredentials({
      masterCredentials: DEMO_KEYS.account1,
      params: { RoleArn: ROLE, RoleSessionName: "cloudforet-test", ExternalId: EXTERNAL_ID, DurationSeconds: 3600 },
      clientConfig: { endpoint: replay.endpoint("demo"), region: "eu-west-1" },
    });
    const ec2 = new EC2Client({ ...clientConfig(replay.endpoint("demo"), "us-east-1"), credentials });
    clients.push(ec2);
    const out = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "instance-state-name", Values: ["running", "stopped"] }] }));
    expect(out.Reservations!.map((r) => r.OwnerId)).toEqual(["222222222222", "222222222222", "222222222222"]);
    expect(out.Reservations!.flatMap((r) => r.Instances!).map((i) => i.Tags!.find((t) => t.Key === "Name")!.Value)).toEqual([
      "prod-api-1",
      "prod-api-2",
      "prod-reporting",
    ]);
    const who = new STSClient({ ...clientConfig(replay.endpoint("demo")), credentials });
    clients.push(who);
    expect(await who.send(new GetCallerIdentityCommand({}))).toMatchObject({
      Account: "222222222222",
      Arn: "arn:aws:sts::222222222222:assumed-role/CloudforetReadOnly/cloudforet-test",
      UserId: expect.stringMatching(/^AROA[A-Z2-7]{17}:cloudforet-test$/) as string,
    });
  });

  it("a wrong or missing external id, an unknown role or an untrusted caller is AccessDenied", async () => {
    const client = sts();
    for (const params of [
      { RoleArn: ROLE, RoleSessionName: "s1", ExternalId: "wrong-id" },
      { RoleArn: ROLE, RoleSessionName: "s1" },
      { RoleArn: "arn:aws:iam::222222222222:role/NoSuchRole", RoleSessionName: "s1", ExternalId: EXTERNAL_ID },
    ]) {
      await expect(client.send(new AssumeRoleCommand(params))).rejects.toMatchObject({ name: "AccessDenied", $metadata: { httpStatusCode: 403 } });
    }
    await expect(sts(DEMO_KEYS.account2).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "s1", ExternalId: EXTERNAL_ID }))).rejects.toMatchObject({
      name: "AccessDenied",
    });
    await expect(
      client.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "s1", ExternalId: EXTERNAL_ID, DurationSeconds: 7201 })),
    ).rejects.toMatchObject({
      name: "ValidationError",
    });
  });

  it("temporary keys need their session token and expire", async () => {
    const out = await sts().send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "expiring", ExternalId: EXTERNAL_ID, DurationSeconds: 900 }));
    const c = out.Credentials!;
    expect(c.AccessKeyId).toMatch(/^ASIA/);
    expect(c.Expiration!.getTime()).toBe(clock + 900_000);
    const withoutToken = new EC2Client(
      clientConfig(replay.endpoint("demo"), "us-east-1", { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey! }),
    );
    clients.push(withoutToken);
    await expect(withoutToken.send(new DescribeVpcsCommand({}))).rejects.toMatchObject({ name: "AuthFailure" });
    const session = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    const ec2 = new EC2Client(clientConfig(replay.endpoint("demo"), "us-east-1", session));
    clients.push(ec2);
    const vpcs = await ec2.send(new DescribeVpcsCommand({}));
    expect(vpcs.Vpcs!.length).toBeGreaterThan(0);
    expect(new Set(vpcs.Vpcs!.map((v) => v.OwnerId))).toEqual(new Set(["222222222222"]));
    clock += 901_000;
    await expect(ec2.send(new DescribeVpcsCommand({}))).rejects.toMatchObject({ name: "ExpiredToken" });
  });

  it("STS in a region the account has not enabled is RegionDisabledException", async () => {
    await expect(sts(DEMO_KEYS.account1, "af-south-1").send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: "RegionDisabledException" });
  });
});
