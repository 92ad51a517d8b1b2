/**
 * Streaming JSON on the RPC paths (src/server/rpc/json-stream.ts), against the real server, engine and
 * replay: a JSON POST to `Collector/collect` answers NDJSON (or SSE), each record as it is produced, then
 * one last line telling how the stream ended; a failure before the first record answers its HTTP status;
 * a client that goes away cancels the collect and its AWS calls.
 */
import { toJson } from "@bufbuild/protobuf";
import * as http2 from "node:http2";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ResourceInfoSchema } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { collectAll, DEMO_SECRET, regionTask, replayStats, resetReplayStats, startCollecting, type Collecting } from "../engine/harness.js";
import { allItems, streamItems, type StreamItem } from "../support/streamed-lines.js";

let c: Collecting;

beforeAll(async () => {
  c = await startCollecting();
});
afterAll(async () => {
  await c.stop();
});
afterEach(() => c.clearFaults());

const COLLECT = "/spaceone.api.inventory.plugin.Collector/collect";
const FORMATS = [
  { format: "ndjson", accept: undefined, contentType: "application/x-ndjson; charset=utf-8" },
  { format: "sse", accept: "text/event-stream", contentType: "text/event-stream" },
] as const;
type Format = (typeof FORMATS)[number]["format"];

function post(body: unknown, accept: string | undefined, signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json", ...(accept ? { accept } : {}) };
  return fetch(`${c.running.baseUrl}${COLLECT}`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body), signal });
}

/** The record of an item, or undefined for the last item (NDJSON `{"end"…}`/`{"error"…}`, SSE `end`/`error`). */
function recordOf(format: Format, item: StreamItem): Record<string, unknown> | undefined {
  if (format === "sse") return item.event === "message" ? item.data : undefined;
  return "end" in item.data || "error" in item.data ? undefined : item.data;
}

/** The last item as the NDJSON last line's object. */
function endOf(format: Format, item: StreamItem): Record<string, unknown> {
  return format === "sse" ? { [item.event]: item.data } : item.data;
}

