/**
 * Server benchmarks (`npm run bench -- --only server`): time from spawn to an open port, the
 * server CPU cost of response compression on a `collect` stream, and unary
 * call rates per protocol. Each server runs in its own process so its CPU time
 * is measured apart from the client's. Results go to stdout as a table.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { Collector } from "../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { MAIN_JS, canConnect, cpuMs, freePort, median, stop } from "./support.js";

const STREAM_SERVER_JS = fileURLToPath(new URL("./stream-server.js", import.meta.url));

/** Spawn → the port accepts, and spawn → a gRPC `Collector.init` answered (the platform's real wait). */
async function startUpMs(): Promise<{ portOpen: number; firstCall: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN_JS, "--port", String(port)], { stdio: "ignore" });
  while (!(await canConnect(port))) await new Promise((r) => setTimeout(r, 2));
  const portOpen = performance.now() - started;
  await createClient(Collector, createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}` })).init({ options: {} });
  const firstCall = performance.now() - started;
  await stop(child);
  return { portOpen, firstCall };
}

async function startStreamServer(args: string[], records: number): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [STREAM_SERVER_JS, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, BENCH_RECORDS: String(records) },
  });
  const port = await new Promise<number>((resolve) => child.stdout.once("data", (c: Buffer) => resolve((JSON.parse(c.toString()) as { port: number }).port)));
  return { child, port };
}

async function streamRun(compression: string, records: number, runs: number) {
  const { child, port } = await startStreamServer(["--compression", compression], records);
  // connect-node advertises gzip and br like grpcio advertises gzip: the server decides.
  const client = createClient(Collector, createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}` }));
  const walls: number[] = [];
  const cpus: number[] = [];
  let bytes = 0;
  for (let run = 0; run < runs + 1; run++) {
    const cpu0 = cpuMs(child.pid!);
    const t0 = performance.now();
    let n = 0;
    for await (const item of client.collect({ options: {}, secretData: {}, filter: {} })) {
      n++;
      const data = item.resource?.json_data;
      if (run === 0 && typeof data === "string") bytes += data.length;
    }
    if (n !== records) throw new Error(`expected ${records} records, got ${n}`);
    // The first run warms up the JIT and is not counted.
    if (run > 0) {
      walls.push(performance.now() - t0);
      cpus.push(cpuMs(child.pid!) - cpu0);
    }
  }
  await stop(child);
  return { compression, records, avgRecordBytes: Math.round(bytes / records), wallMs: median(walls), serverCpuMs: median(cpus) };
}

async function unaryRate(name: string, transport: (baseUrl: string) => Transport, calls: number, concurrency: number) {
  const { child, port } = await startStreamServer([], 1);
  const client = createClient(Collector, transport(`http://127.0.0.1:${port}`));
  for (let i = 0; i < 200; i++) await client.init({ options: {} });
  const cpu0 = cpuMs(child.pid!);
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < calls) await client.init({ options: {} });
    }),
  );
  const wall = performance.now() - t0;
  const cpu = cpuMs(child.pid!) - cpu0;
  await stop(child);
  return { protocol: name, calls, concurrency, perSecond: Math.round((calls / wall) * 1000), serverCpuUsPerCall: Math.round((cpu * 1000) / calls) };
}

const startUps: Array<{ portOpen: number; firstCall: number }> = [];
for (let i = 0; i < 5; i++) startUps.push(await startUpMs());
const portOpen = startUps.map((s) => s.portOpen);
const firstCall = startUps.map((s) => s.firstCall);
console.log(`port open after spawn (compiled JS, 5 runs): median ${median(portOpen).toFixed(0)} ms, max ${Math.max(...portOpen).toFixed(0)} ms`);
console.log(`first gRPC init answered after spawn: median ${median(firstCall).toFixed(0)} ms, max ${Math.max(...firstCall).toFixed(0)} ms`);

console.log("\ncollect stream over gRPC h2c, client accepts gzip (3 runs after warm-up, medians):");
console.table([await streamRun("off", 3000, 3), await streamRun("gzip", 3000, 3)]);

console.log("\nunary Collector.init (client and server share 2 cores; the client is the bottleneck):");
console.table([
  await unaryRate("gRPC h2c", (baseUrl) => createGrpcTransport({ baseUrl }), 3000, 16),
  await unaryRate("Connect JSON HTTP/1.1", (baseUrl) => createConnectTransport({ baseUrl, httpVersion: "1.1" }), 3000, 16),
]);
