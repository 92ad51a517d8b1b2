/**
 * Recorder: walks every AWS call the collector makes, as the engine's API table
 * and region listings declare them, with the real SDK clients (endpoint
 * overridable, so it can record from the replay itself), and writes the answers
 * in the fixture format, optionally redacted (redact.ts). `RECIPES` names one
 * recipe per fixture file: a file without a recipe, or a recipe naming an API the
 * table no longer has, fails the type-check.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { chunks } from "../common/async.js";
import type { AwsService } from "../common/aws-services.js";
import { commandFor, serviceOf, type ApiInput, type ApiName, type ApiOutput } from "../engine/aws/api-table.js";
import { SDK_CLIENTS, type SdkClient } from "../engine/aws/clients.js";
import { pages } from "../engine/aws/paginate.js";
import { BY_IDS_LISTINGS, REGION_WIDE_LISTINGS, type Listing } from "../engine/region/listing-table.js";
import { FORMAT_VERSION, RESOURCE_FILES, type Item, type ResourceKind } from "../replay/fixture-format.js";
import type { AccountFixture, SetDefinition } from "../replay/fixture-store.js";

export interface RecordAccount {
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

export interface RecordOptions {
  accounts: RecordAccount[];
  /** Regions to record; default: every region DescribeRegions lists as enabled. */
  regions?: string[];
  /** Endpoint for every client (e.g. the replay); default: AWS. */
  endpoint?: string;
  /** Extra client configuration (retry strategy, …). */
  clientConfig?: Record<string, unknown>;
}

export type RegionRecording = Partial<Record<ResourceKind, Item[] | Record<string, Item[]>>>;

export interface Recording {
  /** The set definition (accounts without keys yet; the writer adds fresh fake keys). */
  accounts: Array<Pick<AccountFixture, "accountId" | "enabledRegions" | "disabledRegions">>;
  /** `<account>/<region>` → resources. */
  regions: Map<string, RegionRecording>;
  /** Items and optional listings left out because AWS denied them or they vanished while recording. */
  warnings: string[];
}

/** SDK output → fixture form: Dates as ISO strings, no `undefined`, no `$metadata`. */
export function toFixtureValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toFixtureValue);
  if (value && typeof value === "object") {
    const out: Item = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined && k !== "$metadata") out[k] = toFixtureValue(v);
    return out;
  }
  return value;
}

/** Sends any API of the table through one SDK client per service, created on first use. */
interface Sender {
  send<A extends ApiName>(api: A, input: ApiInput<A>): Promise<ApiOutput<A>>;
  destroy(): void;
}

function sender(config: Record<string, unknown>): Sender {
  const clients = new Map<AwsService, SdkClient>();
  return {
    send(api, input) {
      const service = serviceOf(api);
      let client = clients.get(service);
      if (!client) clients.set(service, (client = new (SDK_CLIENTS[service]())(config)));
      // The table's command for `api` is one its service's client sends, and answers with `ApiOutput<A>`.
      return client.send(commandFor(api, input)) as Promise<ApiOutput<typeof api>>;
    },
    destroy() {
      for (const client of clients.values()) client.destroy();
    },
  };
}

/** Errors that lose one item or one optional listing, not the recording: denied or vanished since listed. */
const SKIPPABLE = /NotFound|UnauthorizedOperation|AccessDenied/;

/** What a recipe works with: the region's sender, the fixture files recorded so far, and the account. */
interface RegionScope {
  region: string;
  accountId: string;
  /** Files recorded so far (recipes run in `RECIPES` order). */
  out: RegionRecording;
  /** Every item of a listing, page by page as the table says, in fixture form. */
  list<A extends ApiName>(api: A, input: ApiInput<A>, items: (page: ApiOutput<A>) => readonly unknown[] | undefined): Promise<Item[]>;
  /** One call; a skippable error is noted as a warning and yields `undefined`. */
  optional<T>(what: string, call: () => Promise<T>): Promise<T | undefined>;
  send: Sender["send"];
}

type Recipe = (scope: RegionScope) => Promise<Item[] | Record<string, Item[]>>;

/** Every item of a listing exactly as the collector reads it. */
const read = <A extends ApiName, T>(scope: RegionScope, l: Listing<A, T>) => scope.list(l.api, l.input, l.items);
/** A region-wide listing as a recipe. */
const regionWide =
  <A extends ApiName, T>(l: Listing<A, T>): Recipe =>
  (scope) =>
    read(scope, l);

const itemsOf = (scope: RegionScope, kind: ResourceKind): Item[] => (scope.out[kind] as Item[] | undefined) ?? [];
const instancesOf = (scope: RegionScope): Item[] => itemsOf(scope, "instances").flatMap((r) => (r.Instances as Item[] | undefined) ?? []);
const distinct = (values: unknown[]): string[] => [...new Set(values.filter((v): v is string => typeof v === "string"))];

