/**
 * `Job.get_tasks` planning (docs/records.md#task-planning), also run by `collect` when the
 * platform calls it without `task_options` (docs/records.md#collect-without-task_options). Any failure is thrown: an
 * empty task list would end in an empty success and, three runs later, deletion.
 */
import type { JsonObject } from "../common/json.js";
import { invalidParameter } from "../common/errors.js";
import { credentialsError } from "./aws/credentials.js";
import type { AwsSession } from "./aws/session.js";
import { HOME_REGION } from "./context.js";
import type { CollectorOptions } from "./options.js";

/** Regions enabled for the account, in AWS's order. */
export async function enabledRegions(session: AwsSession): Promise<string[]> {
  try {
    const out = await session.send("ec2:DescribeRegions", HOME_REGION, {});
    return (out.Regions ?? []).map((r) => r.RegionName).filter((r): r is string => !!r);
  } catch (err) {
    session.signal.throwIfAborted();
    throw credentialsError(err, "ec2:DescribeRegions", HOME_REGION);
  }
}

/** The task list: types, regions, metrics, then one CloudService task per service × region. */
export async function planTasks(session: AwsSession, options: CollectorOptions): Promise<JsonObject[]> {
  const enabled = await enabledRegions(session);
  let regions = enabled;
  if (options.regionFilter) {
    const known = new Set(enabled);
    const unknown = options.regionFilter.filter((r) => !known.has(r));
    if (unknown.length > 0) {
      throw invalidParameter("options.region_filter", `not enabled for the account or unknown: ${unknown.join(", ")}`);
    }
    regions = [...new Set(options.regionFilter)];
  }
  if (regions.length === 0) throw invalidParameter("options.region_filter", "no region to collect");
  const tasks: JsonObject[] = [
    { resource_type: "inventory.CloudServiceType", services: [...options.services] },
    { resource_type: "inventory.Region", regions: [...regions] },
    { resource_type: "inventory.Metric", services: ["EC2"] },
  ];
  for (const service of options.services) for (const region of regions) tasks.push({ resource_type: "inventory.CloudService", service, region });
  return tasks;
}
