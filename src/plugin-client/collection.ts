/**
 * A whole collection the way Cloudforet's inventory runs one
 * (docs/contract.md#job-tasks): `Job.get_tasks` (its error swallowed), then one
 * `Collector.collect` per task with that task's `task_options` — or one
 * without when there are none — each stream read to its end. Tasks may be
 * spread over several endpoints, as the platform spreads sub-tasks over plugin
 * replicas.
 */
import type { JsonObject } from "../common/json.js";
import { forEachLimit } from "../common/async.js";
import type { CollectorPlugin } from "./collector-plugin.js";
import { isJsonObject } from "../compare/json-path.js";
import { rpcFailure, type CallOptions, type RpcFailure } from "./dynamic-client.js";

export interface TaskRun {
  /** Position in the plan. */
  index: number;
  /** The task's `task_options`; undefined: a collect without them. */
  task: JsonObject | undefined;
  /** Where it ran. */
  endpoint: string;
  /** Every ResourceInfo, in arrival order, as the inventory reads it. */
  records: JsonObject[];
  /** The status the stream ended with; undefined: it ended OK. */
  error?: RpcFailure;
}

export interface TaskPlan {
  /** The TasksInfo `tasks`, when get_tasks answered. */
  answered?: JsonObject[];
  /** get_tasks's error (the platform only logs it). */
  error?: RpcFailure;
  /** What the platform collects: each task's `task_options`, or one `undefined` (a collect without task_options). */
  tasks: Array<JsonObject | undefined>;
}

export interface CollectionRequest {
  options: JsonObject;
  secretData: JsonObject;
}

/** `Job.get_tasks` as the inventory uses it; a plugin without Job is treated like one that failed. */
export async function planTasks(plugin: CollectorPlugin, { options, secretData }: CollectionRequest, call?: CallOptions): Promise<TaskPlan> {
  let answered: JsonObject[];
  try {
    const info = await plugin.getTasks(options, secretData, call);
    answered = Array.isArray(info.tasks) ? (info.tasks as JsonObject[]) : [];
  } catch (err) {
    return { error: rpcFailure(err), tasks: [undefined] };
  }
  const tasks = answered.map((task) => (isJsonObject(task.task_options) ? task.task_options : undefined));
  return { answered, tasks: tasks.length > 0 ? tasks : [undefined] };
}

/** One collect stream, read to its end. */
export async function collectTask(
  plugin: CollectorPlugin,
  request: CollectionRequest,
  task: JsonObject | undefined,
  index = 0,
  call?: CallOptions,
): Promise<TaskRun> {
  const run: TaskRun = { index, task, endpoint: plugin.connection.endpoint, records: [] };
  try {
    for await (const record of plugin.collect({ ...request, taskOptions: task }, call)) run.records.push(record);
  } catch (err) {
    run.error = rpcFailure(err);
  }
  return run;
}

export interface SpreadOptions {
  /** Streams at once (default 1: one after the other). */
  concurrency?: number;
  /** Run the tasks last to first (the results stay in plan order). */
  reverse?: boolean;
  call?: CallOptions;
}

/** Collects every task, task `i` on `plugins[i % plugins.length]` (round robin); results in plan order. */
export async function collectTasks(
  plugins: readonly CollectorPlugin[],
  request: CollectionRequest,
  tasks: ReadonlyArray<JsonObject | undefined>,
  spread: SpreadOptions = {},
): Promise<TaskRun[]> {
  const runs: TaskRun[] = new Array<TaskRun>(tasks.length);
  const order = tasks.map((_, i) => i);
  if (spread.reverse) order.reverse();
  await forEachLimit(order, Math.max(1, spread.concurrency ?? 1), async (i) => {
    runs[i] = await collectTask(plugins[i % plugins.length]!, request, tasks[i], i, spread.call);
  });
  return runs;
}
