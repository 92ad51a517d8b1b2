/**
 * Requests of an RPC path that no protocol on it can serve, refused with Cloudforet's text in the form
 * their caller reads (Connect itself answers most of these with a bare status or its own words):
 *
 * - an HTTP method other than POST: 405 `ERROR_NOT_SUPPORTED_HTTP_METHOD`, as Connect's error JSON;
 * - a content type the method does not speak (`curl -d`'s form encoding, text/plain, gRPC-Web text):
 *   `ERROR_NOT_SUPPORTED_CONTENT_TYPE`, trailers-only UNIMPLEMENTED to a gRPC or gRPC-Web caller, else
 *   415 with Connect's error JSON;
 * - an encoding the server does not offer, or a deadline header that is not one: the header is removed
 *   and the body fails with the error, so Connect answers in the caller's own protocol.
 */
import type { ConnectError } from "@connectrpc/connect";
import type { UniversalHandler, UniversalHandlerFn, UniversalServerRequest } from "@connectrpc/connect/protocol";
import { codeToString } from "@connectrpc/connect/protocol-connect";
import type { CompressionName } from "../../common/config.js";
import { invalidParameter, PluginError } from "../../common/errors.js";
import { codeOf, connectErrorOf } from "../interceptors/error-mapping.js";
import type { NodeHandler } from "../transport/one-port.js";
import { writeGrpcStatus } from "./grpc-status.js";
import { jsonStreamFormat } from "./json-stream.js";
import { encodingHeaderOf, requestEncoding } from "./request-check.js";
import { failingBody } from "./request-limit.js";

/** What the server answers instead of calling the method. */
export interface Refusal {
  error: PluginError;
  /** HTTP status for callers that are not gRPC or gRPC-Web. */
  httpStatus: number;
  header?: Record<string, string>;
}

/** What each kind of method accepts, for the error text. */
const SUPPORTED: Record<string, string> = {
  unary: "application/json, application/proto, application/grpc, application/grpc-web+proto",
  server_streaming: "application/json (NDJSON or SSE), application/connect+json, application/connect+proto, application/grpc, application/grpc-web+proto",
};

/** A header value as it may appear in an error text: short, printable. */
const shown = (value: string) => value.replace(/[^\x20-\x7e]/g, "?").slice(0, 64);

/** The refusal of `req` by the method behind `handler`, if it cannot be served at all. */
export function refusalOf(req: UniversalServerRequest, handler: UniversalHandler): Refusal | undefined {
  const streaming = handler.method.methodKind === "server_streaming";
  // A JSON POST to a streaming method is served as NDJSON or SSE (json-stream.ts).
  if (streaming && jsonStreamFormat(req.method, req.header)) return undefined;
  if (!handler.allowedMethods.includes(req.method)) {
    const supported = handler.allowedMethods.join(", ");
    const error = new PluginError(
      "ERROR_NOT_SUPPORTED_HTTP_METHOD",
      `HTTP method is not supported. (method = ${shown(req.method)}, supported = ${supported})`,
      "UNIMPLEMENTED",
    );
    return { error, httpStatus: 405, header: { allow: supported } };
  }
  const contentType = req.header.get("content-type") ?? "";
  const mediaType = contentType.split(";", 1)[0]!.trim().toLowerCase();
  // Connect's gRPC-Web matches the text variant (base64), then answers it with a bare 415.
  if (handler.supportedContentType(contentType) && !mediaType.startsWith("application/grpc-web-text")) return undefined;
  const supported = mediaType.startsWith("application/grpc-web-text")
    ? "application/grpc-web+proto"
    : (SUPPORTED[handler.method.methodKind] ?? "application/grpc");
  const error = new PluginError(
    "ERROR_NOT_SUPPORTED_CONTENT_TYPE",
    `Content type is not supported. (content_type = ${mediaType ? shown(mediaType) : "none"}, supported = ${supported})`,
    "UNIMPLEMENTED",
  );
  return { error, httpStatus: 415 };
}

/** Writes `refusal`: trailers-only to gRPC and gRPC-Web callers, Connect's error JSON to everyone else. */
export function writeRefusal(req: Parameters<NodeHandler>[0], res: Parameters<NodeHandler>[1], refusal: Refusal): void {
  const code = codeOf(refusal.error.status);
  if (String(req.headers["content-type"] ?? "").startsWith("application/grpc")) return writeGrpcStatus(req, res, code, refusal.error.wireMessage);
  const body = JSON.stringify({ code: codeToString(code), message: refusal.error.wireMessage });
  req.resume();
  res.writeHead(refusal.httpStatus, { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), ...refusal.header });
  res.end(body);
}

const TIMEOUT_FORMATS: Array<[header: string, format: RegExp]> = [
  ["grpc-timeout", /^\d{1,8}[HMSmun]$/],
  ["connect-timeout-ms", /^\d{1,10}$/],
];

/** The error of a header Connect would refuse with its own words, and that header. */
function badHeader(header: Headers, encodings: readonly CompressionName[]): { name: string; error: ConnectError } | undefined {
  const encoding = requestEncoding(header);
  if (encoding && !encodings.some((e) => e === encoding)) {
    const supported = [...encodings, "identity"].join(", ");
    const error = new PluginError(
      "ERROR_NOT_SUPPORTED_ENCODING",
      `Content encoding is not supported. (encoding = ${shown(encoding)}, supported = ${supported})`,
      "UNIMPLEMENTED",
    );
    return { name: encodingHeaderOf(header.get("content-type") ?? ""), error: connectErrorOf(error) };
  }
  for (const [name, format] of TIMEOUT_FORMATS) {
    const value = header.get(name);
    if (value !== null && !format.test(value.trim())) return { name, error: connectErrorOf(invalidParameter(name, `not a timeout: ${shown(value)}`)) };
  }
  return undefined;
}

/** Wraps `handler` so that a request with a header it cannot honour fails with Cloudforet's text. */
export function refuseBadHeaders(handler: UniversalHandlerFn, encodings: readonly CompressionName[]): UniversalHandlerFn {
  return (req) => {
    const bad = badHeader(req.header, encodings);
    if (!bad) return handler(req);
    const header = new Headers(req.header);
    header.delete(bad.name);
    return handler({ ...req, header, body: failingBody(() => bad.error) });
  };
}
