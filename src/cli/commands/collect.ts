/** `collect`: Collector.collect, one record per line as it arrives. */
import { toJson } from "@bufbuild/protobuf";
import { Collector, ResourceInfo_State, ResourceInfoSchema, type ResourceInfo } from "../../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import type { JsonObject } from "../../common/json.js";
import { EXIT, EXIT_CODES_HELP, jsonObjectFlag, jsonObjectOptions, parse, showHelp, stringFlag, UsageError, type Parsed } from "../args.js";
import { FORMAT_HELP, FORMAT_OPTIONS, formatOf, progressLine, rowWriter, type Column } from "../output.js";
import { withClient } from "../rpc.js";
import { optionsOf, SECRET_HELP, secretOf, TARGET_HELP, TARGET_OPTIONS } from "../target.js";

export const HELP = `Usage: cloudforet-ec2 collect [options]

Calls Collector.collect and prints each record as it arrives: one ResourceInfo per line, in the
JSON Connect writes (the lines the server's NDJSON route sends). Without a task, the plugin plans
and runs every task itself. A progress line goes to stderr when it is a terminal.

${TARGET_HELP}
${SECRET_HELP}
  --task JSON | --task-file FILE          task_options, e.g. a taskOptions printed by \`tasks\`
  --region R                              shorthand for the EC2 task of region R
  --filter JSON | --filter-file FILE      filter (default {})
Output:
${FORMAT_HELP}

Examples:
  cloudforet-ec2 collect --fixture demo --region us-east-1
  cloudforet-ec2 collect --endpoint http://127.0.0.1:50051 --secret-file secret.json --format table

${EXIT_CODES_HELP}`;

const OPTIONS = {
  ...TARGET_OPTIONS,
  ...jsonObjectOptions("secret"),
  ...jsonObjectOptions("task"),
  ...jsonObjectOptions("filter"),
  region: { type: "string" },
  ...FORMAT_OPTIONS,
} as const;

const isFailure = (info: ResourceInfo) => info.state === ResourceInfo_State.FAILURE || info.resourceType === "inventory.ErrorResource";

const field = (value: unknown) => (typeof value === "string" ? value : "");

const COLUMNS: Column<ResourceInfo>[] = [
  { title: "STATE", width: 7, value: (r) => ResourceInfo_State[r.state] ?? String(r.state) },
  { title: "KIND", width: 16, value: (r) => r.resourceType.replace(/^inventory\./, "") },
  {
    title: "TYPE",
    width: 24,
    value: (r) =>
      r.resource?.cloud_service_group ? `${field(r.resource.cloud_service_group)}/${field(r.resource.cloud_service_type)}` : field(r.resource?.group),
  },
  { title: "REGION", width: 14, value: (r) => field(r.resource?.region_code) },
  { title: "ID", width: 22, value: (r) => field((r.resource?.reference as JsonObject | undefined)?.resource_id) || field(r.resource?.metric_id) },
  { title: "NAME / MESSAGE", width: 0, value: (r) => (isFailure(r) ? r.message : field(r.resource?.name)) },
];

/** task_options from `--task`/`--task-file` or `--region`; undefined: the plugin plans every task. */
function taskOf(values: Parsed["values"]): JsonObject | undefined {
  const task = jsonObjectFlag(values, "task");
  const region = stringFlag(values, "region");
  if (task && region !== undefined) throw new UsageError("give --task (or --task-file) or --region, not both");
  return region !== undefined ? { resource_type: "inventory.CloudService", service: "EC2", region } : task;
}

export async function run(argv: readonly string[]): Promise<number> {
  const { values, help } = parse(argv, OPTIONS);
  if (help) return showHelp(HELP);
  const format = formatOf(values);
  const request = { options: optionsOf(values), filter: jsonObjectFlag(values, "filter") ?? {}, taskOptions: taskOf(values) };
  const write = rowWriter(format, process.stdout, COLUMNS, (info) => toJson(ResourceInfoSchema, info));
  const progress = progressLine(process.stderr, "collect");
  let failures = 0;
  try {
    await withClient(values, Collector, async (client, target) => {
      for await (const info of client.collect({ ...request, secretData: secretOf(values, target) })) {
        const failed = isFailure(info);
        if (failed) failures++;
        progress.tick(failed);
        write(info);
      }
    });
  } finally {
    progress.done();
  }
  return failures > 0 ? EXIT.failedResources : EXIT.ok;
}
