/** `openapi`: the OpenAPI document the server serves at /openapi.json, without a server. */
import { EXIT, EXIT_CODES_HELP, parse, showHelp } from "../args.js";
import { API_TITLE } from "./serve.js";

export const HELP = `Usage: cloudforet-ec2 openapi

Prints the OpenAPI 3.1 description of the JSON routes (what GET /openapi.json answers), generated
from the protobuf descriptors of the served services, e.g. for code generators or Postman.

${EXIT_CODES_HELP}`;

export async function run(argv: readonly string[]): Promise<number> {
  const { help } = parse(argv, {});
  if (help) return showHelp(HELP);
  const [{ openApiDocument }, { listedServices }, { pluginServices }, { packageVersion }, { lazyEngine }] = await Promise.all([
    import("../../server/http/openapi.js"),
    import("../../server/rpc/router.js"),
    import("../../plugin/services.js"),
    import("../../plugin/server-info.js"),
    import("../../plugin/lazy-engine.js"),
  ]);
  // Only the services' descriptors are read: the engine behind them is never loaded.
  const services = pluginServices(lazyEngine(() => Promise.reject(new Error("no engine in `openapi`"))));
  process.stdout.write(`${JSON.stringify(openApiDocument(listedServices(services), { title: API_TITLE, version: packageVersion() }), null, 2)}\n`);
  return EXIT.ok;
}
