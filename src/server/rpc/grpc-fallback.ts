/**
 * The listener for every path that is not an RPC. gRPC and gRPC-Web callers of
 * an unknown method get what a Python gRPC server sends, a trailers-only
 * `grpc-status: 12` "Method not found!"; a plain HTTP 404 would reach grpc-core
 * as a malformed response (docs/contract.md#unknown-methods). Everything else goes to
 * the HTTP routes.
 */
import { Code } from "@connectrpc/connect";
import type { NodeHandler } from "../transport/one-port.js";
import { writeGrpcStatus } from "./grpc-status.js";

export function grpcAwareFallback(http: NodeHandler): NodeHandler {
  return (req, res) => {
    const contentType = String(req.headers["content-type"] ?? "");
    if (!contentType.startsWith("application/grpc")) return http(req, res);
    writeGrpcStatus(req, res, Code.Unimplemented, "Method not found!");
  };
}
