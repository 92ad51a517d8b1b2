/** The compiled server as a child process, its JSON log lines parsed as they arrive. */
import { spawn, type ChildProcess } from "node:child_process";
import { MAIN_JS } from "./built.js";

export interface Spawned {
  child: ChildProcess;
  logs: Array<Record<string, unknown>>;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  /** Resolves with the port from the "listening" log line. */
  listening: Promise<number>;
}

/** Runs the compiled server (or `script`, e.g. the CLI) under Node with `nodeArgs`; `listening` resolves with the port from its "listening" log line. */
export function startProcess(args: string[], script: string = MAIN_JS, nodeArgs: string[] = []): Spawned {
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], { env: { ...process.env, LOG_LEVEL: "info" }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  const logs: Array<Record<string, unknown>> = [];
  let onPort: (port: number) => void = () => {};
  const listening = new Promise<number>((resolve, reject) => {
    onPort = resolve;
    child.once("exit", (code) => reject(new Error(`exited with ${code} before listening: ${err}`)));
  });
  listening.catch(() => {});
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => {
    err += c.toString();
    const lines = err.split("\n");
    logs.length = 0;
    for (const line of lines) {
      if (!line.startsWith("{")) continue;
      try {
        const rec = JSON.parse(line) as Record<string, unknown>;
        logs.push(rec);
        if (rec.msg === "listening") onPort(rec.port as number);
      } catch {
        // partial line
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, logs, stdout: () => out, stderr: () => err, exited, listening };
}
