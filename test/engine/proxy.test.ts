/**
 * Egress proxy and custom CA (README "Egress proxy"): with `HTTP_PROXY` / `HTTPS_PROXY` set, every AWS
 * call of a demo collect goes through the proxy (absolute-URL requests for HTTP, `CONNECT` tunnels for
 * HTTPS), none for a host in `NO_PROXY`; behind a TLS-inspecting proxy the AWS endpoint's certificate is
 * trusted through `AWS_CA_BUNDLE` (the engine's `awsCaBundle`), and refused without it, named by its cause.
 *
 * The proxy is a small one written here that counts and forwards. HTTPS is a TLS front of the replay
 * with a certificate for `localhost` made by openssl for the test.
 */
import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer, request, type IncomingMessage } from "node:http";
import { connect, type AddressInfo, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer as createTlsServer } from "node:tls";
import { readFileSync } from "node:fs";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/common/log.js";
import type { CollectedRecord } from "../../src/engine/api.js";
import { createEngine } from "../../src/engine/index.js";
import { DEMO_SECRET, collectRegion, regionTask, replayStats, resetReplayStats, startCollecting, type Collecting } from "./harness.js";

const PROXY_VARIABLES = ["HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy"];

interface TestProxy {
  url: string;
  /** Absolute-URL requests forwarded (HTTP targets). */
  requests: string[];
  /** CONNECT targets tunnelled (HTTPS targets). */
  tunnels: string[];
  /** Local ports of the proxy's own connections to the targets. */
  upstreamPorts: Set<number>;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return (server.address() as AddressInfo).port;
}

/** A forward proxy: absolute-URL requests are re-sent to their target, CONNECT opens a tunnel. */
async function startProxy(): Promise<TestProxy> {
  const proxy: Omit<TestProxy, "url" | "close"> = { requests: [], tunnels: [], upstreamPorts: new Set() };
  const sockets = new Set<Socket>();
  const server = createHttpServer((req: IncomingMessage, res) => {
    proxy.requests.push(req.url!);
    const target = new URL(req.url!);
    const upstream = request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("socket", (s) => s.once("connect", () => proxy.upstreamPorts.add(s.localPort!)));
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  server.on("connection", (s: Socket) => sockets.add(s).size && s.on("close", () => sockets.delete(s)));
  server.on("connect", (req: IncomingMessage, client: Socket, head: Buffer) => {
    proxy.tunnels.push(req.url!);
    const [host, port] = req.url!.split(":");
    const upstream = connect(Number(port), host, () => {
      proxy.upstreamPorts.add(upstream.localPort!);
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    for (const s of [client, upstream]) s.on("error", () => (client.destroy(), upstream.destroy()));
    sockets.add(upstream);
  });
  const port = await listen(server);
  return {
    ...proxy,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      server.close();
      await once(server, "close");
    },
  };
}

let c: Collecting;
let dir: string;
/** The TLS front of the replay, and the remote ports of the connections it accepted. */
let tls: { url: string; certificate: string; clients: number[]; server: Server };

beforeAll(async () => {
  c = await startCollecting({ engine: { retryStrategy: new ConfiguredRetryStrategy(3, () => 1) } });
  dir = mkdtempSync(join(tmpdir(), "proxy-tls-"));
  const [key, certificate] = [join(dir, "key.pem"), join(dir, "cert.pem")];
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      key,
      "-out",
      certificate,
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost",
    ],
    { stdio: "ignore" },
  );
  const clients: number[] = [];
  // Terminates TLS and passes the bytes on: the replay sees the request as signed (same Host, same path).
  const server = createTlsServer({ key: readFileSync(key), cert: readFileSync(certificate) }, (socket) => {
    clients.push(socket.remotePort!);
    const upstream = connect(c.running.port, "127.0.0.1");
    socket.pipe(upstream).pipe(socket);
    for (const s of [socket, upstream]) s.on("error", () => (socket.destroy(), upstream.destroy()));
  });
  // Named by a host name, as AWS endpoints are (the tunnel's TLS checks the certificate against it).
  tls = { url: `https://localhost:${await listen(server)}`, certificate, clients, server };
});
afterAll(async () => {
  tls?.server.close();
  await c?.stop();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  for (const name of PROXY_VARIABLES) delete process.env[name];
});

/** A demo region collect through an engine of its own (its CA bundle), in process. */
async function collectThrough(endpointUrl: string, awsCaBundle?: string): Promise<{ records: CollectedRecord[]; error?: unknown }> {
  const engine = createEngine({ endpointUrl, awsCaBundle, retryStrategy: new ConfiguredRetryStrategy(3, () => 1), log: createLogger({ write: () => {} }) });
  const records: CollectedRecord[] = [];
  try {
    for await (const r of engine.collect(
      { options: {}, secretData: DEMO_SECRET, filter: {}, taskOptions: regionTask("us-east-1") },
      new AbortController().signal,
    ))
      records.push(r);
    return { records };
  } catch (error) {
    return { records, error };
  }
}

describe("egress proxy", () => {
  it("HTTP_PROXY: every AWS call of a demo collect goes through the proxy; none for a host in NO_PROXY", async () => {
    const proxy = await startProxy();
    try {
      const baseline = await collectRegion(c, "us-east-1");
      await resetReplayStats(c);
      process.env.HTTP_PROXY = proxy.url;
      const proxied = await collectRegion(c, "us-east-1");
      expect(proxied).toEqual(baseline);
      const calls = (await replayStats(c)).totals.calls;
      expect(calls).toBeGreaterThan(20);
      expect(proxy.requests).toHaveLength(calls);
      expect(proxy.requests.every((url) => url.startsWith(`${c.running.baseUrl}/replay/demo/`))).toBe(true);

      process.env.no_proxy = "localhost,127.0.0.1";
      await resetReplayStats(c);
      expect(await collectRegion(c, "us-east-1")).toEqual(baseline);
      expect((await replayStats(c)).totals.calls).toBe(calls);
      expect(proxy.requests).toHaveLength(calls);
    } finally {
      await proxy.close();
    }
  });

  it("HTTPS_PROXY: AWS calls go through CONNECT tunnels; AWS_CA_BUNDLE trusts a TLS-inspecting proxy's certificate, and without it the call fails naming the cause", async () => {
    const proxy = await startProxy();
    try {
      const endpoint = `${tls.url}/replay/demo`;
      process.env.HTTPS_PROXY = proxy.url;
      const refused = await collectThrough(endpoint);
      expect(String((refused.error as { wireMessage?: string }).wireMessage)).toMatch(
        /^ERROR_AWS_API: sts:GetCallerIdentity failed\. \(reason = DEPTH_ZERO_SELF_SIGNED_CERT: self[- ]signed certificate/,
      );

      await resetReplayStats(c);
      const before = tls.clients.length;
      const trusted = await collectThrough(endpoint, tls.certificate);
      expect((trusted.error as Error | undefined)?.message).toBeUndefined();
      expect(trusted.records.length).toBeGreaterThan(20);
      expect(trusted.records.every((r) => r.state === "SUCCESS")).toBe(true);
      // Every connection the AWS endpoint saw came through a tunnel the proxy opened to it.
      const seen = tls.clients.slice(before);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((port) => proxy.upstreamPorts.has(port))).toBe(true);
      expect(new Set(proxy.tunnels)).toEqual(new Set([tls.url.slice("https://".length)]));
      expect(proxy.requests).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});
