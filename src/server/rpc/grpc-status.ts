/**
 * The gRPC status on the wire. `grpc-message` is percent-encoded the way the gRPC spec says: only bytes
 * outside printable ASCII, and `%` itself. Connect-ES encodes with `encodeURIComponent`, which escapes
 * `:`, `=`, `,`, `/` as well; @grpc/grpc-js decodes with `decodeURI`, which leaves exactly those escaped,
 * so a Node client read `ERROR_REQUIRED_PARAMETER%3A Required parameter. (key %3D options)`. Every
 * decoder reads the spec's form.
 */
import type { ServerResponse } from "node:http";
import { Http2ServerRequest } from "node:http2";
import type { UniversalServerResponse } from "@connectrpc/connect/protocol";
import type { NodeHandler } from "../transport/one-port.js";

/** `text` as a `grpc-message` value (gRPC over HTTP/2 spec, "Status-Message"). */
export function encodeGrpcMessage(text: string): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    out += byte >= 0x20 && byte <= 0x7e && byte !== 0x25 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function respec(headers: Headers | undefined): void {
  const value = headers?.get("grpc-message");
  if (value === null || value === undefined) return;
  let text: string;
  try {
    text = decodeURIComponent(value);
  } catch {
    return;
  }
  headers!.set("grpc-message", encodeGrpcMessage(text));
}

/** A gRPC response with its status message in the spec's encoding, trailers-only or in the trailers (set once the body has ended). */
export function withSpecGrpcMessage(res: UniversalServerResponse): UniversalServerResponse {
  respec(res.header);
  const { body, trailer } = res;
  if (!body || !trailer) return res;
  return {
    ...res,
    body: (async function* () {
      yield* body;
      respec(trailer);
    })(),
  };
}

/** A trailers-only gRPC or gRPC-Web answer (one HEADERS frame that ends the stream on HTTP/2), written by the server itself. */
export function writeGrpcStatus(req: Parameters<NodeHandler>[0], res: Parameters<NodeHandler>[1], code: number, message: string): void {
  const headers = {
    "content-type": String(req.headers["content-type"] ?? "application/grpc"),
    "grpc-status": String(code),
    "grpc-message": encodeGrpcMessage(message),
  };
  // Drain the request body so the connection stays usable.
  req.resume();
  if (req instanceof Http2ServerRequest) req.stream.respond({ ":status": 200, ...headers }, { endStream: true });
  else (res as ServerResponse).writeHead(200, headers).end();
}
