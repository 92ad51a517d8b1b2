/**
 * What crosses the gateway besides messages, seen from inside the upstream: an
 * upstream in this process (the server kit with a Collector whose `init`
 * records what its call carried) behind the gateway process. The caller's
 * deadline arrives as the upstream call's own deadline, never longer;
 * Cloudforet's `token`, `traceparent` and custom metadata arrive; the
 * upstream's own response headers and trailers come back to the caller.
 */
import { create } from "@bufbuild/protobuf";
import { createClient, type HandlerContext } from "@connectrpc/connect";
import { createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Collector, PluginInfoSchema } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { loadConfig } from "../../src/common/config.js";
import { createLogger } from "../../src/common/log.js";
import { rpcService } from "../../src/server/rpc/rpc-service.js";
import { createServer, type PluginServer } from "../../src/server/server.js";
import { ensureBuilt } from "../server/built.js";
import { serve, untilReadiness, type Served } from "./processes.js";

interface Seen {
  timeoutMs: number | undefined;
  headers: Record<string, string | null>;
}

const seen: Seen[] = [];
let upstream: PluginServer;
let gateway: Served;

beforeAll(async () => {
  ensureBuilt();
  const unimplemented = () => Promise.reject(new Error("not used"));
  upstream = createServer(loadConfig(["--port", "0", "--host", "127.0.0.1"]), {
    services: [
      rpcService(
        Collector,
        {
          init(_req, ctx: HandlerContext) {
            seen.push({
              timeoutMs: ctx.timeoutMs(),
              headers: Object.fromEntries(["token", "traceparent", "x-custom", "grpc-timeout"].map((name) => [name, ctx.requestHeader.get(name)])),
            });
            ctx.responseHeader.set("x-upstream-header", "h");
            ctx.responseTrailer.set("x-upstream-trailer", "t");
            return create(PluginInfoSchema, { metadata: { from: "upstream" } });
          },
          verify: unimplemented,
          // eslint-disable-next-line require-yield -- never called
          async *collect() {
            await unimplemented();
          },
        },
        { worker: true },
      ),
    ],
    logger: createLogger({ level: "error", write: () => {} }),
  });
  const { port } = await upstream.listen();
  gateway = await serve(["--upstream", `127.0.0.1:${port}`]);
  await untilReadiness(gateway.baseUrl);
}, 120_000);
afterAll(async () => {
  await gateway?.stop();
  await upstream?.shutdown();
});

describe("deadline and metadata across the gateway", { timeout: 60_000 }, () => {
  it.each([
    ["gRPC", () => createGrpcTransport({ baseUrl: gateway.baseUrl })],
    ["gRPC-Web", () => createGrpcWebTransport({ baseUrl: gateway.baseUrl, httpVersion: "1.1" })],
  ])("%s: the caller's deadline, token, traceparent and custom metadata reach the upstream; its headers and trailers come back", async (_, transport) => {
    seen.length = 0;
    const traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    let header: Headers | undefined;
    let trailer: Headers | undefined;
    const answer = await createClient(Collector, transport()).init(
      { options: {} },
      { timeoutMs: 120_000, headers: { token: "user-token", traceparent, "x-custom": "c" }, onHeader: (h) => (header = h), onTrailer: (t) => (trailer = t) },
    );
    expect(answer.metadata).toEqual({ from: "upstream" });
    expect(seen).toHaveLength(1);
    const [call] = seen;
    // Its own deadline, what was left of the caller's when the gateway forwarded it.
    expect(call!.timeoutMs).toBeGreaterThan(0);
    expect(call!.timeoutMs).toBeLessThanOrEqual(120_000);
    expect(call!.headers).toMatchObject({ token: "user-token", traceparent, "x-custom": "c" });
    expect(header?.get("x-upstream-header")).toBe("h");
    expect(trailer?.get("x-upstream-trailer")).toBe("t");
  });

  it("a call without a deadline has none upstream either", async () => {
    seen.length = 0;
    await createClient(Collector, createGrpcTransport({ baseUrl: gateway.baseUrl })).init({ options: {} });
    expect(seen.map((s) => [s.timeoutMs, s.headers["grpc-timeout"]])).toEqual([[undefined, null]]);
  });
});
