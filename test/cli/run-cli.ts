/** Runs the compiled CLI (`dist/src/cli/main.js`, what the `cloudforet-ec2` bin points at) as a child process. */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { REPO } from "../server/built.js";

export const CLI_JS = join(REPO, "dist/src/cli/main.js");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI_JS, ...args],
      { cwd: REPO, env: { ...process.env, ...env }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: number | string }).code ?? null) : 0;
        resolve({ code: typeof code === "number" ? code : null, stdout, stderr });
      },
    );
  });
}

/** The NDJSON lines of `stdout`, parsed. */
export const jsonLines = (stdout: string): unknown[] =>
  stdout
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as unknown);
