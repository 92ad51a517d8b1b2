/** `conformance`: will Cloudforet notice if this plugin replaces the one it runs? The kit's checks against any plugin. */
import { writeFileSync } from "node:fs";
import { EndpointError, endpointUrl } from "../../plugin-client/connection.js";
import { renderConformance } from "../../conformance/render.js";
import { runConformance } from "../../conformance/run.js";
import { EXIT, integerFlag, jsonObjectFlag, jsonObjectOptions, parse, showHelp, stringFlag, UsageError, type Parsed } from "../args.js";

export const HELP = `Usage: cloudforet-ec2 conformance --endpoint HOST:PORT [options]

Checks a running collector plugin, in any language, the way Cloudforet's inventory uses it
(docs/contract.md): reflection v1alpha (services, files, NOT_FOUND, descriptors against proto/),
Health, ServerInfo, init metadata, verify with bad credentials, get_tasks, one collect per task
(types, states, match rules, JSON text, key sets, ErrorResources, match keys, stream ends), then
the tasks again in another order, spread over every --endpoint (distribution). Prints a table of
checks with their evidence (or the JSON report).

Plugin:
  --endpoint E                            host:port, grpc://host:port or http://host:port; repeat it
                                          to spread the distribution run over replicas (the first
                                          endpoint runs every other check)
Request (the same for every call):
  --options JSON | --options-file FILE    collector options (default {})
  --secret JSON | --secret-file FILE      secret_data; without it verify, get_tasks, collect and
                                          distribution are skipped
  --timeout S                             deadline of each unary call (default 180, the platform's)
  --concurrency N                         distribution run: streams at once (default 4)
Output:
  --format F                              table (default) or json (the report)
  --report FILE                           also write the JSON report to FILE

Example:
  cloudforet-ec2 conformance --endpoint 127.0.0.1:50051 --secret-file secret.json --report report.json

Exit codes:
  0  every check passed (warnings allowed)
  1  a check failed
  2  usage error
  3  no plugin could be reached`;

/** Exit code 1: the kit ran and found what Cloudforet would notice. */
export const FAILED_CHECKS = EXIT.failedResources;

export const OPTIONS = {
  endpoint: { type: "string", multiple: true },
  ...jsonObjectOptions("options"),
  ...jsonObjectOptions("secret"),
  timeout: { type: "string" },
  concurrency: { type: "string" },
  format: { type: "string" },
  report: { type: "string" },
} as const;

/** The `--endpoint` values, checked; at least one. */
export function endpointsOf(values: Parsed["values"], flag = "endpoint"): string[] {
  const given = values[flag];
  const endpoints = (Array.isArray(given) ? given : typeof given === "string" ? [given] : []).map(String);
  if (endpoints.length === 0) throw new UsageError(`give --${flag} HOST:PORT`);
  for (const endpoint of endpoints) {
    try {
      endpointUrl(endpoint);
    } catch (err) {
      if (err instanceof EndpointError) throw new UsageError(`--${flag}: ${err.message}`);
      throw err;
    }
  }
  return endpoints;
}

/** `--format`: table (default) or json. */
export function reportFormatOf(values: Parsed["values"]): "table" | "json" {
  const format = stringFlag(values, "format") ?? "table";
  if (format !== "table" && format !== "json") throw new UsageError(`--format must be table or json, got "${format}"`);
  return format;
}

/** Prints the report (table or JSON) and writes the JSON to `--report` when given. */
export function emitReport(values: Parsed["values"], report: object, table: string): void {
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const file = stringFlag(values, "report");
  if (file !== undefined) writeFileSync(file, json);
  process.stdout.write(reportFormatOf(values) === "json" ? json : table);
}

/** A positive `--<name>` in units of `scale`, or `fallback`. */
export function positiveFlag(values: Parsed["values"], name: string, fallback: number, scale = 1): number {
  const n = integerFlag(values, name, fallback);
  if (n < 1) throw new UsageError(`--${name} must be at least 1`);
  return n * scale;
}

export async function run(argv: readonly string[]): Promise<number> {
  const { values, help } = parse(argv, OPTIONS);
  if (help) return showHelp(HELP);
  const endpoints = endpointsOf(values);
  reportFormatOf(values);
  const settings = {
    endpoints,
    options: jsonObjectFlag(values, "options") ?? {},
    secretData: jsonObjectFlag(values, "secret"),
    timeoutMs: positiveFlag(values, "timeout", 180, 1000),
    concurrency: positiveFlag(values, "concurrency", 4),
  };
  // An unreachable plugin throws: the dispatcher prints it and exits 3.
  const report = await runConformance(settings);
  emitReport(values, report, renderConformance(report));
  return report.conforms ? EXIT.ok : FAILED_CHECKS;
}