describe.each(FORMATS)("$format", { timeout: 120_000 }, ({ format, accept, contentType }) => {
  it("a region task streams exactly the gRPC collect's records, in Connect's JSON, then the OK line", async () => {
    const task = { options: {}, secretData: DEMO_SECRET, filter: {}, taskOptions: regionTask("us-east-1") };
    const res = await post(task, accept);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(contentType);
    const items = await allItems(res, format);
    const viaGrpc = (await collectAll(c, task)).map((info) => toJson(ResourceInfoSchema, info));
    expect(viaGrpc.length).toBeGreaterThan(10);
    expect(items.slice(0, -1).map((i) => recordOf(format, i))).toEqual(viaGrpc);
    expect(endOf(format, items.at(-1)!)).toEqual({ end: { code: "ok" } });
  });

  it("the first record arrives while the collect still runs; a disconnect cancels the collect and its AWS calls", async () => {
    // Every DescribeInstances is held (for 5 minutes): the records before the first region task arrive, then the stream waits.
    await c.setFaults({ rules: [{ effect: "hang", api: "ec2:DescribeInstances" }] });
    await resetReplayStats(c);
    const client = new AbortController();
    const res = await post({ options: {}, secretData: DEMO_SECRET }, accept, client.signal);
    expect(res.status).toBe(200);
    const items = streamItems(res.body!, format);
    const first = (await items.next()).value as StreamItem;
    expect(recordOf(format, first)).toMatchObject({ state: "SUCCESS", resourceType: "inventory.CloudServiceType" });

    // The collect is still running: the first region's DescribeInstances is held by the replay.
    await expect.poll(async () => (await replayStats(c)).inFlight, { timeout: 20_000 }).toBeGreaterThan(0);
    client.abort();
    await items.return(undefined).catch(() => {});

    // The held calls end long before the hang would: they were cancelled, and so was the call.
    await expect.poll(async () => (await replayStats(c)).inFlight, { timeout: 20_000 }).toBe(0);
    await expect.poll(() => c.running.logs.some((l) => l.msg === "rpc cancelled by client" && l.rpc === "Collector/collect"), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => c.engineLogs.some((l) => l.msg === "region task finished" && l.aborted === true), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => c.running.server.lifecycle.inFlight, { timeout: 20_000 }).toBe(0);
    // The collect stopped where it was: no retry of the cancelled calls, no later region started.
    const stats = await replayStats(c);
    expect(stats.apis["ec2:DescribeInstances"]).toMatchObject({ retries: 0 });
    const instanceScopes = Object.keys(stats.scopes).filter((scope) => scope.endsWith("/ec2:DescribeInstances"));
    expect(instanceScopes).toEqual(["111111111111/ap-northeast-2/ec2:DescribeInstances"]);
  });

  it("an AWS failure in the middle of the stream: the records so far, then the error line with Cloudforet's text", async () => {
    // Planning and the card types, regions and metrics succeed; the first region's instances are refused.
    await c.setFaults({ rules: [{ effect: "error", api: "ec2:DescribeInstances", code: "AuthFailure", status: 401 }] });
    const res = await post({ options: {}, secretData: DEMO_SECRET }, accept);
    expect(res.status).toBe(200);
    const items = await allItems(res, format);
    expect(items.slice(0, -1).map((i) => recordOf(format, i)?.resourceType)).toContain("inventory.CloudServiceType");
    const last = endOf(format, items.at(-1)!) as { error: { code: string; message: string } };
    expect(last.error.code).toBe("invalid_argument");
    expect(last.error.message).toMatch(/^ERROR_INVALID_CREDENTIALS: AWS rejected the credentials\. \(reason = AuthFailure: /);
  });

  it("a failure before the first record answers its HTTP status with the error as the only item", async () => {
    const cases = [
      { body: {}, status: 400, message: "ERROR_REQUIRED_PARAMETER: Required parameter. (key = options)" },
      {
        body: { options: {}, secretData: "x" },
        status: 400,
        message: "ERROR_INVALID_PARAMETER_TYPE: Parameter type is invalid. (key = secret_data, type = object)",
      },
      { body: '{"options":', status: 400, message: "ERROR_JSON_FORMAT: JSON format is invalid. (request = not valid JSON)" },
    ];
    for (const { body, status, message } of cases) {
      const res = await post(body, accept);
      expect(res.status, message).toBe(status);
      expect(res.headers.get("content-type")).toBe(contentType);
      expect((await allItems(res, format)).map((i) => endOf(format, i))).toEqual([{ error: { code: "invalid_argument", message } }]);
    }
  });
});

describe("JSON streaming requests", () => {
  it("a body over the request limit is refused with ERROR_REQUEST_TOO_LARGE, by Content-Length or by bytes read", async () => {
    const limit = c.running.config.maxRequestBytes;
    const big = JSON.stringify({ options: { pad: "x".repeat(limit) }, secretData: DEMO_SECRET });
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    for (const body of [big, chunked]) {
      const res = await fetch(`${c.running.baseUrl}${COLLECT}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        duplex: "half",
      } as RequestInit);
      expect(res.status).toBe(429); // Connect's HTTP status for resource_exhausted
      expect(await res.json()).toEqual({
        error: { code: "resource_exhausted", message: `ERROR_REQUEST_TOO_LARGE: Request message is larger than the limit. (limit = ${limit} bytes)` },
      });
    }
  });

  it("works over HTTP/2 too, and a Connect client's streaming request is untouched", async () => {
    const session = http2.connect(c.running.baseUrl);
    try {
      const stream = session.request({ ":method": "POST", ":path": COLLECT, "content-type": "application/json" });
      stream.end(JSON.stringify({ options: {}, secretData: DEMO_SECRET, taskOptions: regionTask("us-east-1") }));
      const [headers, text] = await Promise.all([
        new Promise<http2.IncomingHttpHeaders>((resolve) => stream.once("response", resolve)),
        (async () => {
          let out = "";
          for await (const chunk of stream) out += String(chunk);
          return out;
        })(),
      ]);
      expect(headers[":status"]).toBe(200);
      expect(JSON.parse(text.trim().split("\n").at(-1)!)).toEqual({ end: { code: "ok" } });
    } finally {
      session.close();
    }
    // The Connect protocol's own streaming content type keeps its envelopes.
    const res = await fetch(`${c.running.baseUrl}${COLLECT}`, {
      method: "POST",
      headers: { "content-type": "application/connect+json" },
      body: new Uint8Array([0, 0, 0, 0, 2, 123, 125]),
    });
    expect(res.headers.get("content-type")).toBe("application/connect+json");
  });

  it("unary methods keep answering Connect JSON, whatever the accept header", async () => {
    const res = await fetch(`${c.running.baseUrl}/spaceone.api.inventory.plugin.Collector/init`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/x-ndjson" },
      body: '{"options":{}}',
    });
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(Object.keys(((await res.json()) as { metadata: object }).metadata)).toHaveLength(5);
  });
});
