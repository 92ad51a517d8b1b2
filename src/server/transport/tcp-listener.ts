/**
 * The TCP side of the one port, kept free of heavy imports so `main.ts` can open
 * the port first and load the protocol stack afterwards: Cloudforet's client
 * retries a refused connection only after about 1 s, while an accepted one
 * simply waits until the server answers. Connections accepted before the
 * server is ready wait in a queue.
 */
import * as net from "node:net";
import type { Logger } from "../../common/log.js";

export class ListenError extends Error {
  override readonly name = "ListenError";
  constructor(
    readonly host: string,
    readonly port: number,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot listen on ${host.includes(":") ? `[${host}]` : host}:${port}: ${code}`, options);
  }
}

export interface TcpListener {
  readonly server: net.Server;
  readonly address: net.AddressInfo;
  /** From now on, and for every connection already waiting, call `route` (once). */
  adopt(route: (socket: net.Socket) => void): void;
}

function bind(server: net.Server, port: number, host: string): Promise<net.AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      reject(err);
    };
    const onListening = () => {
      server.off("error", onError);
      resolve(server.address() as net.AddressInfo);
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
}

/**
 * Listens on `host:port`; `::` falls back to `0.0.0.0` where IPv6 is
 * unavailable. Rejects with a `ListenError` (e.g. EADDRINUSE) instead of an
 * unhandled 'error' event.
 */
export async function listenTcp(port: number, host: string, logger: Logger): Promise<TcpListener> {
  const server = net.createServer({ noDelay: true });
  const waiting = new Map<net.Socket, () => void>();
  const enqueue = (socket: net.Socket) => {
    const drop = () => socket.destroy();
    const forget = () => waiting.delete(socket);
    socket.on("error", drop);
    socket.once("close", forget);
    waiting.set(socket, () => {
      socket.off("error", drop);
      socket.off("close", forget);
    });
  };
  server.on("connection", enqueue);

  let address: net.AddressInfo;
  try {
    address = await bind(server, port, host);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (host !== "::" || (err.code !== "EAFNOSUPPORT" && err.code !== "EADDRNOTAVAIL")) throw new ListenError(host, port, err.code ?? "ERROR", { cause: err });
    logger.info("IPv6 unavailable, listening on 0.0.0.0", { code: err.code });
    try {
      address = await bind(server, port, "0.0.0.0");
    } catch (e2) {
      throw new ListenError("0.0.0.0", port, (e2 as NodeJS.ErrnoException).code ?? "ERROR", { cause: e2 });
    }
  }
  // Later server errors (e.g. EMFILE on accept) must not crash the process.
  server.on("error", (err) => logger.error("listener error", { err }));

  return {
    server,
    address,
    adopt(route) {
      server.off("connection", enqueue);
      server.on("connection", route);
      for (const [socket, release] of waiting) {
        release();
        route(socket);
      }
      waiting.clear();
    },
  };
}
