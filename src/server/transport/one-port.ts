/**
 * One cleartext port for HTTP/2 with prior knowledge (gRPC, Connect, gRPC-Web)
 * and HTTP/1.1 (Connect, gRPC-Web, curl, browsers). Node's cleartext HTTP/2
 * server cannot fall back to HTTP/1.1, so an outer TCP server reads the first
 * bytes of each connection and hands the socket to the matching inner server
 * (docs/decisions.md#one-port-for-every-protocol).
 */
import * as http from "node:http";
import * as http2 from "node:http2";
import type * as net from "node:net";
import type { ConnectNodeAdapterOptions } from "@connectrpc/connect-node";
import type { Logger } from "../../common/log.js";
import type { TcpListener } from "./tcp-listener.js";

/** A Node request listener for both HTTP versions (connect-node's shape; a type-only import). */
export type NodeHandler = NonNullable<ConnectNodeAdapterOptions["fallback"]>;

const H2_PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");

export interface OnePortOptions {
  /** The request listener shared by both inner servers. */
  handler: NodeHandler;
  /** A connection that has not shown its protocol within this time is closed. Default 10000. */
  sniffTimeoutMs?: number;
  /** An HTTP/1.1 request not fully received (headers and body) within this time gets 408 and is closed. Default 60000. */
  http1RequestTimeoutMs?: number;
  logger: Logger;
}

export interface OnePortServer {
  /** Serves the connections of an already listening port (see `listenTcp`), queued ones included. */
  attach(listener: TcpListener): net.AddressInfo;
  /** Stops accepting connections and closes sockets that are still being sniffed; open connections stay. */
  stopAccepting(): void;
  /** Closes idle HTTP/1.1 connections and sends GOAWAY on every HTTP/2 session; running requests may finish. */
  closeIdle(): void;
  /** Destroys every remaining connection. */
  destroyAll(): void;
  /** Open HTTP/2 sessions plus HTTP/1.1 and not-yet-sniffed sockets. */
  readonly connectionCount: number;
}

export function createOnePortServer({ handler, sniffTimeoutMs = 10_000, http1RequestTimeoutMs = 60_000, logger }: OnePortOptions): OnePortServer {
  const h1 = http.createServer(
    {
      // Idle keep-alive of 65 s (Node's default is 5 s): a client that reuses a connection just as the server
      // closes it gets ECONNRESET (fetch does not retry POSTs); load balancers commonly keep about 60 s.
      keepAliveTimeout: 65_000,
      // Slow clients (slowloris headers, a trickling body) hold a connection at most this long.
      headersTimeout: http1RequestTimeoutMs,
      requestTimeout: http1RequestTimeoutMs,
      // Node checks those timeouts on this period (30 s by default): keep the bound near the setting.
      connectionsCheckingInterval: Math.min(30_000, Math.max(250, http1RequestTimeoutMs / 4)),
    },
    handler as http.RequestListener,
  );
  const h2 = http2.createServer(handler as (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void);
  let tcp: net.Server | undefined;

  const sniffing = new Set<net.Socket>();
  const h1Sockets = new Set<net.Socket>();
  const sessions = new Set<http2.ServerHttp2Session>();

  h2.on("session", (session: http2.ServerHttp2Session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
  });
  h2.on("sessionError", (err) => logger.debug("http2 session error", { err }));
  h1.on("clientError", (err: NodeJS.ErrnoException, socket: net.Socket) => {
    logger.debug("http/1.1 client error", { code: err.code });
    // As Node's own default: a status line only where no response has begun on the connection.
    const responding = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (socket.writable && !socket.destroyed && !responding)
      socket.end(`HTTP/1.1 ${clientErrorStatus(err.code)}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    else socket.destroy();
  });

  function route(socket: net.Socket): void {
    socket.setNoDelay(true);
    sniffing.add(socket);
    // Until the hand-off nobody else listens for errors; an early reset must not crash the process.
    const onError = () => socket.destroy();
    const timer = setTimeout(() => socket.destroy(), sniffTimeoutMs);
    const chunks: Buffer[] = [];
    let seen = 0;

    const handOff = (isHttp2: boolean) => {
      clearTimeout(timer);
      socket.off("readable", onReadable);
      socket.off("close", onClose);
      sniffing.delete(socket);
      socket.unshift(Buffer.concat(chunks, seen));
      if (isHttp2) {
        socket.off("error", onError);
        h2.emit("connection", socket);
      } else {
        h1Sockets.add(socket);
        socket.once("close", () => h1Sockets.delete(socket));
        socket.off("error", onError);
        h1.emit("connection", socket);
      }
    };

    function onReadable(): void {
      let chunk: Buffer | null;
      while ((chunk = socket.read() as Buffer | null) !== null) {
        chunks.push(chunk);
        seen += chunk.length;
        const prefix = Buffer.concat(chunks, seen);
        const n = Math.min(seen, H2_PREFACE.length);
        // Decide as soon as one byte differs from the HTTP/2 preface, or all 24 match.
        if (prefix.compare(H2_PREFACE, 0, n, 0, n) !== 0) return handOff(false);
        if (seen >= H2_PREFACE.length) return handOff(true);
      }
    }
    function onClose(): void {
      clearTimeout(timer);
      sniffing.delete(socket);
    }
    socket.on("error", onError);
    socket.on("close", onClose);
    socket.on("readable", onReadable);
  }

  return {
    attach(listener) {
      tcp = listener.server;
      listener.adopt(route);
      // Node starts HTTP/1.1 connection tracking (headersTimeout, closeIdleConnections) only on 'listening'.
      h1.emit("listening");
      return listener.address;
    },
    stopAccepting() {
      for (const socket of sniffing) socket.destroy();
      if (tcp?.listening) tcp.close();
    },
    closeIdle() {
      h1.closeIdleConnections();
      for (const session of sessions) if (!session.closed) session.close();
    },
    destroyAll() {
      for (const socket of sniffing) socket.destroy();
      h1.closeAllConnections();
      for (const socket of h1Sockets) socket.destroy();
      for (const session of sessions) session.destroy();
    },
    get connectionCount() {
      return sniffing.size + h1Sockets.size + sessions.size;
    },
  };
}

/** The status line for a request Node's HTTP/1.1 parser refused. */
function clientErrorStatus(code: string | undefined): string {
  switch (code) {
    case "HPE_HEADER_OVERFLOW":
      return "431 Request Header Fields Too Large";
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return "408 Request Timeout";
    default:
      return "400 Bad Request";
  }
}
