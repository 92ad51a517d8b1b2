/**
 * Real processes for the gateway and shadow tests: the compiled server
 * (`dist/`, built by the caller with ensureBuilt) started with any flags, and
 * the calls curl and scripts make (Connect JSON, NDJSON) with `fetch`.
 */
import { vi } from "vitest";
import { startProcess, type Spawned } from "../server/spawn.js";

export interface Served {
  port: number;
  /** `127.0.0.1:<port>` */
  endpoint: string;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  spawned: Spawned;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
  /** SIGKILL, then waits for the exit: the process dies mid-call. */
  kill(): Promise<void>;
}

/** `node dist/src/main.js <args>` on `port` (default any free one); resolves once it listens. */
export async function serve(args: readonly string[], port = 0): Promise<Served> {
  const spawned = startProcess(["--port", String(port), ...args]);
  const bound = await spawned.listening;
  const end = (signal: NodeJS.Signals) => async () => {
    if (spawned.child.exitCode !== null || spawned.child.signalCode !== null) return;
    spawned.child.kill(signal);
    await spawned.exited;
  };
  return { port: bound, endpoint: `127.0.0.1:${bound}`, baseUrl: `http://127.0.0.1:${bound}`, spawned, stop: end("SIGTERM"), kill: end("SIGKILL") };
}

/** `GET /readyz`'s status. */
export async function readiness(baseUrl: string): Promise<number> {
  return (await fetch(`${baseUrl}/readyz`)).status;
}

/** Waits (outside a test too) until `/readyz` answers `status`. */
export async function untilReadiness(baseUrl: string, status = 200): Promise<void> {
  await vi.waitFor(
    async () => {
      if ((await readiness(baseUrl)) !== status) throw new Error(`${baseUrl}/readyz is not ${status} yet`);
    },
    { timeout: 60_000, interval: 100 },
  );
}

/** A JSON POST to an RPC path, as curl sends it; `accept` picks NDJSON for a streaming method. */
export async function postJson(baseUrl: string, path: string, body: unknown, init: { signal?: AbortSignal } = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(`${baseUrl}/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, application/x-ndjson" },
    body: JSON.stringify(body),
    signal: init.signal,
  });
  return { status: res.status, text: await res.text() };
}

export const lines = (text: string): Array<Record<string, unknown>> =>
  text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
