/**
 * Gateway mode in front of a plugin that is not ours: the small Python grpcio
 * plugin of the conformance kit (test/conformance/broken_plugin.py), which
 * speaks nothing but gRPC. Through the gateway it answers curl's Connect JSON,
 * NDJSON, gRPC-Web (the console's clients) and plain gRPC, and the answers are
 * what the plugin itself sends over gRPC (read with the kit's plugin client),
 * its odd records and its non-Cloudforet errors included: the gateway passes
 * them on, it does not judge them.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromBinary, fromJson, toBinary, toJson, type DescMessage, type JsonValue, type MessageShape } from "@bufbuild/protobuf";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InitRequestSchema, PluginInfoSchema } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import type { JsonObject } from "../../src/common/json.js";
import { createClients, describeFailure } from "../../src/console/rpc.js";
import { openCollectorPlugin, type CollectorPlugin } from "../../src/plugin-client/collector-plugin.js";
import { rpcFailure } from "../../src/plugin-client/dynamic-client.js";
import { buildDescriptorSet, DEMO_SECRET, startBrokenPlugin, type RunningPlugin } from "../conformance/plugins.js";
import { ensureBuilt } from "../server/built.js";
import { lines, postJson, serve, untilReadiness, type Served } from "./processes.js";

const COLLECTOR = "spaceone.api.inventory.plugin.Collector";
const JOB = "spaceone.api.inventory.plugin.Job";
/** The plugin's tasks whose answers do not change from call to call (r-flaky's does, on purpose). */
const TASKS: JsonObject[] = [
  { resource_type: "inventory.CloudServiceType", services: ["EC2"] },
  { resource_type: "inventory.CloudService", service: "EC2", region: "r-faulty" },
  { resource_type: "inventory.CloudService", service: "EC2", region: "r-broken" },
];

