/**
 * Sends one case of the bad-input table (test/support/bad-input-cases.ts) the way its protocol's clients
 * do, and reads what came back into one `Observed` shape: real clients for well-formed messages
 * (@grpc/grpc-js, connect-web's gRPC-Web, connect-node's Connect), fetch and raw HTTP/2 for raw bytes, raw
 * sockets for the abuse of the port.
 */
import { randomBytes } from "node:crypto";
import * as http from "node:http";
import * as http2 from "node:http2";
import * as net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { create, fromBinary, toBinary, toJsonString, type DescMethod } from "@bufbuild/protobuf";
import { type Code, ConnectError, createClient, type Client, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { codeToString } from "@connectrpc/connect/protocol-connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import * as grpc from "@grpc/grpc-js";
import { Health } from "../../gen/grpc/health/v1/health_pb.js";
import { ServerInfo } from "../../gen/spaceone/api/core/v1/server_info_pb.js";
import { Collector, ResourceInfo_State } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { Job } from "../../gen/spaceone/api/inventory/plugin/job_pb.js";
import type { JsonObject } from "../../src/common/json.js";
import { rpcPath, type Abuse, type BadInputCase, type Body, type Rpc } from "./bad-input-cases.js";

export interface Observed {
  /** HTTP status, where the protocol shows one. */
  http?: number;
  /** The RPC's status as Connect names it (`invalid_argument`), and its text. */
  code?: string;
  message?: string;
  /** Messages of a stream before its end: state and message. */
  records?: Array<{ state: string; message: string }>;
  /** The body of a plain HTTP answer, and its JSON when it is JSON. */
  text?: string;
  json?: unknown;
  /** The server closed the connection; `answer` is what it wrote first. */
  closed?: boolean;
  answer?: string;
}

export interface Target {
  port: number;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** Health check and a good call; throws when either fails (the abuse scenarios run it while they hold the server busy). */
  healthy(): Promise<void>;
}

const SERVICES = { Collector, Job, Health, ServerInfo } as const;

function methodOf(rpc: Rpc): DescMethod {
  const [service, method] = rpc.split("/") as [keyof typeof SERVICES, string];
  return SERVICES[service].methods.find((m) => m.name === method)!;
}

const codeName = (code: Code) => codeToString(code);
const STATE_NAMES: Record<number, string> = { [ResourceInfo_State.SUCCESS]: "SUCCESS", [ResourceInfo_State.FAILURE]: "FAILURE" };
const record = (info: { state: number; message: string }) => ({ state: STATE_NAMES[info.state] ?? String(info.state), message: info.message });

export async function send(target: Target, c: BadInputCase): Promise<Observed> {
  const { request } = c;
  switch (request.kind) {
    case "message":
      return sendMessage(target, c.protocol, request.rpc, request.message);
    case "raw":
      return sendRaw(target, c.protocol, request.path, request.method ?? "POST", request.headers ?? {}, request.body);
    case "abuse":
      return SCENARIOS[request.scenario](target);
  }
}

// Well-formed messages through the real clients.

async function sendMessage(target: Target, protocol: string, rpc: Rpc, init: JsonObject): Promise<Observed> {
  const method = methodOf(rpc);
  const message = create(method.input, init as never);
  switch (protocol) {
    case "grpc":
      return grpcJs(target, method, toBinary(method.input, message));
    case "grpc-web":
      return connectClient(createGrpcWebTransport({ baseUrl: target.baseUrl }), method, message);
    case "connect-json":
      return connectClient(createConnectTransport({ baseUrl: target.baseUrl, httpVersion: "1.1", useBinaryFormat: false }), method, message);
    case "connect-proto":
      return connectClient(createConnectTransport({ baseUrl: target.baseUrl, httpVersion: "2", useBinaryFormat: true }), method, message);
    case "ndjson":
    case "sse":
      return sendRaw(target, protocol, rpcPath(rpc), "POST", {}, toJsonString(method.input, message));
    default:
      throw new Error(`no client for ${protocol}`);
  }
}

/** @grpc/grpc-js, the reference gRPC client, with the message already serialized. */
function grpcJs(target: Target, method: DescMethod, bytes: Uint8Array): Promise<Observed> {
  const client = new grpc.Client(`127.0.0.1:${target.port}`, grpc.credentials.createInsecure(), {
    "grpc.max_send_message_length": -1,
    "grpc.max_receive_message_length": -1,
  });
  const path = `/${method.parent.typeName}/${method.name}`;
  const serialize = () => Buffer.from(bytes);
  const deserialize = (b: Buffer) => fromBinary(method.output, b) as unknown as { state: number; message: string };
  const failed = (err: grpc.ServiceError): Observed => ({ code: codeName(err.code as unknown as Code), message: err.details });
  return new Promise<Observed>((resolve) => {
    if (method.methodKind === "unary") {
      client.makeUnaryRequest(path, serialize, deserialize, null, (err) => resolve(err ? failed(err) : { code: "ok" }));
      return;
    }
    const records: Observed["records"] = [];
    const call = client.makeServerStreamRequest(path, serialize, deserialize, null);
    call.on("data", (m: { state: number; message: string }) => records.push(record(m)));
    call.on("error", (err: grpc.ServiceError) => resolve({ ...failed(err), records }));
    call.on("status", (status: grpc.StatusObject) => {
      if (status.code === grpc.status.OK) resolve({ code: "ok", records });
    });
  }).finally(() => client.close());
}

async function connectClient(transport: Transport, method: DescMethod, message: unknown): Promise<Observed> {
  const client = createClient(method.parent, transport) as unknown as Record<string, (m: unknown) => unknown>;
  const call = client[method.localName]!;
  const records: Observed["records"] = [];
  try {
    if (method.methodKind === "unary") await call(message);
    else for await (const m of call(message) as AsyncIterable<{ state: number; message: string }>) records.push(record(m));
    return { code: "ok", records };
  } catch (e) {
    const err = ConnectError.from(e);
    return { code: codeName(err.code), message: err.rawMessage, records };
  }
}

// Raw bytes.

const DEFAULT_CONTENT_TYPE: Record<string, string> = {
  grpc: "application/grpc",
  "grpc-web": "application/grpc-web+proto",
  "connect-json": "application/json",
  "connect-proto": "application/proto",
  ndjson: "application/json",
  sse: "application/json",
};

async function sendRaw(
  target: Target,
  protocol: string,
  path: string,
  method: string,
  extra: Record<string, string>,
  body: Body | undefined,
): Promise<Observed> {
  const headers: Record<string, string> = { ...(DEFAULT_CONTENT_TYPE[protocol] ? { "content-type": DEFAULT_CONTENT_TYPE[protocol] } : {}), ...extra };
  if (protocol === "sse") headers.accept = "text/event-stream";
  if (protocol === "grpc-web") headers["x-grpc-web"] = "1";
  if (protocol === "grpc") return rawGrpc(target, path, headers, body);
  const res = await fetch(`${target.baseUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : Buffer.from(body),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  const contentType = res.headers.get("content-type") ?? "";
  if (protocol === "grpc-web" && contentType.startsWith("application/grpc-web")) return grpcWebStatus(res.status, res.headers, bytes);
  if (contentType.startsWith("application/connect+")) return connectEndStream(res.status, bytes);
  if (protocol === "ndjson" || protocol === "sse") return jsonStream(res.status, bytes.toString("utf8"), protocol);
  const text = bytes.toString("utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  const error = json as { code?: string; message?: string } | undefined;
  const isRpcError = contentType.startsWith("application/json") && typeof error?.code === "string" && typeof error.message === "string";
  return { http: res.status, text, json, ...(isRpcError ? { code: error.code, message: error.message } : {}) };
}

/** gRPC over a raw HTTP/2 stream: the status from the trailers (or the headers, trailers-only). */
function rawGrpc(target: Target, path: string, headers: Record<string, string>, body: Body | undefined): Promise<Observed> {
  const session = http2.connect(target.baseUrl);
  session.on("error", () => {});
  return new Promise<Observed>((resolve, reject) => {
    const req = session.request({ ":method": "POST", ":path": path, te: "trailers", ...headers });
    let status: Record<string, string | string[] | number | undefined> = {};
    req.on("response", (h: http2.IncomingHttpHeaders & http2.IncomingHttpStatusHeader) => {
      status = { ...h };
    });
    req.on("trailers", (t: http2.IncomingHttpHeaders) => {
      status = { ...status, ...t };
    });
    req.on("data", () => {});
    req.on("error", reject);
    req.on("end", () => {
      const grpcStatus = status["grpc-status"];
      if (grpcStatus === undefined) return resolve({ http: Number(status[":status"]) });
      resolve({
        http: Number(status[":status"]),
        code: codeName(Number(grpcStatus)),
        message: decodeURIComponent(String(status["grpc-message"] ?? "")),
      });
    });
    req.end(body === undefined ? undefined : Buffer.from(body));
  }).finally(() => session.close());
}

/** The 5-byte envelopes of a body: flags and payload. */
function envelopes(bytes: Buffer): Array<{ flags: number; payload: Buffer }> {
  const out: Array<{ flags: number; payload: Buffer }> = [];
  for (let at = 0; at + 5 <= bytes.length;) {
    const size = bytes.readUInt32BE(at + 1);
    out.push({ flags: bytes[at]!, payload: bytes.subarray(at + 5, at + 5 + size) });
    at += 5 + size;
  }
  return out;
}

function grpcWebStatus(http: number, headers: Headers, bytes: Buffer): Observed {
  let fields = new Map<string, string>();
  if (headers.get("grpc-status") !== null)
    fields = new Map([
      ["grpc-status", headers.get("grpc-status")!],
      ["grpc-message", headers.get("grpc-message") ?? ""],
    ]);
  const trailer = envelopes(bytes).find((e) => (e.flags & 0x80) !== 0);
  for (const line of trailer?.payload.toString("latin1").split("\r\n") ?? []) {
    const colon = line.indexOf(":");
    if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const code = fields.get("grpc-status");
  return { http, ...(code === undefined ? {} : { code: codeName(Number(code)), message: decodeURIComponent(fields.get("grpc-message") ?? "") }) };
}

function connectEndStream(http: number, bytes: Buffer): Observed {
  const end = envelopes(bytes).find((e) => (e.flags & 0x02) !== 0);
  const error = end ? (JSON.parse(end.payload.toString("utf8")) as { error?: { code: string; message: string } }).error : undefined;
  return { http, code: error ? error.code : "ok", message: error?.message };
}

function jsonStream(http: number, text: string, format: "ndjson" | "sse"): Observed {
  const items =
    format === "ndjson"
      ? text
          .split("\n")
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Record<string, unknown>)
      : text
          .split("\n\n")
          .filter(Boolean)
          .map((event) => {
            const name = /^event: (\w+)$/m.exec(event)?.[1] ?? "message";
            const data = JSON.parse(/^data: (.*)$/m.exec(event)?.[1] ?? "null") as unknown;
            return name === "message" ? (data as Record<string, unknown>) : { [name]: data };
          });
  const last = items.at(-1) as { end?: unknown; error?: { code: string; message: string } } | undefined;
  const records = items.slice(0, -1).map((r) => ({ state: String(r.state), message: typeof r.message === "string" ? r.message : "" }));
  if (last?.error) return { http, code: last.error.code, message: last.error.message, records };
  return { http, code: last?.end ? "ok" : undefined, records };
}

// Abuse of the port.

/** Connects, writes what `script` writes, and collects everything the server sends until it closes (or `timeoutMs`). */
async function socketSession(
  target: Target,
  script: (socket: net.Socket, closed: () => boolean) => Promise<void> | void,
  timeoutMs = 30_000,
): Promise<Observed> {
  const socket = net.connect(target.port, "127.0.0.1");
  const chunks: Buffer[] = [];
  let closed = false;
  socket.on("data", (c: Buffer) => chunks.push(c));
  socket.on("error", () => {});
  const done = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  void done.then(() => (closed = true));
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  await script(socket, () => closed);
  await Promise.race([done, sleep(timeoutMs)]);
  if (!closed) socket.destroy();
  return { closed, answer: Buffer.concat(chunks).toString("latin1") };
}

/** Writes `line` every 250 ms until the server closes the connection. */
async function trickle(socket: net.Socket, closed: () => boolean, line: string): Promise<void> {
  for (let i = 0; i < 240 && !closed(); i++) {
    await sleep(250);
    if (!closed()) socket.write(line);
  }
}

const H2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

async function idleConnections(target: Target): Promise<Observed> {
  const n = 1000;
  const open: Array<{ destroy(): void }> = [];
  try {
    // Never speak: the sniffer closes them.
    for (let i = 0; i < n; i++) {
      if (i % 100 === 99) await sleep(1);
      const s = net.connect(target.port, "127.0.0.1");
      s.on("error", () => {});
      open.push(s);
    }
    // HTTP/1.1 keep-alive after one answer (an agent each, so none is reused), and HTTP/2 sessions after one call: both stay open.
    const h1 = () => {
      const agent = new http.Agent({ keepAlive: true });
      open.push(agent);
      return getHealthz(target, agent);
    };
    const h2 = async () => {
      const session = http2.connect(target.baseUrl);
      session.on("error", () => {});
      open.push(session);
      await new Promise<void>((resolve, reject) => {
        const req = session.request({ ":path": "/healthz" });
        req.on("response", (h) => (h[":status"] === 200 ? resolve() : reject(new Error(`HTTP/2 /healthz: ${h[":status"]}`))));
        req.on("error", reject);
        req.resume();
        req.end();
      });
    };
    // In batches, so that a busy client does not itself look like a slow one to the sniffer.
    for (let i = 0; i < 2 * n; i += 100) await Promise.all(Array.from({ length: 100 }, (_, j) => (j % 2 === 0 ? h1() : h2())));
    await target.healthy();
  } finally {
    for (const c of open) c.destroy();
  }
  return {};
}

function getHealthz(target: Target, agent: http.Agent): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    http
      .get(`${target.baseUrl}/healthz`, { agent }, (res) => {
        res.resume();
        res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`/healthz: ${res.statusCode}`))));
      })
      .on("error", reject);
  });
}

async function rapidReset(target: Target): Promise<Observed> {
  const session = http2.connect(target.baseUrl);
  session.on("error", () => {});
  let goaway: number | undefined;
  session.on("goaway", (code: number) => {
    goaway = code;
  });
  await new Promise<void>((resolve) => session.once("connect", () => resolve()));
  try {
    for (let i = 0; i < 5000 && !session.closed && !session.destroyed; i++) {
      const req = session.request({ ":method": "POST", ":path": rpcPath("Collector/init"), "content-type": "application/grpc", te: "trailers" });
      req.on("error", () => {});
      req.close(http2.constants.NGHTTP2_CANCEL);
      if (i % 100 === 99) await sleep(0);
    }
    // A PING is answered after every frame before it: the server has seen the whole flood (or sent GOAWAY).
    if (!session.destroyed && goaway === undefined) await new Promise<void>((resolve) => session.ping(() => resolve()) || resolve());
  } finally {
    session.destroy();
  }
  return { answer: goaway === undefined ? "no GOAWAY" : `GOAWAY ${goaway}` };
}

async function hugeH2Headers(target: Target): Promise<Observed> {
  const session = http2.connect(target.baseUrl, { maxSendHeaderBlockLength: 4 * 1024 * 1024 });
  session.on("error", () => {});
  try {
    return await new Promise<Observed>((resolve) => {
      const req = session.request({ ":path": "/healthz", "x-big": "a".repeat(1024 * 1024) });
      req.on("response", (h) => resolve({ closed: false, answer: `HTTP/2 ${h[":status"]}` }));
      req.on("error", () => resolve({ closed: true }));
      req.on("close", () => resolve({ closed: true }));
      req.end();
    });
  } finally {
    session.destroy();
  }
}

const SCENARIOS: Record<Abuse, (target: Target) => Promise<Observed>> = {
  "random-bytes": (t) => socketSession(t, (s) => void s.write(Buffer.concat([Buffer.from([1]), randomBytes(4095)]))),
  "h2-preface-then-garbage": (t) => socketSession(t, (s) => void s.write(Buffer.concat([Buffer.from(H2_PREFACE, "latin1"), randomBytes(4096)]))),
  "silent-connection": (t) => socketSession(t, () => {}),
  "slow-headers": (t) => socketSession(t, (s, closed) => (s.write("GET /healthz HTTP/1.1\r\nHost: x\r\n"), trickle(s, closed, "X-Slow: 1\r\n"))),
  "slow-body": (t) =>
    socketSession(
      t,
      (s, closed) => (
        s.write(`POST ${rpcPath("Collector/init")} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`),
        trickle(s, closed, " ")
      ),
    ),
  "header-overflow": (t) => socketSession(t, (s) => void s.write(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(1024 * 1024)}\r\n\r\n`)),
  "conflicting-length": (t) =>
    socketSession(t, (s) => void s.write("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")),
  "pipelined-requests": async (t) => {
    const seen = await socketSession(
      t,
      (s) => void s.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".repeat(1000) + "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
    );
    const answered = seen.answer?.match(/HTTP\/1\.1 200 /g)?.length ?? 0;
    if (answered !== 1001) throw new Error(`pipelined: ${answered} of 1001 requests answered`);
    return {};
  },
  "idle-connections": idleConnections,
  "h2-rapid-reset": rapidReset,
  "h2-huge-headers": hugeH2Headers,
};

/** A Collector client over gRPC (HTTP/2), for the good call after each case. */
export function goodCallClient(baseUrl: string): Client<typeof Collector> {
  return createClient(Collector, createGrpcTransport({ baseUrl }));
}
