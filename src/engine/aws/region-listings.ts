/**
 * The shared fetch plan of one region task (ec2-records.md 3.2): every listing
 * fetched at most once, on first use or by `prefetch()`, concurrently, and shared
 * by all types. Per-item calls run under a bounded per-region limiter, the rate
 * limiter (inside `AwsSession.send`) and the process-wide item cache.
 */
import type * as EC2 from "@aws-sdk/client-ec2";
import type * as AS from "@aws-sdk/client-auto-scaling";
import type * as ELB from "@aws-sdk/client-elastic-load-balancing-v2";
import type * as SSM from "@aws-sdk/client-ssm";
import type { Logger } from "../../common/log.js";
import type { InstanceSummary, RegionListings } from "../resources/types.js";
import type { AwsSession } from "./clients.js";
import { Semaphore, chunks, forEachLimit } from "../../common/async.js";
import { ItemCache } from "./item-cache.js";
import { collectAll, paginate } from "./paginate.js";
import { sdk } from "./sdk.js";

/** Instance states the collector reports (terminated instances are excluded). */
export const INSTANCE_STATES = ["pending", "running", "shutting-down", "stopping", "stopped"];

export interface RegionListingsOptions {
  session: AwsSession;
  region: string;
  account: string;
  log: Logger;
  itemCache: ItemCache;
  /** Per-item enrichment (termination protection, volume product codes, image launch permissions). Default true. */
  perItemEnrichment?: boolean;
  /** Per-item calls in flight per region. Default 8. */
  perItemConcurrency?: number;
}

function summarize(i: EC2.Instance): InstanceSummary {
  return {
    InstanceId: i.InstanceId,
    State: i.State,
    SubnetId: i.SubnetId,
    VpcId: i.VpcId,
    PrivateIpAddress: i.PrivateIpAddress,
    PrivateDnsName: i.PrivateDnsName,
    PublicIpAddress: i.PublicIpAddress,
    PublicDnsName: i.PublicDnsName,
    Architecture: i.Architecture,
    SecurityGroups: i.SecurityGroups,
    Tags: i.Tags,
    InstanceLifecycle: i.InstanceLifecycle,
  };
}

const fingerprint = (...parts: unknown[]) => JSON.stringify(parts.map((p) => (p instanceof Date ? p.getTime() : (p ?? null))));

