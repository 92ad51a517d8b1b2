/**
 * `npm run fixtures:serve -- [--port 0] [--host 127.0.0.1] [--fixtures fixtures]`
 * The replay on its own, for benchmarks that must not share a process (and
 * its CPU) with the collector under test. Prints the base URL, then serves
 * until SIGINT/SIGTERM.
 */
import { resolve } from "node:path";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { createReplayRoutes } from "../../replay/index.js";
import { integer, parseCli } from "./args.js";

const USAGE = "usage: fixtures:serve -- [--port N=0] [--host 127.0.0.1] [--fixtures DIR=fixtures] [--no-verify]";
const { values: args } = parseCli({ port: { type: "string" }, host: { type: "string" }, fixtures: { type: "string" }, "no-verify": { type: "boolean" } }, USAGE);
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const app = new Hono();
app.route("/replay", createReplayRoutes({ fixturesDir: resolve((args.fixtures as string | undefined) ?? "fixtures"), verifySignatures: !args["no-verify"] }));
const server = serve({ fetch: app.fetch, port: integer(args.port as string | undefined, "port", 0), hostname: (args.host as string | undefined) ?? "127.0.0.1" }, () => {
  const { address, port } = server.address() as AddressInfo;
  process.stdout.write(`replay listening on http://${address}:${port}/replay/<set>\n`);
});
const stop = () => server.close(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
