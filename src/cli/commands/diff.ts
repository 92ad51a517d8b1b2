/** `diff`: two plugins collected the same way, their records compared key path by key path. */
import { readFileSync } from "node:fs";
import type { JsonValue } from "../../common/json.js";
import { KnownDifferencesError, parseKnownDifferences, type KnownDifference } from "../../compare/known-differences.js";
import { diffPlugins } from "../../conformance/plugin-diff.js";
import { renderDiff } from "../../conformance/render.js";
import { EXIT, jsonObjectFlag, jsonObjectOptions, parse, showHelp, stringFlag, UsageError, type Parsed } from "../args.js";
import { emitReport, endpointsOf, FAILED_CHECKS, positiveFlag, reportFormatOf } from "./conformance.js";

export const HELP = `Usage: cloudforet-ec2 diff --endpoint A --against B --secret JSON [options]

Collects two running collector plugins (any language) with the same options and secret, each task
by task as Cloudforet does (its own get_tasks, one collect per task), matches their records by
match rules and compares them key path by key path, json_data and json_metadata decoded. Prints
the differences per type and key path with examples (secrets masked): records missing from B or
extra in B, values changed, added or removed; lists holding the same items in another order as
benign; differences the known-differences file explains apart.

  --endpoint A                            the first plugin (host:port, grpc://host:port, http://…)
  --against B                             the second plugin
  --options JSON | --options-file FILE    collector options for both (default {})
  --secret JSON | --secret-file FILE      secret_data for both (required)
  --known-differences FILE                deliberate differences, JSON:
                                          {"differences":[{"type":"CloudService EC2/Instance",
                                          "path":"resource.json_data.os.details","kind":"changed",
                                          "reason":"why"}]}  (type and path take * wildcards;
                                          a path covers everything below it)
  --timeout S                             deadline of get_tasks (default 180, the platform's)
Output:
  --format F                              table (default) or json (the report)
  --report FILE                           also write the JSON report to FILE

Exit codes:
  0  no differences (benign and known ones allowed), every stream ended OK
  1  the plugins differ, or a stream failed
  2  usage error
  3  a plugin could not be reached`;

const OPTIONS = {
  endpoint: { type: "string" },
  against: { type: "string" },
  ...jsonObjectOptions("options"),
  ...jsonObjectOptions("secret"),
  "known-differences": { type: "string" },
  timeout: { type: "string" },
  format: { type: "string" },
  report: { type: "string" },
} as const;

function knownDifferencesOf(values: Parsed["values"]): KnownDifference[] {
  const file = stringFlag(values, "known-differences");
  if (file === undefined) return [];
  let json: JsonValue;
  try {
    json = JSON.parse(readFileSync(file, "utf8")) as JsonValue;
  } catch (err) {
    throw new UsageError(`--known-differences ${file}: ${(err as Error).message}`);
  }
  try {
    return parseKnownDifferences(json);
  } catch (err) {
    if (err instanceof KnownDifferencesError) throw new UsageError(`--known-differences ${file}: ${err.message}`);
    throw err;
  }
}

export async function run(argv: readonly string[]): Promise<number> {
  const { values, help } = parse(argv, OPTIONS);
  if (help) return showHelp(HELP);
  const [endpoint] = endpointsOf(values);
  const [against] = endpointsOf(values, "against");
  reportFormatOf(values);
  const secretData = jsonObjectFlag(values, "secret");
  if (secretData === undefined) throw new UsageError("give --secret or --secret-file: both plugins collect with it");
  const report = await diffPlugins({
    endpoint: endpoint!,
    against: against!,
    options: jsonObjectFlag(values, "options") ?? {},
    secretData,
    known: knownDifferencesOf(values),
    timeoutMs: positiveFlag(values, "timeout", 180, 1000),
  });
  emitReport(values, report, renderDiff(report));
  return report.same ? EXIT.ok : FAILED_CHECKS;
}
