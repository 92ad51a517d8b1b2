import { once } from "node:events";
import * as net from "node:net";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../common/log.js";
import { ListenError, listenTcp, type TcpListener } from "./tcp-listener.js";

const logger = createLogger({ write: () => {} });

/** The server side of every connection `listener` accepts, seen without taking part in the routing. */
function acceptedSockets(listener: TcpListener): net.Socket[] {
  const sockets: net.Socket[] = [];
  listener.server.on("connection", (socket: net.Socket) => sockets.push(socket));
  return sockets;
}

describe("tcp listener", () => {
  it("holds connections made before the server is ready and hands them over, data included", async () => {
    const listener = await listenTcp(0, "127.0.0.1", logger);
    const accepted = acceptedSockets(listener);
    const client = net.connect(listener.address.port, "127.0.0.1");
    const reply = new Promise<string>((resolve) => client.on("data", (c: Buffer) => resolve(c.toString())));
    await once(client, "connect");
    client.write("early bytes");
    // The bytes are in the waiting socket's buffer before anyone routes it.
    await expect.poll(() => accepted[0]?.bytesRead, { timeout: 10_000 }).toBe("early bytes".length);
    listener.adopt((socket) => socket.once("data", (c: Buffer) => socket.end(`got: ${c.toString()}`)));
    expect(await reply).toBe("got: early bytes");
    // Connections after the hand-over go straight to the route.
    const late = net.connect(listener.address.port, "127.0.0.1", () => late.write("late"));
    expect(await new Promise<string>((resolve) => late.on("data", (c: Buffer) => resolve(c.toString())))).toBe("got: late");
    await new Promise((r) => listener.server.close(r));
  });

  it("forgets a waiting connection that closes before the hand-over", async () => {
    const listener = await listenTcp(0, "127.0.0.1", logger);
    const accepted = acceptedSockets(listener);
    const client = net.connect(listener.address.port, "127.0.0.1");
    await once(client, "connect");
    await expect.poll(() => accepted.length, { timeout: 10_000 }).toBe(1);
    client.destroy();
    // The listener's own close handler runs before this one (it was added first).
    await once(accepted[0]!, "close");
    const routed: net.Socket[] = [];
    listener.adopt((socket) => routed.push(socket));
    expect(routed).toEqual([]);
    await new Promise((r) => listener.server.close(r));
  });

  it("rejects a taken port with a ListenError", async () => {
    const first = await listenTcp(0, "127.0.0.1", logger);
    const err = await listenTcp(first.address.port, "127.0.0.1", logger).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ListenError);
    expect((err as ListenError).message).toBe(`cannot listen on 127.0.0.1:${first.address.port}: EADDRINUSE`);
    await new Promise((r) => first.server.close(r));
  });
});
