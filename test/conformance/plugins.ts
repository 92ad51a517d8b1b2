/**
 * The plugins the conformance tests point the kit at: our compiled server in
 * `--demo` (optionally on another fixture directory), and the deliberately
 * broken Python plugin (test/conformance/broken_plugin.py) serving a
 * descriptor set that `buf build` makes from proto/ at test time.
 */
import { execFileSync, spawn } from "node:child_process";
import { join } from "node:path";
import { REPO } from "../server/built.js";
import { startProcess } from "../server/spawn.js";

export { DEMO_SECRET } from "../../src/replay/demo-keys.js";

export interface RunningPlugin {
  /** `127.0.0.1:<port>`, the form an operator gives the kit. */
  endpoint: string;
  stop(): Promise<void>;
}

function stopper(child: {
  kill(signal: NodeJS.Signals): boolean;
  once(event: "exit", listener: () => void): unknown;
  exitCode: number | null;
}): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    await exited;
  };
}

/** Our server (dist/, built by the caller with ensureBuilt) in demo mode; `fixturesDir` replaces the repository's fixtures/. */
export async function startOurServer(fixturesDir?: string): Promise<RunningPlugin> {
  const spawned = startProcess(["--demo", "--port", "0", ...(fixturesDir ? ["--fixtures-dir", fixturesDir] : [])]);
  const port = await spawned.listening;
  return { endpoint: `127.0.0.1:${port}`, stop: stopper(spawned.child) };
}

/** Writes proto/ as a FileDescriptorSet (what the Python plugin serves) to `file`. */
export function buildDescriptorSet(file: string): void {
  execFileSync(join(REPO, "node_modules/.bin/buf"), ["build", "--exclude-source-info", "--as-file-descriptor-set", "-o", file], { cwd: REPO });
}

/** The broken Python plugin on `port` (default an ephemeral one); resolves once it printed `{"port": N}`. */
export function startBrokenPlugin(descriptorSet: string, port = 0): Promise<RunningPlugin> {
  const child = spawn("/usr/bin/python3", [join(REPO, "test/conformance/broken_plugin.py"), descriptorSet], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PLUGIN_PORT: String(port) },
  });
  let out = "";
  let err = "";
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`broken_plugin.py exited with ${code}: ${err}`)));
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line === undefined || !out.includes("\n")) return;
      const { port } = JSON.parse(line) as { port: number };
      resolve({ endpoint: `127.0.0.1:${port}`, stop: stopper(child) });
    });
  });
}
