/**
 * The Node request listener for the RPC routes: connect-node's
 * `connectNodeAdapter`, plus what runs before every handler — refusals of
 * requests no protocol can serve (protocol-refusals.ts), the request size limit
 * and the check of every request message (request-check.ts) — NDJSON and SSE for
 * JSON callers of server-streaming methods, the spec's `grpc-message` encoding,
 * and failed response writes logged through our logger (connect-node writes
 * them to `console.error`).
 */
import { Code, ConnectError, createConnectRouter, type ConnectRouter, type ConnectRouterOptions } from "@connectrpc/connect";
import { universalRequestFromNodeRequest, universalResponseToNodeResponse } from "@connectrpc/connect-node";
import type { UniversalHandler, UniversalHandlerFn } from "@connectrpc/connect/protocol";
import type { CompressionName } from "../../common/config.js";
import type { Logger } from "../../common/log.js";
import type { NodeHandler } from "../transport/one-port.js";
import { withSpecGrpcMessage } from "./grpc-status.js";
import { serveJsonStreams } from "./json-stream.js";
import { refusalOf, refuseBadHeaders, writeRefusal } from "./protocol-refusals.js";
import { checkRequests } from "./request-check.js";
import { limitRequestSize } from "./request-limit.js";

export interface NodeAdapterOptions extends ConnectRouterOptions {
  routes: (router: ConnectRouter) => void;
  /** Listener for every path that is not an RPC. */
  fallback: NodeHandler;
  /** Largest request message in bytes; also Connect's `readMaxBytes`. */
  maxRequestBytes: number;
  /** Request encodings the server inflates (the `compression` setting); others are refused. */
  requestEncodings: readonly CompressionName[];
  logger: Logger;
}

interface Route {
  handler: UniversalHandler;
  handle: UniversalHandlerFn;
  rpc: string;
}

export function createNodeAdapter({ routes, fallback, maxRequestBytes, requestEncodings, logger, ...routerOptions }: NodeAdapterOptions): NodeHandler {
  const router = createConnectRouter({ ...routerOptions, readMaxBytes: maxRequestBytes });
  routes(router);
  const paths = new Map<string, Route>(
    router.handlers.map((h) => {
      const rpc = `${h.service.name}/${h.method.name}`;
      const refused = () => logger.warn("request too large", { rpc, limit: maxRequestBytes });
      // Headers first, then the size (on raw bytes), then each message; a JSON stream is re-framed before all of them.
      const checked = refuseBadHeaders(
        limitRequestSize(
          checkRequests(h, { method: h.method, encodings: requestEncodings, limit: maxRequestBytes, onTooLarge: refused }),
          maxRequestBytes,
          refused,
        ),
        requestEncodings,
      );
      return [h.requestPath, { handler: h, handle: h.method.methodKind === "server_streaming" ? serveJsonStreams(checked, maxRequestBytes) : checked, rpc }];
    }),
  );
  return (req, res) => {
    const route = paths.get(req.url?.split("?", 2)[0] ?? "");
    if (!route) return fallback(req, res);
    let uReq;
    try {
      // connect-node's body iterator destroys the request when a check stops reading early (too large),
      // which leaves the socket paused and the client's upload stalled until the request timeout; this one
      // does not, and what is left is drained once the answer is sent.
      uReq = { ...universalRequestFromNodeRequest(req, res, undefined, undefined), body: req.iterator({ destroyOnReturn: false }) };
    } catch (err) {
      logger.debug("malformed rpc request", { rpc: route.rpc, err });
      res.writeHead(400);
      res.end();
      return;
    }
    const refusal = refusalOf(uReq, route.handler);
    if (refusal) return writeRefusal(req, res, refusal);
    const grpc = /^application\/grpc(?!-web)/.test(uReq.header.get("content-type") ?? "");
    route
      .handle(uReq)
      .then((uRes) => {
        // Refused before its body was read (too large): read the rest and drop it, so the connection stays usable.
        res.once("finish", () => req.complete || req.resume());
        return universalResponseToNodeResponse(grpc ? withSpecGrpcMessage(uRes) : uRes, res);
      })
      .catch((reason: unknown) => {
        // Aborted: the client went away while we wrote; nothing to report.
        if (ConnectError.from(reason).code === Code.Aborted) return;
        logger.error("rpc response failed", { rpc: route.rpc, err: reason });
      });
  };
}
