/**
 * `fixtures serve`: the replay on its own, for benchmarks that must not share
 * a process (and its CPU) with the collector under test. Prints the base URL,
 * then serves until SIGINT/SIGTERM. Uses only the replay, so it is in the
 * production build.
 */
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { integerFlag, parse, showHelp, stringFlag } from "../args.js";

export const HELP = `Usage: cloudforet-ec2 fixtures serve [--port N] [--host H] [--fixtures-dir DIR] [--no-verify]

Serves the fixture replay alone at http://H:N/replay/<set> until SIGINT or SIGTERM.

  --port N             port (default 0: any free port; the URL is printed)
  --host H             bind address (default 127.0.0.1)
  --fixtures-dir DIR   where the sets are (default: the repository's fixtures/, or FIXTURES_DIR)
  --no-verify          accept any SigV4 signature`;

/** Serves until a signal ends the process; resolves once listening (undefined: keep running). */
export async function run(argv: readonly string[]): Promise<number | undefined> {
  const { values, help } = parse(argv, {
    port: { type: "string" },
    host: { type: "string" },
    "fixtures-dir": { type: "string" },
    "no-verify": { type: "boolean" },
  });
  if (help) return showHelp(HELP);
  const port = integerFlag(values, "port", 0);
  const hostname = stringFlag(values, "host") ?? "127.0.0.1";
  const [{ loadConfig }, { serve }, { Hono }, { createReplayRoutes }] = await Promise.all([
    import("../../common/config.js"),
    import("@hono/node-server"),
    import("hono"),
    import("../../replay/index.js"),
  ]);
  const fixturesDir = resolve(stringFlag(values, "fixtures-dir") ?? loadConfig([], process.env).fixturesDir);
  const app = new Hono();
  app.route("/replay", createReplayRoutes({ fixturesDir, verifySignatures: values["no-verify"] !== true }));
  const server = serve({ fetch: app.fetch, port, hostname });
  await new Promise((listening, failed) => server.once("listening", listening).once("error", failed));
  const address = server.address() as AddressInfo;
  process.stdout.write(`replay listening on http://${address.address}:${address.port}/replay/<set>\n`);
  const stop = () => server.close(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return undefined;
}
