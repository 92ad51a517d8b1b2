import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { FixtureError } from "../../src/replay/fixture-format.js";
import { FixtureStore } from "../../src/replay/fixture-store.js";
import { clientConfig, FIXTURES_DIR, startReplay as start, type RunningReplay } from "./harness.js";

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "replay-bad-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const running: RunningReplay[] = [];
/** Starts a replay that is closed after the test, whatever its outcome. */
async function startReplay(...args: Parameters<typeof start>): Promise<RunningReplay> {
  const replay = await start(...args);
  running.push(replay);
  return replay;
}
afterEach(async () => {
  while (running.length > 0) await running.pop()!.close();
});

/** A copy of the demo set with one file replaced. */
function brokenSet(name: string, relativePath: string, content: string): FixtureStore {
  cpSync(join(FIXTURES_DIR, "demo"), join(tmp, name), { recursive: true });
  writeFileSync(join(tmp, name, relativePath), content);
  return new FixtureStore(tmp);
}

function loadError(store: FixtureStore, name: string): FixtureError {
  try {
    store.get(name)!.loadAll();
  } catch (err) {
    expect(err).toBeInstanceOf(FixtureError);
    return err as FixtureError;
  }
  throw new Error("expected the set to fail to load");
}

describe("fixture validation", () => {
  it("the shipped demo set is valid", () => {
    expect(() => new FixtureStore(FIXTURES_DIR).get("demo")!.loadAll()).not.toThrow();
  });

  it("a wrong type deep inside names the file and the JSON path", () => {
    const file = "111111111111/us-east-1/instances.json";
    const reservations = require_(join(FIXTURES_DIR, "demo", file)) as { Reservations: Array<{ Instances: Array<Record<string, unknown>> }> };
    reservations.Reservations[0]!.Instances[1]!.LaunchTime = "last tuesday";
    const err = loadError(brokenSet("bad-date", file, JSON.stringify(reservations)), "bad-date");
    expect(err.message).toMatch(
      /bad-date\/111111111111\/us-east-1\/instances\.json: \$\.Reservations\[0\]\.Instances\[1\]\.LaunchTime: expected ISO date string$/,
    );
  });

  it("unknown members, wrong scalars, bad JSON and unknown files are reported with file and path", () => {
    const file = "111111111111/us-east-1/volumes.json";
    const volumes = require_(join(FIXTURES_DIR, "demo", file)) as { Volumes: Array<Record<string, unknown>> };
    volumes.Volumes[2]!.volumeId = "vol-lowercase";
    expect(loadError(brokenSet("bad-member", file, JSON.stringify(volumes)), "bad-member").message).toContain(
      "volumes.json: $.Volumes[2].volumeId: unknown member of Volume",
    );
    const again = require_(join(FIXTURES_DIR, "demo", file)) as { Volumes: Array<Record<string, unknown>> };
    again.Volumes[0]!.Size = "8";
    expect(loadError(brokenSet("bad-size", file, JSON.stringify(again)), "bad-size").message).toContain(
      "volumes.json: $.Volumes[0].Size: expected number, got string",
    );
    expect(loadError(brokenSet("bad-json", file, "{ not json"), "bad-json").message).toMatch(/volumes\.json: \$: invalid JSON/);
    const unknown = brokenSet("bad-file", "111111111111/us-east-1/instance.json", "{}");
    expect(loadError(unknown, "bad-file").message).toMatch(/instance\.json: \$: unknown fixture file/);
    mkdirSync(join(tmp, "bad-account", "333333333333"), { recursive: true });
    expect(loadError(brokenSet("bad-account", "set.json", readFileSync(join(FIXTURES_DIR, "demo", "set.json"), "utf8")), "bad-account").message).toMatch(
      /bad-account\/333333333333: \$: not an account of set\.json$/,
    );
  });

  it("set.json is validated too", () => {
    mkdirSync(join(tmp, "bad-set"), { recursive: true });
    writeFileSync(
      join(tmp, "bad-set", "set.json"),
      JSON.stringify({ formatVersion: 1, name: "x", accounts: [{ accountId: "1234", users: [], roles: [], enabledRegions: [] }] }),
    );
    expect(() => new FixtureStore(tmp).get("bad-set")).toThrow(/set\.json: \$\.accounts\[0\]\.accountId: expected 12-digit account id/);
  });

  it("set.json problems a schema cannot see are reported the same way: an access key used twice", () => {
    const definition = JSON.parse(readFileSync(join(FIXTURES_DIR, "demo", "set.json"), "utf8")) as {
      accounts: Array<{ users: Array<{ accessKeyId: string }> }>;
    };
    definition.accounts[1]!.users[0]!.accessKeyId = definition.accounts[0]!.users[0]!.accessKeyId;
    const store = brokenSet("dup-key", "set.json", JSON.stringify(definition));
    expect(() => store.get("dup-key")).toThrow(/dup-key\/set\.json: \$\.accounts\[1\]\.users\[0\]\.accessKeyId: duplicate access key id$/);
  });

  it("the SDK sees a malformed fixture as an AWS error naming file and path", async () => {
    const file = "111111111111/us-east-1/instances.json";
    const reservations = require_(join(FIXTURES_DIR, "demo", file)) as { Reservations: Array<{ Instances: Array<Record<string, unknown>> }> };
    reservations.Reservations[0]!.Instances[0]!.State = "running";
    brokenSet("bad-served", file, JSON.stringify(reservations));
    const replay = await startReplay({ fixturesDir: tmp });
    const ec2 = new EC2Client(clientConfig(replay.endpoint("bad-served"), "us-east-1", undefined, 1));
    await expect(ec2.send(new DescribeInstancesCommand({}))).rejects.toMatchObject({
      name: "InternalError",
      message: expect.stringContaining("instances.json: $.Reservations[0].Instances[0].State: expected object (InstanceState), got string") as string,
    });
    ec2.destroy();
  });

  it("a broken set.json reaches the SDK as an AWS error naming the file", async () => {
    mkdirSync(join(tmp, "bad-served-set"), { recursive: true });
    writeFileSync(join(tmp, "bad-served-set", "set.json"), JSON.stringify({ formatVersion: 2 }));
    const replay = await startReplay({ fixturesDir: tmp });
    const ec2 = new EC2Client(clientConfig(replay.endpoint("bad-served-set"), "us-east-1", undefined, 1));
    await expect(ec2.send(new DescribeInstancesCommand({}))).rejects.toMatchObject({
      name: "InternalError",
      message: expect.stringMatching(/bad-served-set\/set\.json: \$\.formatVersion: expected 1$/) as string,
    });
    ec2.destroy();
    expect((await fetch(`${replay.baseUrl}/replay/bad-served-set/_stats`)).status).toBe(500);
  });

  it("set names cannot escape the fixture directory", async () => {
    const replay = await startReplay();
    for (const path of ["/replay/..%2Fsrc/_stats", "/replay/.hidden/_stats", "/replay/demo%2F..%2F..%2Fpackage.json/_stats"]) {
      const res = await fetch(`${replay.baseUrl}${path}`);
      expect([400, 404]).toContain(res.status);
    }
    expect((await fetch(`${replay.baseUrl}/replay/nope/_stats`)).status).toBe(404);
    expect((await fetch(`${replay.baseUrl}/replay/demo/_stats`)).status).toBe(200);
  });
});

function require_(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}
