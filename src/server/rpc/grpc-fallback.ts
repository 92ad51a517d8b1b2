/**
 * The listener for every path that is not an RPC. gRPC and gRPC-Web callers of
 * an unknown method get what a Python gRPC server sends, a trailers-only
 * `grpc-status: 12` "Method not found!"; a plain HTTP 404 would reach grpc-core
 * as a malformed response (docs/contract.md#unknown-methods). Everything else goes to
 * the HTTP routes.
 */
import { Http2ServerRequest } from "node:http2";
import type { ServerResponse } from "node:http";
import type { NodeHandler } from "../transport/one-port.js";

export function grpcAwareFallback(http: NodeHandler): NodeHandler {
  return (req, res) => {
    const contentType = String(req.headers["content-type"] ?? "");
    if (!contentType.startsWith("application/grpc")) return http(req, res);
    const status = { "content-type": contentType, "grpc-status": "12", "grpc-message": encodeURIComponent("Method not found!") };
    // Drain the request body so the connection stays usable.
    req.resume();
    if (req instanceof Http2ServerRequest) {
      req.stream.respond({ ":status": 200, ...status }, { endStream: true });
    } else {
      (res as ServerResponse).writeHead(200, status).end();
    }
  };
}
