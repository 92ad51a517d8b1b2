/** `init`: Collector.init, the plugin's metadata. */
import { toJson } from "@bufbuild/protobuf";
import { Collector, PluginInfoSchema } from "../../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { EXIT, EXIT_CODES_HELP, parse, showHelp } from "../args.js";
import { FORMAT_HELP, FORMAT_OPTIONS, formatOf, rowWriter } from "../output.js";
import { KEY_VALUE_COLUMNS, keyValueRows, withClient } from "../rpc.js";
import { optionsOf, TARGET_HELP, TARGET_OPTIONS } from "../target.js";

export const HELP = `Usage: cloudforet-ec2 init [options]

Calls Collector.init and prints the plugin's metadata (one JSON line).

${TARGET_HELP}
Output:
${FORMAT_HELP}

${EXIT_CODES_HELP}`;

export async function run(argv: readonly string[]): Promise<number> {
  const { values, help } = parse(argv, { ...TARGET_OPTIONS, ...FORMAT_OPTIONS });
  if (help) return showHelp(HELP);
  const format = formatOf(values);
  const options = optionsOf(values);
  const info = await withClient(values, Collector, (client) => client.init({ options }));
  const json = toJson(PluginInfoSchema, info);
  if (format === "ndjson") process.stdout.write(`${JSON.stringify(json)}\n`);
  else keyValueRows(json).forEach(rowWriter(format, process.stdout, KEY_VALUE_COLUMNS, (r) => r));
  return EXIT.ok;
}
