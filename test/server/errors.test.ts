/**
 * The error table (docs/contract.md#errors) on all three protocols — gRPC over h2c,
 * gRPC-Web over HTTP/1.1 and Connect JSON over HTTP/1.1 — with exact status
 * and `ERROR_CODE: message` text, for unary calls and for `collect` before the
 * first item and after two items.
 */
import { Code, ConnectError, createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Collector } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { Job } from "../../gen/spaceone/api/inventory/plugin/job_pb.js";
import { invalidParameterType, PluginError, requiredParameter, unavailable } from "../../src/common/errors.js";
import { textOf, type JsonObject } from "../../src/common/json.js";
import type { EngineApi } from "../../src/engine/api.js";
import { CANARY_SECRET_ACCESS_KEY } from "../support/canary.js";
import { startServer, type Running } from "./harness.js";
import { regionRecord } from "../../src/engine/records/region.js";

const SECRET = CANARY_SECRET_ACCESS_KEY;
const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

class ApiFailure extends Error {
  readonly wireMessage = "ERROR_AWS_API: ec2:DescribeRegions failed. (reason = UnauthorizedOperation: denied, region = us-east-1)";
}

function failure(mode: unknown, secretData: JsonObject): Error {
  switch (mode) {
    case "required":
      return requiredParameter("secret_data.aws_access_key_id");
    case "type":
      return invalidParameterType("options.regions", "list");
    case "unavailable":
      return unavailable("maintenance");
    case "denied":
      return new PluginError("ERROR_PERMISSION_DENIED", "Permission denied.", "PERMISSION_DENIED");
    case "special":
      return new PluginError("ERROR_INVALID_PARAMETER", 'odd % : / ? # & , "quoted"\nnext line ünïcødé', "INVALID_ARGUMENT");
    case "aws":
      return new ApiFailure("denied");
    default:
      return new Error(`boom: secret ${textOf(secretData.aws_secret_access_key)} key AKIAABCDEFGHIJKLMNOP`);
  }
}

/** Any well-formed record: the engine's own record of a region. */
const record = regionRecord("us-east-1");

