/**
 * Gateway mode end to end, every party a real process: a second process of our
 * own server (`--demo`) as the upstream, and the gateway (`--upstream`) in
 * front of it. Whatever a client reaches through the gateway — Connect JSON and
 * NDJSON as curl sends them, gRPC-Web with the console's own clients, plain
 * gRPC with @grpc/grpc-js, reflection — is what the upstream answers itself.
 * Errors keep status and text; a cancelled call stops the upstream's work
 * (polled on the upstream's replay counters, no sleeps); and an upstream that
 * goes away and comes back as another plugin (the Python one) is discovered again.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromBinary, toBinary, toJson, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Collector,
  CollectRequestSchema,
  InitRequestSchema,
  PluginInfoSchema,
  ResourceInfoSchema,
  VerifyRequestSchema,
} from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { EmptySchema } from "@bufbuild/protobuf/wkt";
import { createClients } from "../../src/console/rpc.js";
import { openCollectorPlugin } from "../../src/plugin-client/collector-plugin.js";
import { buildDescriptorSet, DEMO_SECRET, startBrokenPlugin, type RunningPlugin } from "../conformance/plugins.js";
import { ensureBuilt } from "../server/built.js";
import { lines, postJson, readiness, serve, untilReadiness, type Served } from "./processes.js";

const COLLECTOR = "spaceone.api.inventory.plugin.Collector";
const JOB = "spaceone.api.inventory.plugin.Job";
const SEOUL = { resource_type: "inventory.CloudService", service: "EC2", region: "ap-northeast-2" };
const BAD_SECRET = { aws_access_key_id: "AKIANOSUCHKEY0000000", aws_secret_access_key: "not-the-secret" };
const POLL = { timeout: 60_000, interval: 100 };

let upstream: Served;
let gateway: Served;

beforeAll(async () => {
  ensureBuilt();
  upstream = await serve(["--demo"]);
  gateway = await serve(["--upstream", upstream.endpoint, "--console"]);
  await untilReadiness(gateway.baseUrl);
}, 120_000);
afterAll(async () => {
  await gateway?.stop();
  await upstream?.stop();
});

/** The same JSON call to the upstream and through the gateway. */
async function both(path: string, body: unknown) {
  const [direct, through] = await Promise.all([postJson(upstream.baseUrl, path, body), postJson(gateway.baseUrl, path, body)]);
  return { direct, through };
}

function grpcUnary<I extends DescMessage, O extends DescMessage>(client: grpc.Client, path: string, input: I, output: O, message: MessageShape<I>) {
  return new Promise<MessageShape<O>>((resolve, reject) => {
    client.makeUnaryRequest(
      path,
      (m: MessageShape<I>) => Buffer.from(toBinary(input, m)),
      (b: Buffer) => fromBinary(output, b),
      message,
      (err, res) => (err ? reject(err) : resolve(res!)),
    );
  });
}

function grpcCollect(client: grpc.Client, message: MessageShape<typeof CollectRequestSchema>) {
  return new Promise<Array<MessageShape<typeof ResourceInfoSchema>>>((resolve, reject) => {
    const records: Array<MessageShape<typeof ResourceInfoSchema>> = [];
    const call = client.makeServerStreamRequest(
      `/${COLLECTOR}/collect`,
      (m: MessageShape<typeof CollectRequestSchema>) => Buffer.from(toBinary(CollectRequestSchema, m)),
      (b: Buffer) => fromBinary(ResourceInfoSchema, b),
      message,
    );
    call.on("data", (r: MessageShape<typeof ResourceInfoSchema>) => records.push(r));
    call.on("error", reject);
    call.on("end", () => resolve(records));
  });
}

