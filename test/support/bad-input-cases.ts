/**
 * The bad-input table (test/server/bad-input.test.ts): one row per case, naming the protocol, what is sent
 * and what must come back. Adding a case is adding a row; test/support/bad-input-send.ts knows how to send
 * each kind of request and reads what came back.
 *
 * The server under test is the compiled one in `--demo` (real engine, AWS answered by its replay) with
 * `--compression gzip` (so compressed requests are inflated: the gzip bomb reaches the limit),
 * `--sniff-timeout-ms 5000` and `--http1-request-timeout-ms 5000` (slow clients are cut in seconds).
 */
import { gzipSync } from "node:zlib";
import { create, toBinary } from "@bufbuild/protobuf";
import { InitRequestSchema } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import type { JsonObject } from "../../src/common/json.js";
import { CANARY_SECRET, CANARY_SECRET_ACCESS_KEY, DEMO_SECRET } from "./canary.js";
import { envelope } from "./universal-request.js";

/** How a case reaches the server. */
export type Protocol =
  | "grpc" // @grpc/grpc-js, or raw HTTP/2 frames
  | "grpc-web" // connect-web over HTTP/1.1 (fetch), or raw fetch
  | "connect-json" // connect-node over HTTP/1.1, or raw fetch
  | "connect-proto" // connect-node over HTTP/2, or raw fetch
  | "ndjson" // the JSON streaming route (fetch)
  | "sse"
  | "http" // /healthz, /readyz, /metrics, /openapi.json, the console
  | "replay" // /replay/<set>/_stats, _faults and the AWS endpoint
  | "tcp" // raw sockets
  | "h2"; // raw HTTP/2 sessions

/** The plugin's RPCs, as `Service/method`. */
export type Rpc = "Collector/init" | "Collector/verify" | "Collector/collect" | "Job/get_tasks" | "Health/Check" | "ServerInfo/get_version";

/** The wire path of `rpc`. */
export function rpcPath(rpc: Rpc): string {
  const [service, method] = rpc.split("/") as [string, string];
  const pkg = service === "Health" ? "grpc.health.v1" : service === "ServerInfo" ? "spaceone.api.core.v1" : "spaceone.api.inventory.plugin";
  return `/${pkg}.${service}/${method}`;
}

export type Body = string | Uint8Array;

export type Request =
  /** A message sent by the protocol's real client (proto3 field names in lowerCamelCase, as connect-es writes them). */
  | { kind: "message"; rpc: Rpc; message: JsonObject }
  /** Bytes as they are: the protocol's default content type unless `headers` says otherwise. */
  | { kind: "raw"; path: string; method?: string; headers?: Record<string, string>; body?: Body }
  /** A socket-level scenario of test/support/bad-input-send.ts. */
  | { kind: "abuse"; scenario: Abuse };

export type Abuse =
  | "random-bytes"
  | "h2-preface-then-garbage"
  | "silent-connection"
  | "slow-headers"
  | "slow-body"
  | "header-overflow"
  | "conflicting-length"
  | "pipelined-requests"
  | "idle-connections"
  | "h2-rapid-reset"
  | "h2-huge-headers";

export type Expected =
  /** The RPC fails with this code (Connect's name) and text; `http` for the protocols that show one. */
  | { error: { code: string; message: string | RegExp; http?: number } }
  /** The call succeeds. */
  | { ok: true }
  /** The stream ends OK and every record is an ErrorResource whose message matches. */
  | { failedRecords: RegExp }
  /** A plain HTTP answer: status, and (a subset of) its JSON body or a pattern of its text. */
  | { http: number; json?: Record<string, unknown>; text?: RegExp }
  /** The connection is closed, after an answer starting with `answer` when given. */
  | { closed: true; answer?: RegExp }
  /** Nothing to read: the server must only stay healthy (checked after every case). */
  | { survives: true };

export interface BadInputCase {
  name: string;
  protocol: Protocol;
  request: Request;
  expect: Expected;
}

// Builders, so that each row stays one line.
const message = (rpc: Rpc, m: JsonObject): Request => ({ kind: "message", rpc, message: m });
const raw = (path: string, body?: Body, headers?: Record<string, string>, method?: string): Request => ({ kind: "raw", path, body, headers, method });
const abuse = (scenario: Abuse): Request => ({ kind: "abuse", scenario });
const error = (code: string, text: string | RegExp, http?: number): Expected => ({ error: { code, message: text, ...(http ? { http } : {}) } });
const invalid = (text: string | RegExp, http?: number) => error("invalid_argument", text, http);

