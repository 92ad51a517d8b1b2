/** `verify`: Collector.verify, a check of the secret's credentials and permissions. */
import { Collector } from "../../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { EXIT, EXIT_CODES_HELP, jsonObjectOptions, parse, showHelp } from "../args.js";
import { FORMAT_HELP, FORMAT_OPTIONS, formatOf } from "../output.js";
import { withClient } from "../rpc.js";
import { optionsOf, SECRET_HELP, secretOf, TARGET_HELP, TARGET_OPTIONS } from "../target.js";

export const HELP = `Usage: cloudforet-ec2 verify [options]

Calls Collector.verify: checks the credentials and every AWS permission the collector needs.
Prints {} (table: "verified") and exits 0 when they pass; exits 3 with the error otherwise.

${TARGET_HELP}
${SECRET_HELP}
Output:
${FORMAT_HELP}

${EXIT_CODES_HELP}`;

export async function run(argv: readonly string[]): Promise<number> {
  const { values, help } = parse(argv, { ...TARGET_OPTIONS, ...jsonObjectOptions("secret"), ...FORMAT_OPTIONS });
  if (help) return showHelp(HELP);
  const format = formatOf(values);
  const options = optionsOf(values);
  await withClient(values, Collector, (client, target) => client.verify({ options, secretData: secretOf(values, target) }));
  process.stdout.write(format === "ndjson" ? "{}\n" : "verified\n");
  return EXIT.ok;
}