describe("gateway in front of our own server (a second process)", { timeout: 120_000 }, () => {
  it("Connect JSON (curl) answers init and get_tasks byte for byte as the upstream does", async () => {
    for (const [path, body] of [
      [`${COLLECTOR}/init`, { options: {} }],
      [`${JOB}/get_tasks`, { options: {}, secret_data: DEMO_SECRET }],
    ] as const) {
      const { direct, through } = await both(path, body);
      expect(direct.status).toBe(200);
      expect(through).toEqual(direct);
    }
  });

  it("NDJSON collect streams byte for byte the upstream's records, for every task", async () => {
    const tasks = (
      JSON.parse((await postJson(upstream.baseUrl, `${JOB}/get_tasks`, { options: {}, secret_data: DEMO_SECRET })).text) as {
        tasks: Array<{ taskOptions: object }>;
      }
    ).tasks;
    expect(tasks.length).toBeGreaterThanOrEqual(4);
    for (const { taskOptions } of tasks) {
      const { direct, through } = await both(`${COLLECTOR}/collect`, { options: {}, secret_data: DEMO_SECRET, task_options: taskOptions });
      expect(lines(direct.text).at(-1)).toEqual({ end: { code: "ok" } });
      expect(through).toEqual(direct);
    }
  });

  it("the console's gRPC-Web clients (src/console/rpc.ts) reach the upstream: init, get_tasks, collect", async () => {
    const clients = createClients(gateway.baseUrl);
    const init = await clients.collector.init({ options: {} });
    expect(toJson(PluginInfoSchema, init)).toEqual(JSON.parse((await postJson(upstream.baseUrl, `${COLLECTOR}/init`, { options: {} })).text));
    const tasks = await clients.job.get_tasks({ options: {}, secretData: DEMO_SECRET });
    expect(tasks.tasks.map((t) => t.taskOptions)).toContainEqual(SEOUL);
    const records = [];
    for await (const info of clients.collector.collect({ options: {}, secretData: DEMO_SECRET, filter: {}, taskOptions: SEOUL })) {
      records.push(toJson(ResourceInfoSchema, info));
    }
    const direct = lines((await postJson(upstream.baseUrl, `${COLLECTOR}/collect`, { options: {}, secret_data: DEMO_SECRET, task_options: SEOUL })).text);
    expect(records.length).toBeGreaterThan(0);
    expect(records).toEqual(direct.slice(0, -1));
  });

  it("plain gRPC (@grpc/grpc-js over h2c) passes through: init and a collect stream", async () => {
    const [viaGateway, direct] = [gateway, upstream].map((s) => new grpc.Client(s.endpoint, grpc.credentials.createInsecure()));
    try {
      const init = (c: grpc.Client) =>
        grpcUnary(c, `/${COLLECTOR}/init`, InitRequestSchema, PluginInfoSchema, { $typeName: InitRequestSchema.typeName, options: {} });
      expect(await init(viaGateway!)).toEqual(await init(direct!));
      const request = { $typeName: CollectRequestSchema.typeName, options: {}, secretData: DEMO_SECRET, filter: {}, taskOptions: SEOUL } as MessageShape<
        typeof CollectRequestSchema
      >;
      const records = await grpcCollect(viaGateway!, request);
      expect(records.length).toBeGreaterThan(0);
      expect(records).toEqual(await grpcCollect(direct!, request));
    } finally {
      viaGateway!.close();
      direct!.close();
    }
  });

  it("the gateway's reflection resolves the upstream's services, each file byte for byte", async () => {
    const [viaGateway, direct] = await Promise.all([openCollectorPlugin(gateway.endpoint), openCollectorPlugin(upstream.endpoint)]);
    try {
      expect(viaGateway.descriptors.problems).toEqual([]);
      expect(viaGateway.descriptors.services).toEqual(direct.descriptors.services);
      expect(viaGateway.descriptors.services).toContain(COLLECTOR);
      const bytes = (p: typeof direct) => Object.fromEntries([...p.descriptors.files].map(([name, f]) => [name, Buffer.from(f.bytes).toString("base64")]));
      expect(bytes(viaGateway)).toEqual(bytes(direct));
      // Resolved means callable with the reflected types: a call through the gateway made with them.
      expect(await viaGateway.init({})).toEqual(await direct.init({}));
    } finally {
      viaGateway.close();
      direct.close();
    }
  });

  it("errors keep their status and ERROR_CODE: message, on Connect JSON, NDJSON and gRPC", async () => {
    const verify = await both(`${COLLECTOR}/verify`, { options: {}, secret_data: BAD_SECRET });
    expect(verify.direct.status).toBeGreaterThanOrEqual(400);
    expect(JSON.parse(verify.direct.text)).toMatchObject({ message: expect.stringMatching(/^ERROR_[A-Z_]+: /) as unknown });
    expect(verify.through).toEqual(verify.direct);

    const collect = await both(`${COLLECTOR}/collect`, { options: {}, secret_data: DEMO_SECRET, task_options: { resource_type: "inventory.Nothing" } });
    expect(lines(collect.direct.text).at(-1)).toMatchObject({ error: { message: expect.stringMatching(/^ERROR_[A-Z_]+: /) as unknown } });
    expect(collect.through).toEqual(collect.direct);

    const failure = async (endpoint: string) => {
      const client = new grpc.Client(endpoint, grpc.credentials.createInsecure());
      const request = { $typeName: VerifyRequestSchema.typeName, options: {}, secretData: BAD_SECRET } as MessageShape<typeof VerifyRequestSchema>;
      try {
        return await grpcUnary(client, `/${COLLECTOR}/verify`, VerifyRequestSchema, EmptySchema, request).then(
          () => undefined,
          // grpc-js leaves the percent-encoding of grpc-message's reserved characters (`%3A`) in place.
          (err: grpc.ServiceError) => ({ code: err.code, details: decodeURIComponent(err.details) }),
        );
      } finally {
        client.close();
      }
    };
    const direct = await failure(upstream.endpoint);
    expect(direct?.details).toMatch(/^ERROR_[A-Z_]+: /);
    expect(await failure(gateway.endpoint)).toEqual(direct);
  });

  it("a client's cancel through the gateway stops the upstream's AWS calls", async () => {
    const replay = `${upstream.baseUrl}/replay/demo`;
    const inFlight = async () => ((await (await fetch(`${replay}/_stats`)).json()) as { inFlight: number }).inFlight;
    const put = await fetch(`${replay}/_faults`, { method: "PUT", body: JSON.stringify({ rules: [{ effect: "hang", region: "eu-west-1", ms: 600_000 }] }) });
    expect(put.status).toBe(200);
    try {
      const client = createClient(Collector, createGrpcTransport({ baseUrl: gateway.baseUrl }));
      const ac = new AbortController();
      const task = { ...SEOUL, region: "eu-west-1" };
      const ended = (async () => {
        for await (const _ of client.collect({ options: {}, secretData: DEMO_SECRET, filter: {}, taskOptions: task }, { signal: ac.signal })) {
          // the region's calls hang: nothing arrives
        }
      })().catch((err: unknown) => err);
      // The upstream's engine has the region's calls on the wire, held by its replay.
      await expect.poll(inFlight, POLL).toBeGreaterThanOrEqual(1);
      ac.abort();
      expect(ConnectError.from(await ended).code).toBe(Code.Canceled);
      // Held for ten minutes unless the upstream call was cancelled and the engine abandoned them.
      await expect.poll(inFlight, POLL).toBe(0);
    } finally {
      await fetch(`${replay}/_faults`, { method: "DELETE" });
    }
  });

  describe("the upstream going away and coming back as another plugin (the Python one, same port)", () => {
    let dir: string | undefined;
    let python: RunningPlugin | undefined;
    afterAll(async () => {
      await python?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("is UNAVAILABLE while down, then discovered again: reflection, routes and answers are the new plugin's", async () => {
      const port = upstream.port;
      await upstream.stop();
      const down = await postJson(gateway.baseUrl, `${COLLECTOR}/init`, { options: {} });
      expect(down.status).toBe(503);
      expect(JSON.parse(down.text)).toMatchObject({
        code: "unavailable",
        message: expect.stringMatching(/^ERROR_[A-Z_]+: .*upstream 127\.0\.0\.1:\d+: .*ECONNREFUSED/) as unknown,
      });
      await expect.poll(() => readiness(gateway.baseUrl), POLL).toBe(503);

      dir = mkdtempSync(join(tmpdir(), "gateway-python-"));
      const set = join(dir, "contract.binpb");
      buildDescriptorSet(set);
      python = await startBrokenPlugin(set, port);
      await expect.poll(() => readiness(gateway.baseUrl), POLL).toBe(200);

      const [viaGateway, direct] = await Promise.all([openCollectorPlugin(gateway.endpoint), openCollectorPlugin(python.endpoint)]);
      try {
        // The Python plugin's job.proto carries a field ours lacks (its planted fault): the gateway now reflects that one.
        const jobFile = (p: typeof direct) => p.descriptors.files.get("spaceone/api/inventory/plugin/job.proto")!.bytes;
        expect(Buffer.from(jobFile(viaGateway)).equals(Buffer.from(jobFile(direct)))).toBe(true);
        expect(viaGateway.descriptors.registry.getMessage("spaceone.api.inventory.plugin.GetTaskRequest")?.fields.map((f) => f.name)).toContain("dry_run");
        expect(await viaGateway.init({})).toEqual(await direct.init({}));
      } finally {
        viaGateway.close();
        direct.close();
      }
    });
  });
});