const LIMIT = 4 * 1024 * 1024;
const TOO_LARGE = `ERROR_REQUEST_TOO_LARGE: Request message is larger than the limit. (limit = ${LIMIT} bytes)`;
const json = (value: unknown) => JSON.stringify(value);
const utf8 = (text: string) => new TextEncoder().encode(text);
/** One gRPC / Connect-streaming envelope around `payload`. */
const frame = (payload: Uint8Array, flags = 0) => envelope(payload.length, payload, flags);
const concat = (...parts: Uint8Array[]) => Buffer.concat(parts);
/** A gzip member that inflates to 16 MiB (four times the limit) from about 16 KiB. */
const GZIP_BOMB = gzipSync(Buffer.alloc(16 * 1024 * 1024));
/** Lists nested `depth` deep: `[[[…]]]`. */
const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
/** Not a valid protobuf message of any request type (wire type 7 does not exist). */
const GARBAGE = Uint8Array.from([0x0f, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x07]);

const INIT = rpcPath("Collector/init");
const VERIFY = rpcPath("Collector/verify");
const COLLECT = rpcPath("Collector/collect");
const HEALTH = rpcPath("Health/Check");
const region = (code: string) => ({ resource_type: "inventory.CloudService", service: "EC2", region: code });

/**
 * Well-formed messages with bad content, sent by each protocol's real client: one row here is one case per
 * protocol (the Connect JSON route of `collect` is the NDJSON one, tested below).
 */