export function createRegionListings(options: RegionListingsOptions): RegionListings & { prefetch(): void } {
  const { session, region, account, log, itemCache } = options;
  const enrich = options.perItemEnrichment ?? true;
  const perItemLimit = options.perItemConcurrency ?? 8;
  // One limiter per API: AWS's buckets are per API, so per-item calls of different APIs may overlap.
  const perItemSemaphores = new Map<string, Semaphore>();
  const perItem = (api: string): Semaphore => {
    let sem = perItemSemaphores.get(api);
    if (!sem) perItemSemaphores.set(api, (sem = new Semaphore(perItemLimit)));
    return sem;
  };
  const ec2 = sdk.ec2;
  const as = sdk.autoScaling;
  const elb = sdk.elbv2;

  const memos = new Map<string, Promise<unknown>>();
  function memo<T>(key: string, load: () => Promise<T>): Promise<T> {
    let p = memos.get(key) as Promise<T> | undefined;
    if (!p) {
      p = load();
      // Prefetched listings may fail before anyone awaits them; the awaiting type reports the error.
      p.catch(() => undefined);
      memos.set(key, p);
    }
    return p;
  }

  /**
   * A per-item call: bounded per API, cached across collects by resource and fingerprint, and
   * memoised for the region task so a warm-up's result (or failure) is the one the type gets.
   */
  function cachedPerItem<T>(api: string, id: string, itemFingerprint: string, call: () => Promise<T>): Promise<T> {
    return memo(`${api}:${id}`, () => itemCache.getOrLoad(ItemCache.key(api, account, region, id), itemFingerprint, () => perItem(api).run(call)));
  }

  // --- the single DescribeInstances pass ---
  const instanceInput = (): EC2.DescribeInstancesCommandInput => ({
    Filters: [{ Name: "instance-state-name", Values: INSTANCE_STATES }],
    MaxResults: 1000,
  });
  async function* describeInstancePages(): AsyncGenerator<EC2.Instance[]> {
    for await (const page of paginate<EC2.DescribeInstancesCommandInput, EC2.DescribeInstancesCommandOutput>(session, {
      api: "ec2:DescribeInstances",
      region,
      command: (i) => new (ec2().DescribeInstancesCommand)(i),
      input: instanceInput(),
      inputToken: "NextToken",
      outputToken: "NextToken",
    })) {
      yield (page.Reservations ?? []).flatMap((r) => r.Instances ?? []);
    }
  }
  let summaries: Promise<InstanceSummary[]> | undefined;
  let passStarted = false;

  async function drainSummaries(): Promise<InstanceSummary[]> {
    const out: InstanceSummary[] = [];
    for await (const page of describeInstancePages()) for (const i of page) out.push(summarize(i));
    return out;
  }

  async function* instancePages(): AsyncGenerator<EC2.Instance[]> {
    if (passStarted) {
      // Someone else drove the pass already (summaries first): list again rather than hold every instance.
      yield* describeInstancePages();
      return;
    }
    passStarted = true;
    const collected: InstanceSummary[] = [];
    let settle!: { resolve: (v: InstanceSummary[]) => void; reject: (e: unknown) => void };
    summaries = new Promise<InstanceSummary[]>((resolve, reject) => (settle = { resolve, reject }));
    summaries.catch(() => undefined);
    const pass = describeInstancePages();
    let done = false;
    try {
      for (let next = await pass.next(); !next.done; next = await pass.next()) {
        for (const i of next.value) collected.push(summarize(i));
        yield next.value;
      }
      done = true;
      settle.resolve(collected);
    } catch (err) {
      done = true;
      settle.reject(err);
      throw err;
    } finally {
      // The consumer stopped early: the pass already running goes on for the summaries (no second listing).
      if (!done) {
        const drain = async () => {
          for await (const page of pass) for (const i of page) collected.push(summarize(i));
          return collected;
        };
        drain().then(settle.resolve, settle.reject);
      }
    }
  }

  function instanceSummaries(): Promise<InstanceSummary[]> {
    if (!summaries) {
      passStarted = true;
      summaries = drainSummaries();
      summaries.catch(() => undefined);
    }
    return summaries;
  }

  // --- plain listings ---
  /** A listing paginated by `NextToken` (EC2, Auto Scaling, SSM). */
  const tokenList = <I extends object, O, T>(api: string, cmd: (i: I) => { readonly input: object }, input: I, items: (o: O) => T[] | undefined) =>
    collectAll<I, O, T>(session, { api, region, command: cmd, input, inputToken: "NextToken" as keyof I & string, outputToken: "NextToken" as keyof O & string }, items);
  /** A listing paginated by `Marker` / `NextMarker` (ELBv2). */
  const elbList = <I extends object, O, T>(api: string, cmd: (i: I) => { readonly input: object }, input: I, items: (o: O) => T[] | undefined) =>
    collectAll<I, O, T>(session, { api, region, command: cmd, input, inputToken: "Marker" as keyof I & string, outputToken: "NextMarker" as keyof O & string }, items);

  const listings: RegionListings & { prefetch(): void } = {
    instancePages,
    instanceSummaries,

    ownedImages: () =>
      memo("ownedImages", () =>
        tokenList<EC2.DescribeImagesCommandInput, EC2.DescribeImagesCommandOutput, EC2.Image>("ec2:DescribeImages", (i) => new (ec2().DescribeImagesCommand)(i), { Owners: ["self"], MaxResults: 1000 }, (o) => o.Images),
      ),

    imagesById: (ids) =>
      memo(`images:${[...ids].sort().join(",")}`, async () => {
        const out = new Map<string, EC2.Image>();
        for (const chunk of chunks([...new Set(ids)], 100)) {
          const images = await tokenList<EC2.DescribeImagesCommandInput, EC2.DescribeImagesCommandOutput, EC2.Image>(
            "ec2:DescribeImages",
            (i) => new (ec2().DescribeImagesCommand)(i),
            { Filters: [{ Name: "image-id", Values: chunk }], MaxResults: 1000 },
            (o) => o.Images,
          );
          for (const img of images) if (img.ImageId) out.set(img.ImageId, img);
        }
        return out;
      }),

    instanceTypes: (types) =>
      memo(`types:${[...types].sort().join(",")}`, async () => {
        const out = new Map<string, EC2.InstanceTypeInfo>();
        for (const chunk of chunks([...new Set(types)], 100)) {
          const infos = await tokenList<EC2.DescribeInstanceTypesCommandInput, EC2.DescribeInstanceTypesCommandOutput, EC2.InstanceTypeInfo>(
            "ec2:DescribeInstanceTypes",
            (i) => new (ec2().DescribeInstanceTypesCommand)(i),
            { InstanceTypes: chunk as EC2._InstanceType[] },
            (o) => o.InstanceTypes,
          );
          for (const t of infos) if (t.InstanceType) out.set(t.InstanceType, t);
        }
        return out;
      }),

    volumes: () =>
      memo("volumes", () =>
        tokenList<EC2.DescribeVolumesCommandInput, EC2.DescribeVolumesCommandOutput, EC2.Volume>("ec2:DescribeVolumes", (i) => new (ec2().DescribeVolumesCommand)(i), { MaxResults: 1000 }, (o) => o.Volumes),
      ),
    snapshots: () =>
      memo("snapshots", () =>
        tokenList<EC2.DescribeSnapshotsCommandInput, EC2.DescribeSnapshotsCommandOutput, EC2.Snapshot>("ec2:DescribeSnapshots", (i) => new (ec2().DescribeSnapshotsCommand)(i), { OwnerIds: ["self"], MaxResults: 1000 }, (o) => o.Snapshots),
      ),
    securityGroups: () =>
      memo("securityGroups", () =>
        tokenList<EC2.DescribeSecurityGroupsCommandInput, EC2.DescribeSecurityGroupsCommandOutput, EC2.SecurityGroup>("ec2:DescribeSecurityGroups", (i) => new (ec2().DescribeSecurityGroupsCommand)(i), { MaxResults: 1000 }, (o) => o.SecurityGroups),
      ),
    securityGroupRules: () =>
      memo("securityGroupRules", () =>
        tokenList<EC2.DescribeSecurityGroupRulesCommandInput, EC2.DescribeSecurityGroupRulesCommandOutput, EC2.SecurityGroupRule>(
          "ec2:DescribeSecurityGroupRules",
          (i) => new (ec2().DescribeSecurityGroupRulesCommand)(i),
          { MaxResults: 1000 },
          (o) => o.SecurityGroupRules,
        ),
      ),
    vpcs: () =>
      memo("vpcs", () => tokenList<EC2.DescribeVpcsCommandInput, EC2.DescribeVpcsCommandOutput, EC2.Vpc>("ec2:DescribeVpcs", (i) => new (ec2().DescribeVpcsCommand)(i), { MaxResults: 1000 }, (o) => o.Vpcs)),
    subnets: () =>
      memo("subnets", () =>
        tokenList<EC2.DescribeSubnetsCommandInput, EC2.DescribeSubnetsCommandOutput, EC2.Subnet>("ec2:DescribeSubnets", (i) => new (ec2().DescribeSubnetsCommand)(i), { MaxResults: 1000 }, (o) => o.Subnets),
      ),
    addresses: () =>
      memo("addresses", async () => {
        const out = await session.send<EC2.DescribeAddressesCommandOutput>("ec2:DescribeAddresses", region, new (ec2().DescribeAddressesCommand)({}));
        return out.Addresses ?? [];
      }),
    natGateways: () =>
      memo("natGateways", () =>
        tokenList<EC2.DescribeNatGatewaysCommandInput, EC2.DescribeNatGatewaysCommandOutput, EC2.NatGateway>("ec2:DescribeNatGateways", (i) => new (ec2().DescribeNatGatewaysCommand)(i), { MaxResults: 1000 }, (o) => o.NatGateways),
      ),
    networkInterfaces: (ids) =>
      memo(`enis:${[...ids].sort().join(",")}`, async () => {
        const out: EC2.NetworkInterface[] = [];
        for (const chunk of chunks([...new Set(ids)], 100)) {
          out.push(
            ...(await tokenList<EC2.DescribeNetworkInterfacesCommandInput, EC2.DescribeNetworkInterfacesCommandOutput, EC2.NetworkInterface>(
              "ec2:DescribeNetworkInterfaces",
              (i) => new (ec2().DescribeNetworkInterfacesCommand)(i),
              { Filters: [{ Name: "network-interface-id", Values: chunk }], MaxResults: 1000 },
              (o) => o.NetworkInterfaces,
            )),
          );
        }
        return out;
      }),
    launchTemplates: () =>
      memo("launchTemplates", () =>
        tokenList<EC2.DescribeLaunchTemplatesCommandInput, EC2.DescribeLaunchTemplatesCommandOutput, EC2.LaunchTemplate>(
          "ec2:DescribeLaunchTemplates",
          (i) => new (ec2().DescribeLaunchTemplatesCommand)(i),
          { MaxResults: 200 },
          (o) => o.LaunchTemplates,
        ),
      ),

    autoScalingGroups: () =>
      memo("asgs", () =>
        tokenList<AS.DescribeAutoScalingGroupsCommandInput, AS.DescribeAutoScalingGroupsCommandOutput, AS.AutoScalingGroup>(
          "autoscaling:DescribeAutoScalingGroups",
          (i) => new (as().DescribeAutoScalingGroupsCommand)(i),
          { MaxRecords: 100 },
          (o) => o.AutoScalingGroups,
        ),
      ),
    launchConfigurations: () =>
      memo("launchConfigurations", () =>
        tokenList<AS.DescribeLaunchConfigurationsCommandInput, AS.DescribeLaunchConfigurationsCommandOutput, AS.LaunchConfiguration>(
          "autoscaling:DescribeLaunchConfigurations",
          (i) => new (as().DescribeLaunchConfigurationsCommand)(i),
          { MaxRecords: 100 },
          (o) => o.LaunchConfigurations,
        ),
      ),
    scalingPolicies: () =>
      memo("policies", () =>
        tokenList<AS.DescribePoliciesCommandInput, AS.DescribePoliciesCommandOutput, AS.ScalingPolicy>("autoscaling:DescribePolicies", (i) => new (as().DescribePoliciesCommand)(i), { MaxRecords: 100 }, (o) => o.ScalingPolicies),
      ),
    notificationConfigurations: () =>
      memo("notifications", () =>
        tokenList<AS.DescribeNotificationConfigurationsCommandInput, AS.DescribeNotificationConfigurationsCommandOutput, AS.NotificationConfiguration>(
          "autoscaling:DescribeNotificationConfigurations",
          (i) => new (as().DescribeNotificationConfigurationsCommand)(i),
          { MaxRecords: 100 },
          (o) => o.NotificationConfigurations,
        ),
      ),
    scheduledActions: () =>
      memo("scheduledActions", () =>
        tokenList<AS.DescribeScheduledActionsCommandInput, AS.DescribeScheduledActionsCommandOutput, AS.ScheduledUpdateGroupAction>(
          "autoscaling:DescribeScheduledActions",
          (i) => new (as().DescribeScheduledActionsCommand)(i),
          { MaxRecords: 100 },
          (o) => o.ScheduledUpdateGroupActions,
        ),
      ),
    lifecycleHooks: (groupName) =>
      memo(`hooks:${groupName}`, () =>
        perItem("autoscaling:DescribeLifecycleHooks").run(async () => {
          const out = await session.send<AS.DescribeLifecycleHooksCommandOutput>(
            "autoscaling:DescribeLifecycleHooks",
            region,
            new (as().DescribeLifecycleHooksCommand)({ AutoScalingGroupName: groupName }),
          );
          return out.LifecycleHooks ?? [];
        }),
      ),

    loadBalancers: () =>
      memo("loadBalancers", () =>
        elbList<ELB.DescribeLoadBalancersCommandInput, ELB.DescribeLoadBalancersCommandOutput, ELB.LoadBalancer>(
          "elasticloadbalancing:DescribeLoadBalancers",
          (i) => new (elb().DescribeLoadBalancersCommand)(i),
          { PageSize: 400 },
          (o) => o.LoadBalancers,
        ),
      ),
    targetGroups: () =>
      memo("targetGroups", () =>
        elbList<ELB.DescribeTargetGroupsCommandInput, ELB.DescribeTargetGroupsCommandOutput, ELB.TargetGroup>(
          "elasticloadbalancing:DescribeTargetGroups",
          (i) => new (elb().DescribeTargetGroupsCommand)(i),
          { PageSize: 400 },
          (o) => o.TargetGroups,
        ),
      ),
    listeners: (arn) =>
      memo(`listeners:${arn}`, () =>
        perItem("elasticloadbalancing:DescribeListeners").run(() =>
          elbList<ELB.DescribeListenersCommandInput, ELB.DescribeListenersCommandOutput, ELB.Listener>(
            "elasticloadbalancing:DescribeListeners",
            (i) => new (elb().DescribeListenersCommand)(i),
            { LoadBalancerArn: arn, PageSize: 400 },
            (o) => o.Listeners,
          ),
        ),
      ),
    targetHealth: (arn) =>
      memo(`targetHealth:${arn}`, () =>
        perItem("elasticloadbalancing:DescribeTargetHealth").run(async () => {
          const out = await session.send<ELB.DescribeTargetHealthCommandOutput>(
            "elasticloadbalancing:DescribeTargetHealth",
            region,
            new (elb().DescribeTargetHealthCommand)({ TargetGroupArn: arn }),
          );
          return out.TargetHealthDescriptions ?? [];
        }),
      ),

    async ssmPlatformDetails(ids) {
      const out = new Map<string, string>();
      if (ids.length === 0) return out;
      try {
        await forEachLimit(chunks([...new Set(ids)], 100), 4, async (chunk) => {
          const infos = await tokenList<SSM.DescribeInstanceInformationCommandInput, SSM.DescribeInstanceInformationCommandOutput, SSM.InstanceInformation>(
            "ssm:DescribeInstanceInformation",
            (i) => new (sdk.ssm().DescribeInstanceInformationCommand)(i),
            { Filters: [{ Key: "InstanceIds", Values: chunk }], MaxResults: 50 },
            (o) => o.InstanceInformationList,
          );
          for (const info of infos) {
            if (!info.InstanceId || !info.PlatformName) continue;
            out.set(info.InstanceId, info.PlatformVersion ? `${info.PlatformName} ${info.PlatformVersion}` : info.PlatformName);
          }
        });
      } catch (err) {
        session.signal.throwIfAborted();
        // Optional enrichment: an ErrorResource would disable garbage collection (contract 12).
        log.warn("SSM instance information unavailable; os.details falls back to PlatformDetails", { region, err });
        return new Map();
      }
      return out;
    },

    terminationProtection: (instance) => {
      if (!enrich || !instance.InstanceId) return Promise.resolve(undefined);
      const id = instance.InstanceId;
      return cachedPerItem("ec2:DescribeInstanceAttribute", id, fingerprint(instance.LaunchTime, instance.State?.Name), async () => {
        const out = await session.send<EC2.DescribeInstanceAttributeCommandOutput>(
          "ec2:DescribeInstanceAttribute",
          region,
          new (ec2().DescribeInstanceAttributeCommand)({ InstanceId: id, Attribute: "disableApiTermination" }),
        );
        return out.DisableApiTermination?.Value ?? false;
      });
    },
    launchPermissions: (image) => {
      if (!enrich || !image.ImageId) return Promise.resolve(undefined);
      const id = image.ImageId;
      return cachedPerItem("ec2:DescribeImageAttribute", id, fingerprint(image.CreationDate, image.State, image.Public), async () => {
        const out = await session.send<EC2.DescribeImageAttributeCommandOutput>(
          "ec2:DescribeImageAttribute",
          region,
          new (ec2().DescribeImageAttributeCommand)({ ImageId: id, Attribute: "launchPermission" }),
        );
        return out.LaunchPermissions ?? [];
      });
    },
    volumeProductCodes: (volume) => {
      if (!enrich || !volume.VolumeId) return Promise.resolve(undefined);
      const id = volume.VolumeId;
      return cachedPerItem("ec2:DescribeVolumeAttribute", id, fingerprint(volume.CreateTime, volume.State, volume.SnapshotId), async () => {
        const out = await session.send<EC2.DescribeVolumeAttributeCommandOutput>(
          "ec2:DescribeVolumeAttribute",
          region,
          new (ec2().DescribeVolumeAttributeCommand)({ VolumeId: id, Attribute: "productCodes" }),
        );
        return out.ProductCodes ?? [];
      });
    },
    launchTemplateVersion: (template) => {
      const id = template.LaunchTemplateId;
      if (!id) return Promise.resolve(undefined);
      // Not optional (the version number is part of the record's identity), but cached: versions are immutable.
      return cachedPerItem("ec2:DescribeLaunchTemplateVersions", id, fingerprint(template.LatestVersionNumber, template.DefaultVersionNumber), async () => {
        const out = await session.send<EC2.DescribeLaunchTemplateVersionsCommandOutput>(
          "ec2:DescribeLaunchTemplateVersions",
          region,
          new (ec2().DescribeLaunchTemplateVersionsCommand)({ LaunchTemplateId: id }),
        );
        return out.LaunchTemplateVersions?.[0];
      });
    },

    /**
     * Starts every region-wide listing at once (each stays memoised for the types that read it), and
     * warms the per-item calls of the types that come after Instance, so that their buckets are
     * drained while the instances stream instead of one API after another.
     */
    prefetch() {
      const warm = <T>(list: Promise<T[]>, fetch: (item: T) => Promise<unknown>) => {
        list.then((items) => forEachLimit(items, perItemLimit, (item) => fetch(item).catch(() => undefined))).catch(() => undefined);
      };
      const volumes = listings.volumes();
      const ownedImages = listings.ownedImages();
      if (enrich) {
        warm(volumes, listings.volumeProductCodes);
        warm(ownedImages, listings.launchPermissions);
      }
      warm(listings.launchTemplates(), listings.launchTemplateVersion);
      void listings.securityGroups();
      void listings.vpcs();
      void listings.subnets();
      void listings.autoScalingGroups();
      void listings.launchConfigurations();
      void listings.loadBalancers();
      void listings.targetGroups();
      void listings.snapshots();
      void listings.addresses();
      void listings.natGateways();
      void listings.securityGroupRules();
      void listings.scalingPolicies();
      void listings.notificationConfigurations();
      void listings.scheduledActions();
    },
  };
  return listings;
}
