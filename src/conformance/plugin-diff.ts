/**
 * Two plugins compared on the same options and secret: each plans with its own
 * get_tasks and collects task by task as Cloudforet would, then every record
 * of the first is matched by match rules with a record of the second and
 * compared key path by key path (src/compare/).
 */
import type { JsonObject } from "../common/json.js";
import { maskText } from "../common/secrets.js";
import type { KnownDifference } from "../compare/known-differences.js";
import { compareRecords } from "../compare/record-diff.js";
import { summariseDifferences, type DiffSummary } from "../compare/summary.js";
import { openCollectorPlugin, type CollectorPlugin } from "../plugin-client/collector-plugin.js";
import { collectTasks, planTasks, type CollectionRequest } from "../plugin-client/collection.js";
import type { RpcFailure } from "../plugin-client/dynamic-client.js";
import { PLATFORM_UNARY_DEADLINE_MS, secretValues, taskLabel } from "./contract.js";

export interface DiffOptions {
  endpoint: string;
  against: string;
  options?: JsonObject;
  secretData: JsonObject;
  known?: readonly KnownDifference[];
  /** Deadline of get_tasks and of each reflection request in ms (default 180,000: the platform's). */
  timeoutMs?: number;
}

export interface CollectedSide {
  endpoint: string;
  tasks: number;
  records: number;
  /** get_tasks's error, when it failed (the side then collected once without task_options). */
  planError?: RpcFailure;
  /** Streams that did not end OK: their records are incomplete. */
  failedStreams: Array<{ task: string; error: RpcFailure }>;
}

export interface DiffReport {
  a: CollectedSide;
  b: CollectedSide;
  summary: DiffSummary;
  /** No difference left once benign and known ones are set aside, and every stream ended OK. */
  same: boolean;
}

export async function diffPlugins(settings: DiffOptions): Promise<DiffReport> {
  const request: CollectionRequest = { options: settings.options ?? {}, secretData: settings.secretData };
  const call = { timeoutMs: settings.timeoutMs ?? PLATFORM_UNARY_DEADLINE_MS };
  const plugins: CollectorPlugin[] = [];
  try {
    for (const endpoint of [settings.endpoint, settings.against]) plugins.push(await openCollectorPlugin(endpoint, { reflectionTimeoutMs: call.timeoutMs }));
    const secrets = [...secretValues(settings.secretData).values()];
    const [a, b] = await Promise.all(plugins.map((plugin) => collectSide(plugin, request, call, secrets)));
    const comparison = compareRecords(a!.records, b!.records);
    const summary = summariseDifferences(comparison, { known: settings.known, secrets });
    const same = summary.counts.difference === 0 && a!.side.failedStreams.length === 0 && b!.side.failedStreams.length === 0;
    return { a: a!.side, b: b!.side, summary, same };
  } finally {
    for (const plugin of plugins) plugin.close();
  }
}

async function collectSide(
  plugin: CollectorPlugin,
  request: CollectionRequest,
  call: { timeoutMs: number },
  secrets: readonly string[],
): Promise<{ side: CollectedSide; records: JsonObject[] }> {
  const plan = await planTasks(plugin, request, call);
  const runs = await collectTasks([plugin], request, plan.tasks);
  const records = runs.flatMap((run) => run.records);
  // Error texts are the plugin's: masked like the examples.
  const masked = (failure: RpcFailure): RpcFailure => ({ ...failure, message: maskText(failure.message, secrets) });
  const failedStreams = runs.flatMap((run) => (run.error ? [{ task: taskLabel(run.index, run.task), error: masked(run.error) }] : []));
  return {
    side: {
      endpoint: plugin.connection.endpoint,
      tasks: plan.tasks.length,
      records: records.length,
      ...(plan.error ? { planError: masked(plan.error) } : {}),
      failedStreams,
    },
    records,
  };
}