/** One recipe per fixture file, in recording order (later recipes read what earlier ones recorded). */
const RECIPES = {
  // Every instance, terminated ones included (the replay filters by state like AWS).
  instances: (scope) => scope.list("ec2:DescribeInstances", {}, (o) => o.Reservations),
  instanceTypes: async (scope) => {
    const out: Item[] = [];
    const l = BY_IDS_LISTINGS.instanceTypes;
    for (const batch of chunks(distinct(instancesOf(scope).map((i) => i.InstanceType)).sort(), 100))
      out.push(...(await scope.list(l.api, l.input(batch), l.items)));
    return out;
  },
  images: async (scope) => {
    const images = new Map<string, Item>();
    for (const image of await read(scope, REGION_WIDE_LISTINGS.ownedImages)) images.set(String(image.ImageId), image);
    const l = BY_IDS_LISTINGS.imagesById;
    for (const batch of chunks(distinct(instancesOf(scope).map((i) => i.ImageId)), 100)) {
      for (const image of await scope.list(l.api, l.input(batch), l.items)) images.set(String(image.ImageId), image);
    }
    return [...images.values()].sort((a, b) => String(a.ImageId).localeCompare(String(b.ImageId)));
  },
  imageAttributes: async (scope) => {
    const out: Item[] = [];
    for (const image of itemsOf(scope, "images").filter((i) => i.OwnerId === scope.accountId)) {
      const ImageId = String(image.ImageId);
      const attr = await scope.optional(`DescribeImageAttribute ${ImageId}`, () =>
        scope.send("ec2:DescribeImageAttribute", { ImageId, Attribute: "launchPermission" }),
      );
      if (attr) out.push(toFixtureValue({ ImageId: attr.ImageId, LaunchPermissions: attr.LaunchPermissions }) as Item);
    }
    return out;
  },
  instanceAttributes: async (scope) => {
    const out: Item[] = [];
    for (const instance of instancesOf(scope)) {
      const InstanceId = String(instance.InstanceId);
      const attr = await scope.optional(`DescribeInstanceAttribute ${InstanceId}`, () =>
        scope.send("ec2:DescribeInstanceAttribute", { InstanceId, Attribute: "disableApiTermination" }),
      );
      if (attr) out.push(toFixtureValue({ InstanceId: attr.InstanceId, DisableApiTermination: attr.DisableApiTermination }) as Item);
    }
    return out;
  },
  volumes: regionWide(REGION_WIDE_LISTINGS.volumes),
  volumeAttributes: async (scope) => {
    const out: Item[] = [];
    for (const volume of itemsOf(scope, "volumes")) {
      const VolumeId = String(volume.VolumeId);
      const attr = await scope.optional(`DescribeVolumeAttribute ${VolumeId}`, () =>
        scope.send("ec2:DescribeVolumeAttribute", { VolumeId, Attribute: "productCodes" }),
      );
      if (attr) out.push(toFixtureValue({ VolumeId: attr.VolumeId, ProductCodes: attr.ProductCodes }) as Item);
    }
    return out;
  },
  snapshots: regionWide(REGION_WIDE_LISTINGS.snapshots),
  securityGroups: regionWide(REGION_WIDE_LISTINGS.securityGroups),
  securityGroupRules: regionWide(REGION_WIDE_LISTINGS.securityGroupRules),
  vpcs: regionWide(REGION_WIDE_LISTINGS.vpcs),
  subnets: regionWide(REGION_WIDE_LISTINGS.subnets),
  addresses: regionWide(REGION_WIDE_LISTINGS.addresses),
  natGateways: regionWide(REGION_WIDE_LISTINGS.natGateways),
  // Every ENI of the region (the collector asks only for those of its addresses).
  networkInterfaces: (scope) => scope.list("ec2:DescribeNetworkInterfaces", {}, (o) => o.NetworkInterfaces),
  launchTemplates: regionWide(REGION_WIDE_LISTINGS.launchTemplates),
  launchTemplateVersions: async (scope) => {
    const out: Item[] = [];
    for (const template of itemsOf(scope, "launchTemplates")) {
      out.push(
        ...(await scope.list("ec2:DescribeLaunchTemplateVersions", { LaunchTemplateId: String(template.LaunchTemplateId) }, (o) => o.LaunchTemplateVersions)),
      );
    }
    return out;
  },
  autoScalingGroups: regionWide(REGION_WIDE_LISTINGS.autoScalingGroups),
  launchConfigurations: regionWide(REGION_WIDE_LISTINGS.launchConfigurations),
  policies: regionWide(REGION_WIDE_LISTINGS.scalingPolicies),
  notificationConfigurations: regionWide(REGION_WIDE_LISTINGS.notificationConfigurations),
  scheduledActions: regionWide(REGION_WIDE_LISTINGS.scheduledActions),
  lifecycleHooks: async (scope) => {
    const out: Item[] = [];
    for (const group of itemsOf(scope, "autoScalingGroups")) {
      out.push(
        ...(await scope.list("autoscaling:DescribeLifecycleHooks", { AutoScalingGroupName: String(group.AutoScalingGroupName) }, (o) => o.LifecycleHooks)),
      );
    }
    return out;
  },
  loadBalancers: regionWide(REGION_WIDE_LISTINGS.loadBalancers),
  targetGroups: regionWide(REGION_WIDE_LISTINGS.targetGroups),
  listeners: async (scope) => {
    const out: Item[] = [];
    for (const lb of itemsOf(scope, "loadBalancers")) {
      out.push(...(await scope.list("elasticloadbalancing:DescribeListeners", { LoadBalancerArn: String(lb.LoadBalancerArn) }, (o) => o.Listeners)));
    }
    return out;
  },
  targetHealth: async (scope) => {
    const health: Record<string, Item[]> = {};
    for (const group of itemsOf(scope, "targetGroups")) {
      const TargetGroupArn = String(group.TargetGroupArn);
      health[TargetGroupArn] = await scope.list("elasticloadbalancing:DescribeTargetHealth", { TargetGroupArn }, (o) => o.TargetHealthDescriptions);
    }
    return health;
  },
  // SSM is an optional permission of the collector.
  instanceInformation: async (scope) =>
    (await scope.optional("DescribeInstanceInformation", () => scope.list("ssm:DescribeInstanceInformation", {}, (o) => o.InstanceInformationList))) ?? [],
} satisfies { [K in ResourceKind]: Recipe };