const MESSAGE_CASES: Array<[name: string, rpc: Rpc, message: JsonObject, expected: Expected]> = [
  ["missing options", "Collector/init", {}, invalid("ERROR_REQUIRED_PARAMETER: Required parameter. (key = options)")],
  ["missing secret_data", "Job/get_tasks", { options: {} }, invalid("ERROR_REQUIRED_PARAMETER: Required parameter. (key = secret_data)")],
  [
    "secret without its secret key",
    "Collector/verify",
    { options: {}, secretData: { aws_access_key_id: "AKIADEMO111111111111", aws_session_token: DEMO_SECRET.aws_session_token } },
    invalid("ERROR_REQUIRED_PARAMETER: Required parameter. (key = secret_data.aws_secret_access_key)"),
  ],
  [
    "secret key id of the wrong type",
    "Collector/verify",
    { options: {}, secretData: { ...CANARY_SECRET, aws_access_key_id: 5 } },
    invalid("ERROR_INVALID_PARAMETER_TYPE: Parameter type is invalid. (key = secret_data.aws_access_key_id, type = str)"),
  ],
  [
    "secret key as an object",
    "Collector/verify",
    { options: {}, secretData: { ...CANARY_SECRET, aws_secret_access_key: { nested: CANARY_SECRET_ACCESS_KEY } } },
    invalid("ERROR_INVALID_PARAMETER_TYPE: Parameter type is invalid. (key = secret_data.aws_secret_access_key, type = str)"),
  ],
  [
    "session token of the wrong type",
    "Job/get_tasks",
    { options: {}, secretData: { ...DEMO_SECRET, aws_session_token: true } },
    invalid("ERROR_INVALID_PARAMETER_TYPE: Parameter type is invalid. (key = secret_data.aws_session_token, type = str)"),
  ],
  [
    "keys AWS does not know",
    "Collector/verify",
    { options: {}, secretData: CANARY_SECRET },
    invalid(/^ERROR_INVALID_CREDENTIALS: AWS rejected the credentials\. \(reason = InvalidClientTokenId: /),
  ],
  [
    "a role ARN that is not one",
    "Collector/verify",
    { options: {}, secretData: { ...DEMO_SECRET, role_arn: "not-an-arn" } },
    invalid(
      "ERROR_INVALID_PARAMETER: Parameter is invalid. (key = secret_data.role_arn, reason = not an IAM role ARN (arn:<partition>:iam::<account>:role/<name>))",
    ),
  ],
  [
    "region_filter not a list",
    "Job/get_tasks",
    { options: { region_filter: "us-east-1" }, secretData: DEMO_SECRET },
    invalid('ERROR_INVALID_PARAMETER: Parameter is invalid. (key = options.region_filter, reason = region_filter must be a list of strings, got "us-east-1")'),
  ],
  [
    "region_filter with an unknown region",
    "Job/get_tasks",
    { options: { region_filter: ["xx-nowhere-1"] }, secretData: DEMO_SECRET },
    invalid("ERROR_INVALID_PARAMETER: Parameter is invalid. (key = options.region_filter, reason = not enabled for the account or unknown: xx-nowhere-1)"),
  ],
  [
    "region_filter nested deep",
    "Job/get_tasks",
    { options: { region_filter: JSON.parse(nested(32)) as JsonObject }, secretData: DEMO_SECRET },
    invalid(/^ERROR_INVALID_PARAMETER: Parameter is invalid\. \(key = options\.region_filter, reason = region_filter must be a list of strings, got \[\[\[/),
  ],
  [
    "an unknown service",
    "Job/get_tasks",
    { options: { service_filter: ["S3"] }, secretData: DEMO_SECRET },
    invalid('ERROR_INVALID_PARAMETER: Parameter is invalid. (key = options.service_filter, reason = unknown service "S3"; supported: EC2)'),
  ],
  [
    "vulnerable ports that are not ports",
    "Collector/verify",
    { options: { vulnerable_ports: "22,abc" }, secretData: DEMO_SECRET },
    invalid("ERROR_VULNERABLE_PORTS: Vulnerable port option settings are incorrect. : 22,abc"),
  ],
  [
    "enrichment switch of the wrong type",
    "Collector/verify",
    { options: { per_item_enrichment: "yes" }, secretData: DEMO_SECRET },
    invalid("ERROR_INVALID_PARAMETER_TYPE: Parameter type is invalid. (key = options.per_item_enrichment, type = bool)"),
  ],
  [
    "an endpoint override the server does not allow",
    "Collector/verify",
    { options: { endpoint_url: "http://attacker.example" }, secretData: DEMO_SECRET },
    invalid("ERROR_INVALID_PARAMETER: Parameter is invalid. (key = options.endpoint_url, reason = endpoint override is disabled by the server configuration)"),
  ],
  [
    "an unknown task type",
    "Collector/collect",
    { options: {}, secretData: DEMO_SECRET, filter: {}, taskOptions: { resource_type: "inventory.Bogus" } },
    invalid('ERROR_INVALID_PARAMETER: Parameter is invalid. (key = task_options.resource_type, reason = unsupported task "inventory.Bogus")'),
  ],
  [
    "a region task without its region",
    "Collector/collect",
    { options: {}, secretData: DEMO_SECRET, filter: {}, taskOptions: { resource_type: "inventory.CloudService", service: "EC2" } },
    invalid("ERROR_REQUIRED_PARAMETER: Required parameter. (key = task_options.region)"),
  ],
  [
    "a region code that is not one",
    "Collector/collect",
    { options: {}, secretData: DEMO_SECRET, filter: {}, taskOptions: region("../../etc/passwd") },
    invalid("ERROR_INVALID_PARAMETER: Parameter is invalid. (key = task_options.region, reason = not an AWS region code)"),
  ],
  [
    "a region task of another service",
    "Collector/collect",
    { options: {}, secretData: DEMO_SECRET, filter: {}, taskOptions: { ...region("us-east-1"), service: "S3" } },
    invalid('ERROR_INVALID_PARAMETER: Parameter is invalid. (key = task_options.service, reason = unknown service "S3"; supported: EC2)'),
  ],
  [
    "a region list that is not a list",
    "Collector/collect",
    { options: {}, secretData: DEMO_SECRET, filter: {}, taskOptions: { resource_type: "inventory.Region", regions: "us-east-1" } },
    invalid("ERROR_INVALID_PARAMETER: Parameter is invalid. (key = task_options.regions, reason = must be a list of strings)"),
  ],
  [
    "a region the account does not have",
    "Collector/collect",
    { options: {}, secretData: DEMO_SECRET, filter: {}, taskOptions: region("xx-nowhere-1") },
    { failedRecords: /region = xx-nowhere-1/ },
  ],
  ["options over the size limit", "Collector/init", { options: { pad: "x".repeat(LIMIT + 1) } }, error("resource_exhausted", TOO_LARGE, 429)],
  ["deeply nested options (ignored by init)", "Collector/init", { options: { deep: JSON.parse(nested(32)) as JsonObject } }, { ok: true }],
];

const MESSAGE_PROTOCOLS = ["grpc", "grpc-web", "connect-json", "connect-proto"] as const;

export const BAD_INPUT_CASES: BadInputCase[] = [
  ...MESSAGE_CASES.flatMap(([name, rpc, m, expected]) =>
    MESSAGE_PROTOCOLS.filter((p) => p !== "connect-json" || rpc !== "Collector/collect").map((protocol) => ({
      name,
      protocol,
      request: message(rpc, m),
      expect: expected,
    })),
  ),
  ...MESSAGE_CASES.filter(([, rpc]) => rpc === "Collector/collect").map(([name, rpc, m, expected]) => ({
    name,
    protocol: "ndjson" as const,
    request: message(rpc, m),
    expect: expected,
  })),

  // Connect JSON from curl and scripts.
  {
    name: "malformed JSON",
    protocol: "connect-json",
    request: raw(INIT, '{"options":'),
    expect: invalid("ERROR_JSON_FORMAT: JSON format is invalid. (request = not valid JSON)"),
  },
  {
    name: "truncated JSON holding a secret",
    protocol: "connect-json",
    request: raw(VERIFY, `{"options":{},"secret_data":{"aws_secret_access_key":"${CANARY_SECRET_ACCESS_KEY}`),
    expect: invalid("ERROR_JSON_FORMAT: JSON format is invalid. (request = not valid JSON)"),
  },
  {
    name: "an empty body",
    protocol: "connect-json",
    request: raw(INIT, ""),
    expect: invalid("ERROR_JSON_FORMAT: JSON format is invalid. (request = not valid JSON)"),
  },
  {
    name: "JSON null",
    protocol: "connect-json",
    request: raw(INIT, "null"),
    expect: invalid("ERROR_INVALID_PARAMETER_TYPE: Parameter type is invalid. (key = request, type = object)"),
  },
  {
    name: "options as a string",
    protocol: "connect-json",
    request: raw(INIT, json({ options: "abc" })),
    expect: invalid("ERROR_INVALID_PARAMETER_TYPE: Parameter type is invalid. (key = options, type = object)"),
  },
  {
    name: "secret_data as a list",
    protocol: "connect-json",
    request: raw(VERIFY, json({ options: {}, secret_data: [CANARY_SECRET_ACCESS_KEY] })),
    expect: invalid("ERROR_INVALID_PARAMETER_TYPE: Parameter type is invalid. (key = secret_data, type = object)"),
  },
  {
    name: "an unknown field",
    protocol: "connect-json",
    request: raw(INIT, json({ options: {}, bogus: 1 })),
    expect: invalid("ERROR_INVALID_PARAMETER: Parameter is invalid. (key = bogus, reason = unknown field)"),
  },
  {
    name: "a misspelt task_options (would collect everything)",
    protocol: "connect-json",
    request: raw(VERIFY, json({ options: {}, secretData: DEMO_SECRET, taskOption: {} })),
    expect: invalid("ERROR_INVALID_PARAMETER: Parameter is invalid. (key = taskOption, reason = unknown field)"),
  },
  {
    name: "a scalar field of the wrong type",
    protocol: "connect-json",
    request: raw(HEALTH, json({ service: 5 })),
    expect: invalid("ERROR_INVALID_PARAMETER_TYPE: Parameter type is invalid. (key = service, type = string)"),
  },
  {
    name: "JSON nested 100,000 deep",
    protocol: "connect-json",
    request: raw(INIT, `{"options":{"a":${nested(100_000)}}}`),
    expect: invalid("ERROR_INVALID_PARAMETER: Parameter is invalid. (key = options, reason = nested too deep)"),
  },
  {
    name: "a body over the limit",
    protocol: "connect-json",
    request: raw(INIT, json({ options: { pad: "x".repeat(LIMIT) } })),
    expect: error("resource_exhausted", TOO_LARGE, 429),
  },
  {
    name: "a gzip body that inflates past the limit",
    protocol: "connect-json",
    request: raw(INIT, GZIP_BOMB, { "content-encoding": "gzip" }),
    expect: error("resource_exhausted", TOO_LARGE, 429),
  },
  {
    name: "an encoding the server does not offer",
    protocol: "connect-json",
    request: raw(INIT, json({ options: {} }), { "content-encoding": "snappy" }),
    expect: error("unimplemented", "ERROR_NOT_SUPPORTED_ENCODING: Content encoding is not supported. (encoding = snappy, supported = gzip, identity)", 501),
  },
  {
    name: "a timeout that is not a number",
    protocol: "connect-json",
    request: raw(INIT, json({ options: {} }), { "connect-timeout-ms": "soon" }),
    expect: invalid("ERROR_INVALID_PARAMETER: Parameter is invalid. (key = connect-timeout-ms, reason = not a timeout: soon)"),
  },
  {
    name: "a form-encoded POST (curl -d without a content type)",
    protocol: "connect-json",
    request: raw(INIT, "options={}", { "content-type": "application/x-www-form-urlencoded" }),
    expect: error(
      "unimplemented",
      /^ERROR_NOT_SUPPORTED_CONTENT_TYPE: Content type is not supported\. \(content_type = application\/x-www-form-urlencoded, supported = application\/json, /,
      415,
    ),
  },
  {
    name: "text/plain",
    protocol: "connect-json",
    request: raw(INIT, "{}", { "content-type": "text/plain" }),
    expect: error("unimplemented", /^ERROR_NOT_SUPPORTED_CONTENT_TYPE: Content type is not supported\. \(content_type = text\/plain, /, 415),
  },
  {
    name: "no content type",
    protocol: "connect-json",
    request: raw(INIT, "{}", { "content-type": "" }),
    expect: error("unimplemented", /^ERROR_NOT_SUPPORTED_CONTENT_TYPE: Content type is not supported\. \(content_type = none, /, 415),
  },
  {
    name: "a GET of an RPC",
    protocol: "connect-json",
    request: raw(INIT, undefined, {}, "GET"),
    expect: error("unimplemented", "ERROR_NOT_SUPPORTED_HTTP_METHOD: HTTP method is not supported. (method = GET, supported = POST)", 405),
  },
  {
    name: "a PUT of an RPC",
    protocol: "connect-json",
    request: raw(VERIFY, "{}", {}, "PUT"),
    expect: error("unimplemented", "ERROR_NOT_SUPPORTED_HTTP_METHOD: HTTP method is not supported. (method = PUT, supported = POST)", 405),
  },
  {
    name: "an unknown method",
    protocol: "connect-json",
    request: raw("/spaceone.api.inventory.plugin.Job/getTasks", "{}"),
    expect: { http: 404, json: { error: "not found" } },
  },

  // Connect binary.
  {
    name: "bytes that are not protobuf",
    protocol: "connect-proto",
    request: raw(INIT, GARBAGE),
    expect: invalid(
      /^ERROR_INVALID_PARAMETER: Parameter is invalid\. \(key = request, reason = not a valid spaceone\.api\.inventory\.plugin\.InitRequest in protobuf binary/,
    ),
  },
  {
    name: "a streaming content type for a unary method",
    protocol: "connect-proto",
    request: raw(INIT, frame(new Uint8Array()), { "content-type": "application/connect+proto" }),
    expect: error(
      "unimplemented",
      /^ERROR_NOT_SUPPORTED_CONTENT_TYPE: .*\(content_type = application\/connect\+proto, supported = application\/json, application\/proto, /,
      415,
    ),
  },
  {
    name: "a Connect stream whose envelope is cut short",
    protocol: "connect-proto",
    request: raw(COLLECT, envelope(100, utf8("abc")), { "content-type": "application/connect+proto" }),
    expect: invalid("ERROR_INVALID_PARAMETER: Parameter is invalid. (key = request, reason = message truncated: 3 of 100 bytes)", 200),
  },

  // gRPC on raw HTTP/2 (what grpc-js would never send).
  {
    name: "garbage in a well-formed envelope",
    protocol: "grpc",
    request: raw(INIT, frame(GARBAGE)),
    expect: invalid(
      /^ERROR_INVALID_PARAMETER: Parameter is invalid\. \(key = request, reason = not a valid spaceone\.api\.inventory\.plugin\.InitRequest in protobuf binary/,
    ),
  },
  {
    name: "a Struct nested past the decoder's depth",
    protocol: "grpc",
    request: raw(INIT, frame(toBinary(InitRequestSchema, create(InitRequestSchema, { options: { a: JSON.parse(nested(80)) as JsonObject } })))),
    expect: invalid(
      /^ERROR_INVALID_PARAMETER: Parameter is invalid\. \(key = request, reason = not a valid spaceone\.api\.inventory\.plugin\.InitRequest in protobuf binary: .*maximum recursion depth/,
    ),
  },
  {
    name: "an envelope cut short",
    protocol: "grpc",
    request: raw(INIT, envelope(100, utf8("abc"))),
    expect: invalid("ERROR_INVALID_PARAMETER: Parameter is invalid. (key = request, reason = message truncated: 3 of 100 bytes)"),
  },
  {
    name: "an envelope header cut short",
    protocol: "grpc",
    request: raw(INIT, Uint8Array.from([0, 0, 0])),
    expect: invalid("ERROR_INVALID_PARAMETER: Parameter is invalid. (key = request, reason = message truncated: 3 of 5 header bytes)"),
  },
  {
    name: "no message for a unary call",
    protocol: "grpc",
    request: raw(INIT, new Uint8Array()),
    expect: invalid("ERROR_INVALID_PARAMETER: Parameter is invalid. (key = request, reason = no request message)"),
  },
  {
    name: "two messages for a unary call",
    protocol: "grpc",
    request: raw(INIT, concat(frame(new Uint8Array()), frame(new Uint8Array()))),
    expect: invalid("ERROR_INVALID_PARAMETER: Parameter is invalid. (key = request, reason = more than one request message)"),
  },
  {
    name: "a compressed flag without grpc-encoding",
    protocol: "grpc",
    request: raw(INIT, frame(GZIP_BOMB.subarray(0, 64), 1)),
    expect: invalid("ERROR_INVALID_PARAMETER: Parameter is invalid. (key = request, reason = compressed message without an encoding)"),
  },
  {
    name: "a gzip message that inflates past the limit",
    protocol: "grpc",
    request: raw(INIT, frame(GZIP_BOMB, 1), { "grpc-encoding": "gzip" }),
    expect: error("resource_exhausted", TOO_LARGE),
  },
  {
    name: "an envelope declaring 4 GiB",
    protocol: "grpc",
    request: raw(COLLECT, Uint8Array.from([0, 0xff, 0xff, 0xff, 0xff, 1, 2, 3])),
    expect: error("resource_exhausted", TOO_LARGE),
  },
  {
    name: "an encoding the server does not offer",
    protocol: "grpc",
    request: raw(INIT, frame(new Uint8Array(), 1), { "grpc-encoding": "snappy" }),
    expect: error("unimplemented", "ERROR_NOT_SUPPORTED_ENCODING: Content encoding is not supported. (encoding = snappy, supported = gzip, identity)"),
  },
  {
    name: "a grpc-timeout that is not one",
    protocol: "grpc",
    request: raw(INIT, frame(new Uint8Array()), { "grpc-timeout": "1 hour" }),
    expect: invalid("ERROR_INVALID_PARAMETER: Parameter is invalid. (key = grpc-timeout, reason = not a timeout: 1 hour)"),
  },
  {
    name: "a codec the server does not speak",
    protocol: "grpc",
    request: raw(INIT, frame(new Uint8Array()), { "content-type": "application/grpc+thrift" }),
    expect: error("unimplemented", /^ERROR_NOT_SUPPORTED_CONTENT_TYPE: Content type is not supported\. \(content_type = application\/grpc\+thrift, /),
  },
  {
    name: "an unknown method (Python's answer)",
    protocol: "grpc",
    request: raw("/spaceone.api.inventory.plugin.Job/getTasks", frame(new Uint8Array())),
    expect: error("unimplemented", "Method not found!"),
  },

  // gRPC-Web.
  {
    name: "grpc-web-text (base64)",
    protocol: "grpc-web",
    request: raw(INIT, "AAAAAAA=", { "content-type": "application/grpc-web-text" }),
    expect: error(
      "unimplemented",
      "ERROR_NOT_SUPPORTED_CONTENT_TYPE: Content type is not supported. (content_type = application/grpc-web-text, supported = application/grpc-web+proto)",
    ),
  },
  {
    name: "grpc-web-text with broken base64",
    protocol: "grpc-web",
    request: raw(INIT, "%%%not base64", { "content-type": "application/grpc-web-text+proto" }),
    expect: error(
      "unimplemented",
      "ERROR_NOT_SUPPORTED_CONTENT_TYPE: Content type is not supported. (content_type = application/grpc-web-text+proto, supported = application/grpc-web+proto)",
    ),
  },
  {
    name: "a frame cut short",
    protocol: "grpc-web",
    request: raw(VERIFY, envelope(64, utf8("{"))),
    expect: invalid("ERROR_INVALID_PARAMETER: Parameter is invalid. (key = request, reason = message truncated: 1 of 64 bytes)"),
  },
  {
    name: "garbage in a well-formed frame",
    protocol: "grpc-web",
    request: raw(VERIFY, frame(GARBAGE)),
    expect: invalid(
      /^ERROR_INVALID_PARAMETER: Parameter is invalid\. \(key = request, reason = not a valid spaceone\.api\.inventory\.plugin\.VerifyRequest in protobuf binary/,
    ),
  },
  {
    name: "a trailer frame from the client",
    protocol: "grpc-web",
    request: raw(INIT, frame(utf8("grpc-status: 0\r\n"), 0x80)),
    expect: invalid("ERROR_INVALID_PARAMETER: Parameter is invalid. (key = request, reason = unexpected message flags 0x80)"),
  },
  {
    name: "JSON gRPC-Web with an ill-typed parameter",
    protocol: "grpc-web",
    request: raw(VERIFY, frame(utf8(json({ options: {}, secretData: "x" }))), { "content-type": "application/grpc-web+json" }),
    expect: invalid("ERROR_INVALID_PARAMETER_TYPE: Parameter type is invalid. (key = secret_data, type = object)"),
  },

  // The streaming JSON route (NDJSON and SSE).
  {
    name: "malformed JSON",
    protocol: "ndjson",
    request: raw(COLLECT, '{"options":{},"secretData":{'),
    expect: invalid("ERROR_JSON_FORMAT: JSON format is invalid. (request = not valid JSON)"),
  },
  {
    name: "a body over the limit",
    protocol: "ndjson",
    request: raw(COLLECT, json({ options: { pad: "x".repeat(LIMIT) }, secretData: DEMO_SECRET })),
    expect: error("resource_exhausted", TOO_LARGE, 429),
  },
  {
    name: "a gzip body that inflates past the limit",
    protocol: "ndjson",
    request: raw(COLLECT, GZIP_BOMB, { "content-encoding": "gzip" }),
    expect: error("resource_exhausted", TOO_LARGE, 429),
  },
  {
    name: "a missing secret",
    protocol: "sse",
    request: raw(COLLECT, json({ options: {} })),
    expect: invalid("ERROR_REQUIRED_PARAMETER: Required parameter. (key = secret_data)"),
  },
  {
    name: "an unknown field",
    protocol: "sse",
    request: raw(COLLECT, json({ options: {}, secretData: DEMO_SECRET, taskOption: region("us-east-1") })),
    expect: invalid("ERROR_INVALID_PARAMETER: Parameter is invalid. (key = taskOption, reason = unknown field)"),
  },

  // HTTP routes.
  {
    name: "POST /healthz",
    protocol: "http",
    request: raw("/healthz", "{}", {}, "POST"),
    expect: { http: 405, json: { error: "method not allowed", path: "/healthz" } },
  },
  {
    name: "DELETE /metrics",
    protocol: "http",
    request: raw("/metrics", undefined, {}, "DELETE"),
    expect: { http: 405, json: { error: "method not allowed", path: "/metrics" } },
  },
  {
    name: "PUT /openapi.json",
    protocol: "http",
    request: raw("/openapi.json", "{}", {}, "PUT"),
    expect: { http: 405, json: { error: "method not allowed", path: "/openapi.json" } },
  },
  {
    name: "GET /readyz with a body-less query",
    protocol: "http",
    request: raw("/readyz?verbose=%ff%00", undefined, {}, "GET"),
    expect: { http: 200, json: { status: "ready" } },
  },
  {
    name: "an unknown page",
    protocol: "http",
    request: raw("/no/such/page", undefined, {}, "GET"),
    expect: { http: 404, json: { error: "not found", path: "/no/such/page" } },
  },
  {
    name: "path traversal into the console",
    protocol: "http",
    request: raw("/console/..%2f..%2fpackage.json", undefined, {}, "GET"),
    expect: { http: 404, text: /^Not found\./ },
  },
  { name: "a console file that does not exist", protocol: "http", request: raw("/console/../../../etc/passwd", undefined, {}, "GET"), expect: { http: 404 } },
  { name: "a URL of 64 KiB", protocol: "http", request: raw(`/healthz?${"a".repeat(64 * 1024)}`, undefined, {}, "GET"), expect: { http: 431 } },

  // The replay's admin routes and AWS endpoint.
  {
    name: "stats of an unknown set",
    protocol: "replay",
    request: raw("/replay/nope/_stats", undefined, {}, "GET"),
    expect: { http: 404, json: { error: "no fixture set 'nope'" } },
  },
  {
    name: "stats of a set name that is not one",
    protocol: "replay",
    request: raw("/replay/..%2f..%2fetc/_stats", undefined, {}, "GET"),
    expect: { http: 400 },
  },
  {
    name: "faults as malformed JSON",
    protocol: "replay",
    request: raw("/replay/demo/_faults", "{rules", { "content-type": "application/json" }, "PUT"),
    expect: { http: 400, json: {} },
  },
  {
    name: "faults of the wrong shape",
    protocol: "replay",
    request: raw("/replay/demo/_faults", json({ rules: "all" }), { "content-type": "application/json" }, "PUT"),
    expect: { http: 400, text: /rules/ },
  },
  {
    name: "faults over the size limit",
    protocol: "replay",
    request: raw("/replay/demo/_faults", json({ rules: [], pad: "x".repeat(LIMIT) }), { "content-type": "application/json" }, "PUT"),
    expect: { http: 413, json: { error: `request body too large (limit = ${LIMIT} bytes)` } },
  },
  {
    name: "an unsigned AWS call",
    protocol: "replay",
    request: raw("/replay/demo/", "Action=DescribeRegions&Version=2016-11-15", { "content-type": "application/x-www-form-urlencoded" }),
    expect: { http: 403, text: /MissingAuthenticationToken/ },
  },
  {
    name: "an unknown fault profile",
    protocol: "replay",
    request: raw("/replay/demo/~nope", "Action=DescribeRegions", { "content-type": "application/x-www-form-urlencoded" }),
    expect: { http: 404 },
  },

  // The port itself.
  { name: "random bytes", protocol: "tcp", request: abuse("random-bytes"), expect: { closed: true, answer: /^HTTP\/1\.1 400 / } },
  { name: "the HTTP/2 preface, then garbage", protocol: "h2", request: abuse("h2-preface-then-garbage"), expect: { closed: true } },
  { name: "a connection that never speaks", protocol: "tcp", request: abuse("silent-connection"), expect: { closed: true } },
  { name: "slow headers (slowloris)", protocol: "tcp", request: abuse("slow-headers"), expect: { closed: true, answer: /^HTTP\/1\.1 408 / } },
  { name: "a slow body", protocol: "tcp", request: abuse("slow-body"), expect: { closed: true, answer: /^HTTP\/1\.1 408 / } },
  { name: "headers of 1 MiB", protocol: "tcp", request: abuse("header-overflow"), expect: { closed: true, answer: /^HTTP\/1\.1 431 / } },
  {
    name: "Content-Length and Transfer-Encoding together",
    protocol: "tcp",
    request: abuse("conflicting-length"),
    expect: { closed: true, answer: /^HTTP\/1\.1 400 / },
  },
  { name: "1,000 pipelined requests", protocol: "tcp", request: abuse("pipelined-requests"), expect: { survives: true } },
  { name: "3,000 idle connections (silent, HTTP/1.1 keep-alive, HTTP/2)", protocol: "tcp", request: abuse("idle-connections"), expect: { survives: true } },
  { name: "a flood of 5,000 HTTP/2 stream resets", protocol: "h2", request: abuse("h2-rapid-reset"), expect: { survives: true } },
  { name: "HTTP/2 headers of 1 MiB", protocol: "h2", request: abuse("h2-huge-headers"), expect: { closed: true } },
];

/** Slow-client scenarios: they take time, not memory. */
const SLOW: ReadonlySet<Abuse> = new Set(["silent-connection", "slow-headers", "slow-body"]);

/**
 * The cases that make the server read or inflate megabytes, or open thousands of connections and streams:
 * the ones to repeat when looking for a leak.
 */
export function isHeavy(c: BadInputCase): boolean {
  const r = c.request;
  switch (r.kind) {
    case "abuse":
      return !SLOW.has(r.scenario);
    case "message":
      return JSON.stringify(r.message).length > 1024 * 1024;
    case "raw":
      return (r.body?.length ?? 0) > 1024 * 1024 || Object.values(r.headers ?? {}).includes("gzip");
  }
}
