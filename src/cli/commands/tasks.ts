/** `tasks`: Job.get_tasks, the collection plan. */
import { toJson, type JsonValue } from "@bufbuild/protobuf";
import { Job, TaskInfoSchema, type TaskInfo } from "../../../gen/spaceone/api/inventory/plugin/job_pb.js";
import { textOf } from "../../common/json.js";
import { EXIT, EXIT_CODES_HELP, jsonObjectOptions, parse, showHelp } from "../args.js";
import { FORMAT_HELP, FORMAT_OPTIONS, formatOf, rowWriter, type Column } from "../output.js";
import { withClient } from "../rpc.js";
import { optionsOf, SECRET_HELP, secretOf, TARGET_HELP, TARGET_OPTIONS } from "../target.js";

export const HELP = `Usage: cloudforet-ec2 tasks [options]

Calls Job.get_tasks and prints one task per line ({"taskOptions":{…}}); give a task's
taskOptions to \`collect --task\` to run it.

${TARGET_HELP}
${SECRET_HELP}
Output:
${FORMAT_HELP}

${EXIT_CODES_HELP}`;

const text = (value: JsonValue | undefined) => (value === undefined ? "" : Array.isArray(value) ? value.map(textOf).join(",") : textOf(value));

const COLUMNS: Column<TaskInfo>[] = [
  { title: "RESOURCE TYPE", width: 26, value: (t) => text(t.taskOptions?.resource_type) },
  { title: "SERVICE", width: 10, value: (t) => text(t.taskOptions?.service ?? t.taskOptions?.services) },
  { title: "REGION", width: 0, value: (t) => text(t.taskOptions?.region ?? t.taskOptions?.regions) },
];

export async function run(argv: readonly string[]): Promise<number> {
  const { values, help } = parse(argv, { ...TARGET_OPTIONS, ...jsonObjectOptions("secret"), ...FORMAT_OPTIONS });
  if (help) return showHelp(HELP);
  const format = formatOf(values);
  const options = optionsOf(values);
  const { tasks } = await withClient(values, Job, (client, target) => client.get_tasks({ options, secretData: secretOf(values, target) }));
  tasks.forEach(rowWriter(format, process.stdout, COLUMNS, (t) => toJson(TaskInfoSchema, t)));
  return EXIT.ok;
}