async function recordRegion(config: Record<string, unknown>, accountId: string, warnings: string[]): Promise<RegionRecording> {
  const region = String(config.region);
  const aws = sender(config);
  const scope: RegionScope = {
    region,
    accountId,
    out: {},
    send: (api, input) => aws.send(api, input),
    async list(api, input, items) {
      const out: Item[] = [];
      for await (const page of pages(api, input, (i) => aws.send(api, i), { region }))
        for (const item of items(page) ?? []) out.push(toFixtureValue(item) as Item);
      return out;
    },
    async optional(what, call) {
      try {
        return await call();
      } catch (err) {
        if (!(err instanceof Error) || !SKIPPABLE.test(err.name)) throw err;
        warnings.push(`${accountId}/${region}: ${what}: ${err.name}: ${err.message}`);
        return undefined;
      }
    },
  };
  try {
    for (const [kind, recipe] of Object.entries(RECIPES) as Array<[ResourceKind, Recipe]>) scope.out[kind] = await recipe(scope);
    return scope.out;
  } finally {
    aws.destroy();
  }
}

/**
 * Records every account and region. A denied or vanished per-item call, or a denied SSM listing, only
 * leaves that item out (see `warnings`); any other error (throttling past retries, a denied listing)
 * aborts the recording.
 */
export async function record(options: RecordOptions): Promise<Recording> {
  const recording: Recording = { accounts: [], regions: new Map(), warnings: [] };
  for (const account of options.accounts) {
    const base = { ...options.clientConfig, credentials: account.credentials, ...(options.endpoint ? { endpoint: options.endpoint } : {}) };
    const home = sender({ ...base, region: options.regions?.[0] ?? "us-east-1" });
    let accountId: string;
    let all: NonNullable<ApiOutput<"ec2:DescribeRegions">["Regions"]>;
    try {
      accountId = (await home.send("sts:GetCallerIdentity", {})).Account!;
      all = (await home.send("ec2:DescribeRegions", { AllRegions: true })).Regions ?? [];
    } finally {
      home.destroy();
    }
    const enabled = all.filter((r) => r.OptInStatus !== "not-opted-in").map((r) => r.RegionName!);
    const regions = options.regions ?? enabled;
    recording.accounts.push({
      accountId,
      enabledRegions: enabled,
      disabledRegions: all.filter((r) => r.OptInStatus === "not-opted-in").map((r) => r.RegionName!),
    });
    for (const region of regions.filter((r) => enabled.includes(r))) {
      recording.regions.set(`${accountId}/${region}`, await recordRegion({ ...base, region }, accountId, recording.warnings));
    }
  }
  return recording;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Writes a recording as a fixture set under `dir`. Each account gets a fresh
 * fake access key (`AKIARECORDED<n>…`); empty listings are left out.
 */
export function writeRecording(recording: Recording, dir: string, name: string, description: string): SetDefinition {
  const accounts: AccountFixture[] = recording.accounts.map((a, i) => ({
    accountId: a.accountId,
    users: [{ userName: "recorded", accessKeyId: `AKIARECORDED${String(i + 1).padStart(8, "0")}`, secretAccessKey: `recorded-secret-${i + 1}` }],
    roles: [],
    enabledRegions: a.enabledRegions,
    disabledRegions: a.disabledRegions,
  }));
  const definition: SetDefinition = { formatVersion: FORMAT_VERSION, name, description, accounts };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "set.json"), json(definition));
  for (const [key, resources] of recording.regions) {
    const regionDir = join(dir, ...key.split("/"));
    mkdirSync(regionDir, { recursive: true });
    for (const [kind, value] of Object.entries(resources) as Array<[ResourceKind, Item[] | Record<string, Item[]>]>) {
      const empty = Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
      if (empty) continue;
      const spec = RESOURCE_FILES[kind];
      writeFileSync(join(regionDir, spec.file), json({ [spec.key]: value }));
    }
  }
  return definition;
}
