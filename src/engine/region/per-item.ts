/**
 * Per-item calls (no batch form in AWS): at most `perItemConcurrency` in flight per API
 * (AWS's buckets are per API, so different APIs may overlap), rate limited inside
 * `AwsSession.send`, memoised for the region task so a warm-up's result (or failure)
 * is the one the type gets, and, for the calls below that allow it, cached across
 * collects by resource and fingerprint.
 */
import type { Image, Instance, LaunchTemplate, Volume } from "@aws-sdk/client-ec2";
import { Semaphore } from "../../common/async.js";
import type { ApiInput, ApiName, ApiOutput } from "../aws/api-table.js";
import { ItemCache } from "../aws/item-cache.js";
import { collectAll } from "../aws/paginate.js";
import type { AwsSession } from "../aws/session.js";
import type { RegionListings } from "./listings.js";
import type { TaskMemo } from "./memo.js";

/** A per-item call whose answer is cached while the resource's fingerprint is unchanged. */
interface CachedCall<Item, A extends ApiName, Value> {
  readonly api: A;
  /** An enrichment the collector's switch turns off (the call is skipped, the field is null). */
  readonly enrichment: boolean;
  readonly id: (item: Item) => string | undefined;
  /** The fields whose change may change the answer. */
  readonly fingerprint: (item: Item) => unknown[];
  readonly input: (id: string) => ApiInput<A>;
  readonly value: (out: ApiOutput<A>) => Value;
}

/** Declares a cached call of `api` (curried, so that `api` is settled before the rest is typed against it). */
const cachedCall =
  <A extends ApiName>(api: A) =>
  <Item, Value>(spec: Omit<CachedCall<Item, A, Value>, "api">): CachedCall<Item, A, Value> => ({ api, ...spec });

const CACHED_CALLS = {
  terminationProtection: cachedCall("ec2:DescribeInstanceAttribute")({
    enrichment: true,
    id: (i: Instance) => i.InstanceId,
    fingerprint: (i) => [i.LaunchTime, i.State?.Name],
    input: (id) => ({ InstanceId: id, Attribute: "disableApiTermination" }),
    value: (out) => out.DisableApiTermination?.Value ?? false,
  }),
  launchPermissions: cachedCall("ec2:DescribeImageAttribute")({
    enrichment: true,
    id: (i: Image) => i.ImageId,
    fingerprint: (i) => [i.CreationDate, i.State, i.Public],
    input: (id) => ({ ImageId: id, Attribute: "launchPermission" }),
    value: (out) => out.LaunchPermissions ?? [],
  }),
  volumeProductCodes: cachedCall("ec2:DescribeVolumeAttribute")({
    enrichment: true,
    id: (v: Volume) => v.VolumeId,
    fingerprint: (v) => [v.CreateTime, v.State, v.SnapshotId],
    input: (id) => ({ VolumeId: id, Attribute: "productCodes" }),
    value: (out) => out.ProductCodes ?? [],
  }),
  // Not an enrichment (the version number is part of the record's identity), but cached: versions are immutable.
  launchTemplateVersion: cachedCall("ec2:DescribeLaunchTemplateVersions")({
    enrichment: false,
    id: (t: LaunchTemplate) => t.LaunchTemplateId,
    fingerprint: (t) => [t.LatestVersionNumber, t.DefaultVersionNumber],
    input: (id) => ({ LaunchTemplateId: id }),
    value: (out) => out.LaunchTemplateVersions?.[0],
  }),
};

const fingerprintOf = (parts: unknown[]) => JSON.stringify(parts.map((p) => (p instanceof Date ? p.getTime() : (p ?? null))));

export interface PerItemOptions {
  session: AwsSession;
  region: string;
  account: string;
  itemCache: ItemCache;
  memo: TaskMemo;
  /** Per-item enrichment (termination protection, volume product codes, image launch permissions). */
  enrich: boolean;
  /** Per-item calls in flight per API and region. */
  perItemConcurrency: number;
}

export type PerItemCalls = Pick<RegionListings, keyof typeof CACHED_CALLS | "lifecycleHooks" | "listeners" | "targetHealth">;

export function createPerItemCalls(options: PerItemOptions): PerItemCalls {
  const { session, region, account, itemCache, memo, enrich } = options;
  const semaphores = new Map<ApiName, Semaphore>();
  const bounded = <T>(api: ApiName, call: () => Promise<T>): Promise<T> => {
    let sem = semaphores.get(api);
    if (!sem) semaphores.set(api, (sem = new Semaphore(options.perItemConcurrency)));
    return sem.run(call);
  };

  function cached<Item, A extends ApiName, Value>(spec: CachedCall<Item, A, Value>): (item: Item) => Promise<Value | undefined> {
    return (item) => {
      const id = spec.id(item);
      if ((spec.enrichment && !enrich) || !id) return Promise.resolve(undefined);
      const call = async () => spec.value(await session.send(spec.api, region, spec.input(id)));
      return memo(`${spec.api}:${id}`, () =>
        itemCache.getOrLoad(ItemCache.key(spec.api, account, region, id), fingerprintOf(spec.fingerprint(item)), () => bounded(spec.api, call)),
      );
    };
  }

  return {
    terminationProtection: cached(CACHED_CALLS.terminationProtection),
    launchPermissions: cached(CACHED_CALLS.launchPermissions),
    volumeProductCodes: cached(CACHED_CALLS.volumeProductCodes),
    launchTemplateVersion: cached(CACHED_CALLS.launchTemplateVersion),
    lifecycleHooks: (groupName) =>
      memo(`hooks:${groupName}`, () =>
        bounded(
          "autoscaling:DescribeLifecycleHooks",
          async () => (await session.send("autoscaling:DescribeLifecycleHooks", region, { AutoScalingGroupName: groupName })).LifecycleHooks ?? [],
        ),
      ),
    listeners: (arn) =>
      memo(`listeners:${arn}`, () =>
        bounded("elasticloadbalancing:DescribeListeners", () =>
          collectAll(session, "elasticloadbalancing:DescribeListeners", region, { LoadBalancerArn: arn }, (o) => o.Listeners),
        ),
      ),
    targetHealth: (arn) =>
      memo(`targetHealth:${arn}`, () =>
        bounded(
          "elasticloadbalancing:DescribeTargetHealth",
          async () => (await session.send("elasticloadbalancing:DescribeTargetHealth", region, { TargetGroupArn: arn })).TargetHealthDescriptions ?? [],
        ),
      ),
  };
}