let dir: string;
let python: RunningPlugin;
let gateway: Served;
/** The plugin itself, over gRPC with its reflected types: the oracle. */
let direct: CollectorPlugin;

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "gateway-python-"));
  const set = join(dir, "contract.binpb");
  buildDescriptorSet(set);
  python = await startBrokenPlugin(set);
  gateway = await serve(["--upstream", python.endpoint]);
  await untilReadiness(gateway.baseUrl);
  direct = await openCollectorPlugin(python.endpoint);
}, 120_000);
afterAll(async () => {
  direct?.close();
  await gateway?.stop();
  await python?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Connect JSON (json names) as the plugin client reads answers (proto names), through the plugin's own types. */
function protoNamed(typeName: string, json: JsonValue): JsonObject {
  const schema = direct.descriptors.registry.getMessage(typeName)!;
  return toJson(schema, fromJson(schema, json, { registry: direct.descriptors.registry }), {
    useProtoFieldName: true,
    registry: direct.descriptors.registry,
  }) as JsonObject;
}

/** The plugin's records and how its stream ended, read directly over gRPC. */
async function collectDirect(task: JsonObject): Promise<{ records: JsonObject[]; end: { code: string; message?: string } }> {
  const records: JsonObject[] = [];
  try {
    for await (const record of direct.collect({ options: {}, secretData: DEMO_SECRET, taskOptions: task })) records.push(record);
    return { records, end: { code: "ok" } };
  } catch (err) {
    const failure = rpcFailure(err);
    return { records, end: { code: failure.status.toLowerCase(), message: failure.message } };
  }
}

describe("gateway in front of the Python grpcio plugin", { timeout: 120_000 }, () => {
  it("Connect JSON (curl): init, get_tasks and verify are the plugin's own answers", async () => {
    const init = await postJson(gateway.baseUrl, `${COLLECTOR}/init`, { options: {} });
    expect(init.status).toBe(200);
    expect(protoNamed("spaceone.api.inventory.plugin.PluginInfo", JSON.parse(init.text) as JsonValue)).toEqual(await direct.init({}));

    const tasks = await postJson(gateway.baseUrl, `${JOB}/get_tasks`, { options: {}, secret_data: DEMO_SECRET });
    expect(protoNamed("spaceone.api.inventory.plugin.TasksInfo", JSON.parse(tasks.text) as JsonValue)).toEqual(await direct.getTasks({}, DEMO_SECRET));

    const ok = await postJson(gateway.baseUrl, `${COLLECTOR}/verify`, { options: {}, secret_data: DEMO_SECRET });
    expect(ok).toEqual({ status: 200, text: "{}" });
  });

  it("errors keep the plugin's status and text, even when the text is not Cloudforet's form", async () => {
    const bad = { aws_access_key_id: "AKIAOTHER", aws_secret_access_key: "x" };
    const failure = await direct.verify({}, bad).then(() => undefined, rpcFailure);
    expect(failure).toEqual({ status: "UNAUTHENTICATED", message: "invalid access key AKIAOTHER" });
    const through = await postJson(gateway.baseUrl, `${COLLECTOR}/verify`, { options: {}, secret_data: bad });
    expect(through.status).toBe(401);
    expect(JSON.parse(through.text)).toEqual({ code: "unauthenticated", message: failure!.message });
  });

  it("NDJSON collect streams the plugin's records and its stream's end, task by task", async () => {
    for (const task of [...TASKS, undefined]) {
      const { records, end } = await collectDirect(task ?? {});
      const through = lines(
        (await postJson(gateway.baseUrl, `${COLLECTOR}/collect`, { options: {}, secret_data: DEMO_SECRET, filter: {}, task_options: task })).text,
      );
      expect(through.slice(0, -1).map((r) => protoNamed("spaceone.api.inventory.plugin.ResourceInfo", r as JsonValue))).toEqual(records);
      expect(through.at(-1)).toEqual(end.code === "ok" ? { end: { code: "ok" } } : { error: end });
    }
    // r-broken ends INTERNAL after one record: the error arrives after the record, unchanged.
    expect((await collectDirect(TASKS[2]!)).end).toEqual({
      code: "internal",
      message: `lost the connection to the cloud with key ${DEMO_SECRET.aws_access_key_id}`,
    });
  });

  it("gRPC-Web (the console's clients): init, get_tasks, collect and an error", async () => {
    const clients = createClients(gateway.baseUrl);
    expect(toJson(PluginInfoSchema, await clients.collector.init({ options: {} }), { useProtoFieldName: true })).toEqual(await direct.init({}));
    const tasks = await clients.job.get_tasks({ options: {}, secretData: DEMO_SECRET });
    expect(tasks.tasks.map((t) => t.taskOptions)).toEqual(
      ((await direct.getTasks({}, DEMO_SECRET)).tasks as JsonObject[]).map((t) => t.task_options ?? undefined),
    );
    const records: JsonValue[] = [];
    let end: { code: string; message?: string } = { code: "ok" };
    try {
      for await (const info of clients.collector.collect({ options: {}, secretData: DEMO_SECRET, filter: {}, taskOptions: TASKS[2] })) {
        records.push(protoNamed("spaceone.api.inventory.plugin.ResourceInfo", toJson(direct.descriptors.registry.getMessage(info.$typeName)!, info)));
      }
    } catch (err) {
      end = describeFailure(err);
    }
    expect({ records, end }).toEqual(await collectDirect(TASKS[2]!));
  });

  it("plain gRPC (@grpc/grpc-js) passes through to it", async () => {
    const call = (endpoint: string) =>
      new Promise<MessageShape<typeof PluginInfoSchema>>((resolve, reject) => {
        const client = new grpc.Client(endpoint, grpc.credentials.createInsecure());
        client.makeUnaryRequest(
          `/${COLLECTOR}/init`,
          (m: MessageShape<DescMessage>) => Buffer.from(toBinary(InitRequestSchema, m as MessageShape<typeof InitRequestSchema>)),
          (b: Buffer) => fromBinary(PluginInfoSchema, b),
          { $typeName: InitRequestSchema.typeName, options: {} } as MessageShape<DescMessage>,
          (err, res) => {
            client.close();
            if (err) reject(err);
            else resolve(res!);
          },
        );
      });
    const [through, itself] = await Promise.all([call(gateway.endpoint), call(python.endpoint)]);
    expect(through).toEqual(itself);
    expect(through.metadata?.supported_features).toEqual(["garbage_collection"]);
  });

  it("the gateway's reflection lists and resolves the plugin's services, its files byte for byte", async () => {
    const viaGateway = await openCollectorPlugin(gateway.endpoint);
    try {
      expect(viaGateway.descriptors.services).toEqual(direct.descriptors.services);
      expect(viaGateway.descriptors.problems).toEqual(direct.descriptors.problems);
      const bytes = (p: CollectorPlugin) => Object.fromEntries([...p.descriptors.files].map(([name, f]) => [name, Buffer.from(f.bytes).toString("base64")]));
      expect(bytes(viaGateway)).toEqual(bytes(direct));
    } finally {
      viaGateway.close();
    }
  });
});
