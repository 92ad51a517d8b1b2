#!/usr/bin/env node
/**
 * `cloudforet-ec2`: the collector's command line for scripts and operators.
 * A tiny dispatcher: each command is its own module, loaded only when run, so
 * `serve` starts as fast as `node dist/src/main.js` and nothing heavy loads
 * for `--help`.
 */
import { EXIT, EXIT_CODES_HELP, UsageError } from "./args.js";
import type { CommandModule } from "./command.js";

const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  serve: { summary: "run the plugin server (gRPC, gRPC-Web, Connect, NDJSON on one port)", load: () => import("./commands/serve.js") },
  init: { summary: "Collector.init: the plugin's metadata", load: () => import("./commands/init.js") },
  verify: { summary: "Collector.verify: check credentials and permissions", load: () => import("./commands/verify.js") },
  tasks: { summary: "Job.get_tasks: the collection plan, one task per line", load: () => import("./commands/tasks.js") },
  collect: { summary: "Collector.collect: the records, one per line as they arrive", load: () => import("./commands/collect.js") },
  openapi: { summary: "print the OpenAPI 3.1 description of the JSON routes", load: () => import("./commands/openapi.js") },
  fixtures: { summary: "fixture tools: validate, serve, generate, record", load: () => import("./commands/fixtures.js") },
  conformance: { summary: "check any collector plugin the way Cloudforet uses it (table, JSON report)", load: () => import("./commands/conformance.js") },
  diff: { summary: "collect two plugins alike and compare their records key path by key path", load: () => import("./commands/diff.js") },
};

const USAGE = `Usage: cloudforet-ec2 <command> [options]   (cloudforet-ec2 <command> --help)

The Cloudforet AWS EC2 collector. init, verify, tasks and collect call a running server
(--endpoint, default http://127.0.0.1:50051) or, with --fixture SET, run the plugin in this
process against the replay of a fixture set (no server, no AWS account). Output is NDJSON
(one JSON message per line) or a table (--format table). conformance and diff check any
collector plugin, in any language, at --endpoint HOST:PORT.

Commands:
${Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(13)}${summary}`)
  .join("\n")}

${EXIT_CODES_HELP}`;

async function main(argv: readonly string[]): Promise<number | undefined> {
  const [name, ...rest] = argv;
  if (name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    process.stderr.write(`${name === undefined ? "name a command" : `unknown command "${name}"`}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  try {
    return await (await command.load()).run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`cloudforet-ec2 ${name}: ${err.message}\n(see cloudforet-ec2 ${name} --help)\n`);
      return EXIT.usage;
    }
    // An RPC error shows its code and Cloudforet's text; anything else its message.
    const e = err as { name?: string; code?: unknown; rawMessage?: string; message?: string };
    const text = e.name === "ConnectError" ? `${await codeName(e.code)}: ${e.rawMessage}` : (e.message ?? String(err));
    process.stderr.write(`cloudforet-ec2 ${name}: ${text}\n`);
    return EXIT.failed;
  }
}

/** Connect's name of an error code (`invalid_argument`), loaded only when an error is printed. */
async function codeName(code: unknown): Promise<string> {
  const { codeToString } = await import("@connectrpc/connect/protocol-connect");
  return typeof code === "number" ? codeToString(code) : String(code);
}

// A reader that stops early (`| head`) is no error: stop quietly.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(EXIT.ok);
  throw err;
});

const code = await main(process.argv.slice(2));
if (code !== undefined) {
  // Exit once stdout has taken everything: an engine's timers or idle sockets must not keep a finished command alive.
  process.stdout.write("", () => process.exit(code));
}
