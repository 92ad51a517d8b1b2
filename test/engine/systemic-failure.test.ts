/**
 * A systemic failure is one error, not thousands (docs/records.md#systemic-failures). Issue 11's case: the
 * AWS endpoint becomes unreachable in the middle of a 1,000-instance region collect. Before, the stream
 * ended OK with one ErrorResource per instance and volume (2,453, each `aws_error_code: "Error"`). Now each
 * API that kept failing is one ErrorResource naming the cause (ECONNREFUSED) and how many resources it
 * failed, the engine stops calling it, and nothing is lost without being counted. Also: failures that are
 * each about one resource stay one per resource, up to the bound of a task.
 *
 * "Unreachable" is real: the engine reaches the replay through a TCP forwarder whose port is closed
 * mid-collect (new connections are refused, open ones are cut).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createConnection, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonObject } from "../../src/common/json.js";
import { MAX_ERROR_RESOURCES } from "../../src/engine/error-resources.js";
import { generateFixtureSet } from "../../src/fixture-tools/generator.js";
import { CANARY_SESSION_TOKEN } from "../support/canary.js";
import { collectAll, platformView, regionTask, replayStats, startCollecting, type Collecting, type WireRecord } from "./harness.js";

const INSTANCES = 1000;
const REGION = "us-east-1";

/** A TCP forwarder to `port`; `cut()` closes its port and every connection through it. */
async function forwarder(port: number): Promise<{ url: string; cut(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection(port, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => s.destroy());
      s.on("close", () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port: own } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${own}`,
    cut: async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

let dir: string;
let c: Collecting;
let secretData: JsonObject;
let volumes: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "systemic-"));
  const definition = generateFixtureSet({ outDir: join(dir, "big"), name: "big", instances: INSTANCES, regions: 1, seed: 11 });
  const owner = definition.accounts[0]!;
  // The canary session token rides along (the replay ignores it on long-term keys): the ErrorResources quoting AWS are searched for it.
  secretData = {
    aws_access_key_id: owner.users[0]!.accessKeyId,
    aws_secret_access_key: owner.users[0]!.secretAccessKey,
    aws_session_token: CANARY_SESSION_TOKEN,
  };
  volumes = (JSON.parse(readFileSync(join(dir, "big", owner.accountId, REGION, "volumes.json"), "utf8")) as { Volumes: unknown[] }).Volumes.length;
  // No client-side pacing: the per-item calls run as fast as the replay answers. The forwarder's endpoint is set per collect.
  c = await startCollecting({ fixturesDir: dir, set: "big", engine: { rateLimit: { capacity: 1e6, refillPerSecond: 1e6 }, allowEndpointOverride: true } });
}, 120_000);
afterAll(async () => {
  await c?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const failures = (records: WireRecord[]) => records.filter((r) => r.state === "FAILURE");
const successes = (records: WireRecord[], type: string) => records.filter((r) => r.state === "SUCCESS" && r.resource.cloud_service_type === type).length;
/** Resources of `type` its ErrorResources account for: `affected_resources`, or one each. */
const failed = (records: WireRecord[], type: string) =>
  failures(records)
    .filter((r) => r.resource.cloud_service_type === type)
    .reduce((n, r) => n + (typeof r.resource.affected_resources === "number" ? r.resource.affected_resources : r.resource.resource_id ? 1 : 0), 0);

describe(`an AWS endpoint that becomes unreachable in the middle of a ${INSTANCES}-instance region`, () => {
  it("gives one ErrorResource per API naming ECONNREFUSED and the resources it failed, stops calling it, and loses nothing uncounted", async () => {
    c.engine.itemCache.clear();
    const endpoint = await forwarder(c.running.port);
    const records: WireRecord[] = [];
    const collecting = (async () => {
      for await (const info of c.collector.collect({
        options: { endpoint_url: `${endpoint.url}/replay/big` },
        secretData,
        filter: {},
        taskOptions: regionTask(REGION),
      }))
        records.push(platformView(info));
    })();
    // Cut once the per-item calls are under way: about a tenth of the instances enriched.
    await expect
      .poll(async () => (await replayStats(c)).apis["ec2:DescribeInstanceAttribute"]?.calls ?? 0, { timeout: 60_000, interval: 20 })
      .toBeGreaterThan(INSTANCES / 10);
    await endpoint.cut();
    const reachedAtCut = (await replayStats(c)).totals.calls;
    await collecting;

    const errors = failures(records);
    // A handful, not one per resource: the per-API ErrorResources, at most a few single ones.
    expect(errors.length).toBeLessThan(30);
    for (const e of errors) {
      expect(["ECONNREFUSED", "ECONNRESET"], e.message).toContain(e.resource.aws_error_code);
      expect(e.message).toMatch(/^ERROR_AWS_API: /);
    }
    const instances = errors.find((e) => e.resource.cloud_service_type === "Instance" && e.resource.api === "ec2:DescribeInstanceAttribute")!;
    expect(instances.message).toMatch(
      /^ERROR_AWS_API: ec2:DescribeInstanceAttribute failed the same way for \d+ Instance resources; the calls were stopped\. \(reason = ECONN\w+: .*region = us-east-1, resources = \d+/,
    );
    // Every instance and volume arrived, or is counted by an ErrorResource.
    expect(successes(records, "Instance") + failed(records, "Instance")).toBe(INSTANCES);
    expect(successes(records, "Volume") + failed(records, "Volume")).toBe(volumes);
    expect(successes(records, "Instance")).toBeLessThan(INSTANCES);

    // The engine stopped calling: far fewer calls after the cut than resources left to enrich (each would have cost a call, and its retries).
    const finished = c.engineLogs.findLast((l) => l.msg === "region task finished" && l.region === REGION)!;
    const sentAfterCut = (finished.aws_call_total as number) - reachedAtCut;
    const leftToEnrich = INSTANCES - successes(records, "Instance") + (volumes - successes(records, "Volume"));
    expect(sentAfterCut).toBeLessThan(leftToEnrich / 10);
    expect(finished.calls_stopped).toEqual(
      expect.arrayContaining([expect.objectContaining({ scope: "ec2", region: REGION, code: expect.stringMatching(/^ECONN/) as string }) as object]),
    );
    expect(c.engineLogs.filter((l) => l.msg === "AWS calls stopped: they keep failing the same way").length).toBeGreaterThan(0);
  }, 240_000);
});

describe("failures that are each about one resource", () => {
  it(`stay one ErrorResource per resource, at most ${MAX_ERROR_RESOURCES} per task, then one saying how many more there were`, async () => {
    c.engine.itemCache.clear();
    await c.setFaults({ rules: [{ effect: "error", api: "ec2:DescribeInstanceAttribute", code: "InvalidInstanceID.NotFound", status: 400 }] });
    try {
      const records = (await collectAll(c, { secretData, taskOptions: regionTask(REGION) })).map(platformView);
      const errors = failures(records);
      expect(errors).toHaveLength(MAX_ERROR_RESOURCES + 1);
      expect(new Set(errors.slice(0, MAX_ERROR_RESOURCES).map((e) => e.resource.resource_id)).size).toBe(MAX_ERROR_RESOURCES);
      expect(errors.at(-1)!.message).toBe(
        `ERROR_TOO_MANY_FAILURES: ${INSTANCES - MAX_ERROR_RESOURCES} more ErrorResources of this task were not sent. (limit = ${MAX_ERROR_RESOURCES}, region = ${REGION})`,
      );
      // Every other record of the region still arrives.
      expect(successes(records, "Volume")).toBe(volumes);
    } finally {
      await c.clearFaults();
    }
  }, 240_000);
});