const engine: EngineApi = {
  async verify({ options, secretData }, signal) {
    if (options.mode === "slow") {
      // Waits for the call's deadline, then fails the way SDK calls do: with the abort.
      await new Promise((_, reject) => signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    }
    throw failure(options.mode, secretData);
  },
  getTasks: ({ secretData }) => Promise.reject(failure("plain", secretData)),
  // eslint-disable-next-line @typescript-eslint/require-await -- an AsyncIterable of records made on the spot
  async *collect({ options, secretData }) {
    if (options.mode === "after2" || options.mode === "plugin-after2") {
      yield record;
      yield record;
      throw failure(options.mode === "after2" ? "plain" : "type", secretData);
    }
    throw failure("plain", secretData);
  },
};

let running: Running;
const transports: Record<string, () => Transport> = {
  "gRPC (h2c)": () => createGrpcTransport({ baseUrl: running.baseUrl }),
  "gRPC-Web (HTTP/1.1)": () => createGrpcWebTransport({ baseUrl: running.baseUrl }),
  "Connect JSON (HTTP/1.1)": () => createConnectTransport({ baseUrl: running.baseUrl, httpVersion: "1.1", useBinaryFormat: false }),
};

beforeAll(async () => {
  running = await startServer({ engine, args: ["--max-request-bytes", "4096"] });
});
afterAll(async () => {
  await running.stop();
});

async function caught(promise: Promise<unknown>): Promise<ConnectError> {
  try {
    await promise;
  } catch (e) {
    return ConnectError.from(e);
  }
  throw new Error("expected the call to fail");
}

const secretData = { aws_access_key_id: "AKIAABCDEFGHIJKLMNOP", aws_secret_access_key: SECRET };

describe.each(Object.keys(transports))("error table over %s", (protocol) => {
  const clients = () => {
    const t = transports[protocol]!();
    return { collector: createClient(Collector, t), job: createClient(Job, t) };
  };

  it.each([
    ["required", Code.InvalidArgument, "ERROR_REQUIRED_PARAMETER: Required parameter. (key = secret_data.aws_access_key_id)"],
    ["type", Code.InvalidArgument, "ERROR_INVALID_PARAMETER_TYPE: Parameter type is invalid. (key = options.regions, type = list)"],
    ["unavailable", Code.Unavailable, "ERROR_UNAVAILAVBLE: Server is unavailable. (reason = maintenance)"],
    // PERMISSION_DENIED would make the platform drop our text: never sent for our own errors.
    ["denied", Code.InvalidArgument, "ERROR_PERMISSION_DENIED: Permission denied."],
    ["special", Code.InvalidArgument, 'ERROR_INVALID_PARAMETER: odd % : / ? # & , "quoted"\nnext line ünïcødé'],
    ["aws", Code.Internal, "ERROR_AWS_API: ec2:DescribeRegions failed. (reason = UnauthorizedOperation: denied, region = us-east-1)"],
    ["plain", Code.Internal, "ERROR_UNKNOWN: boom: secret *** key ***"],
  ])("verify failing with %s → %s", async (mode, code, text) => {
    const err = await caught(clients().collector.verify({ options: { mode }, secretData }));
    expect(err.code).toBe(code);
    expect(err.rawMessage).toBe(text);
  });

  it("a call past its deadline ends with DEADLINE_EXCEEDED ERROR_REQUEST_TIMEOUT", async () => {
    // Only the header, no client-side timer: the server's own deadline answer is what arrives.
    const headers: Record<string, string> = protocol.startsWith("Connect") ? { "connect-timeout-ms": "200" } : { "grpc-timeout": "200m" };
    const err = await caught(clients().collector.verify({ options: { mode: "slow" }, secretData }, { headers }));
    expect(err.code).toBe(Code.DeadlineExceeded);
    expect(err.rawMessage).toBe("ERROR_REQUEST_TIMEOUT: Request timeout!");
  });

  it("names the missing envelope parameter", async () => {
    const { collector, job } = clients();
    for (const [call, key] of [
      [collector.init({}), "options"],
      [collector.verify({ options: {} }), "secret_data"],
      [job.get_tasks({ secretData: {} }), "options"],
      [job.get_tasks({ options: {} }), "secret_data"],
    ] as const) {
      const err = await caught(call);
      expect(err.code).toBe(Code.InvalidArgument);
      expect(err.rawMessage).toBe(`ERROR_REQUIRED_PARAMETER: Required parameter. (key = ${key})`);
    }
    const streamErr = await caught(
      (async () => {
        for await (const _ of collector.collect({ options: {}, filter: {} })) void _;
      })(),
    );
    expect(streamErr.rawMessage).toBe("ERROR_REQUIRED_PARAMETER: Required parameter. (key = secret_data)");
  });

  it("get_tasks: an unexpected exception is INTERNAL ERROR_UNKNOWN without stack or secret", async () => {
    // Without the key id among the request's secrets, it is still masked by its shape.
    const err = await caught(clients().job.get_tasks({ options: {}, secretData: { aws_secret_access_key: SECRET } }));
    expect(err.code).toBe(Code.Internal);
    expect(err.rawMessage).toBe("ERROR_UNKNOWN: boom: secret *** key AKIA***");
  });

  it("collect: an exception before the first item ends the stream with ERROR_UNKNOWN", async () => {
    const items: unknown[] = [];
    const err = await caught(
      (async () => {
        for await (const item of clients().collector.collect({ options: { mode: "before" }, secretData, filter: {} })) items.push(item);
      })(),
    );
    expect(items).toHaveLength(0);
    expect(err.code).toBe(Code.Internal);
    expect(err.rawMessage).toBe("ERROR_UNKNOWN: boom: secret *** key ***");
  });

  it.each([
    ["after2", Code.Internal, "ERROR_UNKNOWN: boom: secret *** key ***"],
    ["plugin-after2", Code.InvalidArgument, "ERROR_INVALID_PARAMETER_TYPE: Parameter type is invalid. (key = options.regions, type = list)"],
  ])("collect: %s delivers both items, then the error status", async (mode, code, text) => {
    const items: Array<{ state: number; resourceType: string }> = [];
    const err = await caught(
      (async () => {
        for await (const item of clients().collector.collect({ options: { mode }, secretData, filter: {} })) items.push(item);
      })(),
    );
    expect(items.map((i) => i.resourceType)).toEqual(["inventory.Region", "inventory.Region"]);
    expect(items[0]!.state).toBe(4); // SUCCESS
    expect(err.code).toBe(code);
    expect(err.rawMessage).toBe(text);
  });

  it("refuses a request over the size limit with RESOURCE_EXHAUSTED and keeps serving", async () => {
    const { collector } = clients();
    const err = await caught(collector.init({ options: { blob: "x".repeat(8192) } }));
    expect(err.code).toBe(Code.ResourceExhausted);
    expect(err.rawMessage).toBe("ERROR_REQUEST_TOO_LARGE: Request message is larger than the limit. (limit = 4096 bytes)");
    const ok = await collector.init({ options: {} });
    expect(ok.metadata?.supported_schedules).toEqual(["hours"]);
  });
});

describe("ill-typed JSON parameters (Connect JSON from curl and scripts)", () => {
  const post = async (path: string, contentType: string, body: Uint8Array<ArrayBuffer> | string) => {
    const res = await fetch(`${running.baseUrl}/spaceone.api.inventory.plugin.${path}`, { method: "POST", headers: { "content-type": contentType }, body });
    return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()) };
  };
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

  it.each([
    ['{"options":"abc"}', "ERROR_INVALID_PARAMETER_TYPE: Parameter type is invalid. (key = options, type = object)"],
    ['{"options":{},"secretData":[1]}', "ERROR_INVALID_PARAMETER_TYPE: Parameter type is invalid. (key = secret_data, type = object)"],
    ['{"options":{},"secret_data":7}', "ERROR_INVALID_PARAMETER_TYPE: Parameter type is invalid. (key = secret_data, type = object)"],
    ["[]", "ERROR_INVALID_PARAMETER_TYPE: Parameter type is invalid. (key = request, type = object)"],
    ['{"options":', "ERROR_JSON_FORMAT: JSON format is invalid. (request = not valid JSON)"],
  ])("unary %s → 400 %s", async (body, message) => {
    const res = await post("Collector/verify", "application/json", body);
    expect(res.status).toBe(400);
    expect(JSON.parse(text(res.bytes))).toEqual({ code: "invalid_argument", message });
  });

  it("does not echo a malformed body, which may hold secret_data", async () => {
    // Unquoted, so the JSON parser's own message would quote it ('Unexpected token …, "…wJalrXUtnF…" is not valid JSON').
    const res = await post("Collector/verify", "application/json", `{"options":{},"secret_data":{"aws_secret_access_key":${SECRET}}}`);
    expect(res.status).toBe(400);
    expect(JSON.parse(text(res.bytes))).toEqual({ code: "invalid_argument", message: "ERROR_JSON_FORMAT: JSON format is invalid. (request = not valid JSON)" });
    expect(text(res.bytes)).not.toContain(SECRET.slice(0, 8));
  });

  it("a streaming collect with an ill-typed parameter ends with the same error", async () => {
    const json = new TextEncoder().encode('{"options":{},"secret_data":"x","filter":{}}');
    const envelope = new Uint8Array(5 + json.length);
    new DataView(envelope.buffer).setUint32(1, json.length);
    envelope.set(json, 5);
    const res = await post("Collector/collect", "application/connect+json", envelope);
    const end = JSON.parse(text(res.bytes.subarray(5))) as { error: { code: string; message: string } };
    expect(res.bytes[0]).toBe(2); // end-of-stream frame, nothing before it
    expect(end.error).toEqual({
      code: "invalid_argument",
      message: "ERROR_INVALID_PARAMETER_TYPE: Parameter type is invalid. (key = secret_data, type = object)",
    });
  });
});

describe("error logging", () => {
  it("logs one error line with rpc and trace id for an unexpected exception, secrets masked", async () => {
    running.logs.length = 0;
    const collector = createClient(Collector, createGrpcTransport({ baseUrl: running.baseUrl }));
    await caught(collector.verify({ options: { mode: "plain" }, secretData }, { headers: { traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` } }));
    const lines = running.logs.filter((l) => l.msg === "unexpected error in rpc");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "error", rpc: "Collector/verify", trace_id: TRACE_ID, error: "ERROR_UNKNOWN: boom: secret *** key ***" });
    expect(JSON.stringify(running.logs)).not.toContain(SECRET);
  });
});
