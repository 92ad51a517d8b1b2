/**
 * The Node request listener for the RPC routes: connect-node's
 * `connectNodeAdapter`, plus the request size limit and the JSON parameter
 * check in front of every handler, NDJSON and SSE for JSON callers of
 * server-streaming methods, and failed response writes logged through our
 * logger (connect-node writes them to `console.error`).
 */
import { Code, ConnectError, createConnectRouter, type ConnectRouter, type ConnectRouterOptions } from "@connectrpc/connect";
import { universalRequestFromNodeRequest, universalResponseToNodeResponse } from "@connectrpc/connect-node";
import type { Logger } from "../../common/log.js";
import type { NodeHandler } from "../transport/one-port.js";
import { checkJsonRequests } from "./json-request-check.js";
import { serveJsonStreams } from "./json-stream.js";
import { limitRequestSize } from "./request-limit.js";

export interface NodeAdapterOptions extends ConnectRouterOptions {
  routes: (router: ConnectRouter) => void;
  /** Listener for every path that is not an RPC. */
  fallback: NodeHandler;
  /** Largest request message in bytes; also Connect's `readMaxBytes`. */
  maxRequestBytes: number;
  logger: Logger;
}

export function createNodeAdapter({ routes, fallback, maxRequestBytes, logger, ...routerOptions }: NodeAdapterOptions): NodeHandler {
  const router = createConnectRouter({ ...routerOptions, readMaxBytes: maxRequestBytes });
  routes(router);
  const paths = new Map(
    router.handlers.map((h) => {
      const rpc = `${h.service.name}/${h.method.name}`;
      const refused = () => logger.warn("request too large", { rpc, limit: maxRequestBytes });
      // Size first (on raw bytes), then the JSON check on what passed; a JSON stream is re-framed before both.
      const checked = limitRequestSize(checkJsonRequests(h, h.method.input), maxRequestBytes, refused);
      return [h.requestPath, { handle: h.method.methodKind === "server_streaming" ? serveJsonStreams(checked, maxRequestBytes) : checked, rpc }];
    }),
  );
  return (req, res) => {
    const route = paths.get(req.url?.split("?", 2)[0] ?? "");
    if (!route) return fallback(req, res);
    let uReq;
    try {
      uReq = universalRequestFromNodeRequest(req, res, undefined, undefined);
    } catch (err) {
      logger.debug("malformed rpc request", { rpc: route.rpc, err });
      res.writeHead(400);
      res.end();
      return;
    }
    route
      .handle(uReq)
      .then((uRes) => universalResponseToNodeResponse(uRes, res))
      .catch((reason: unknown) => {
        // Aborted: the client went away while we wrote; nothing to report.
        if (ConnectError.from(reason).code === Code.Aborted) return;
        logger.error("rpc response failed", { rpc: route.rpc, err: reason });
      });
  };
}
