import { describe, expect, it } from "vitest";
import { createLogger } from "../../common/log.js";
import type { ApiName } from "../aws/api-table.js";
import { ItemCache } from "../aws/item-cache.js";
import type { AwsSession } from "../aws/session.js";
import { Semaphore } from "../../common/async.js";
import { createRegionListings, type RegionListingsOptions } from "./fetch-plan.js";
import { createInstancePass } from "./instance-pass.js";
import { REGION_WIDE_LISTINGS } from "./listing-table.js";

type Answer = (input: Record<string, unknown>) => Promise<object>;

/** A session answering from `answers` by API (empty pages otherwise), counting calls per API. */
function fakeSession(answers: Partial<Record<ApiName, Answer>> = {}): { session: AwsSession; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const session = {
    signal: new AbortController().signal,
    send: (api: ApiName, _region: string, input: Record<string, unknown>) => {
      calls.set(api, (calls.get(api) ?? 0) + 1);
      return answers[api]?.(input) ?? Promise.resolve({});
    },
  } as unknown as AwsSession;
  return { session, calls };
}

/** DescribeInstances in two pages. */
const instancePages: Answer = (input) => {
  const pages: Record<string, object> = {
    "": { Reservations: [{ Instances: [{ InstanceId: "i-1" }, { InstanceId: "i-2" }] }], NextToken: "p2" },
    p2: { Reservations: [{ Instances: [{ InstanceId: "i-3" }] }] },
  };
  return Promise.resolve(pages[(input.NextToken as string | undefined) ?? ""]!);
};

function listingsOver(session: AwsSession, options: Partial<RegionListingsOptions> = {}) {
  return createRegionListings({
    session,
    region: "us-east-1",
    account: "111111111111",
    log: createLogger({ write: () => {} }),
    itemCache: new ItemCache(),
    ...options,
  });
}

const ids = (items: Iterable<{ InstanceId?: string }>) => [...items].map((i) => i.InstanceId);

describe("the region's single DescribeInstances pass", () => {
  it("streams pages to the Instance type and fills the summaries from the same pass", async () => {
    const { session, calls } = fakeSession({ "ec2:DescribeInstances": instancePages });
    const listings = listingsOver(session);
    const seen: string[][] = [];
    for await (const page of listings.instancePages()) seen.push(ids(page) as string[]);
    expect(seen).toEqual([["i-1", "i-2"], ["i-3"]]);
    expect(ids((await listings.instanceSummaries()).items())).toEqual(["i-1", "i-2", "i-3"]);
    expect(calls.get("ec2:DescribeInstances")).toBe(2);
  });

  it("still delivers the summaries when the Instance type stops after the first page", async () => {
    const { session, calls } = fakeSession({ "ec2:DescribeInstances": instancePages });
    const listings = listingsOver(session);
    for await (const _page of listings.instancePages()) break;
    expect(ids((await listings.instanceSummaries()).items())).toEqual(["i-1", "i-2", "i-3"]);
    // The pass already running is drained: page 2 is read once, no second listing starts.
    expect(calls.get("ec2:DescribeInstances")).toBe(2);
  });

  it("lists again for the Instance type when the summaries were asked for first", async () => {
    const { session, calls } = fakeSession({ "ec2:DescribeInstances": instancePages });
    const listings = listingsOver(session);
    expect(ids((await listings.instanceSummaries()).items())).toEqual(["i-1", "i-2", "i-3"]);
    const all: string[] = [];
    for await (const page of listings.instancePages()) all.push(...(ids(page) as string[]));
    expect(all).toEqual(["i-1", "i-2", "i-3"]);
    expect(calls.get("ec2:DescribeInstances")).toBe(4);
  });

  it("fails the summaries when a page fails", async () => {
    const { session } = fakeSession({ "ec2:DescribeInstances": () => Promise.reject(new Error("page failed")) });
    const listings = listingsOver(session);
    const consume = async () => {
      for await (const _page of listings.instancePages()) {
        // nothing
      }
    };
    await expect(consume()).rejects.toThrow("page failed");
    await expect(listings.instanceSummaries()).rejects.toThrow("page failed");
  });
});

describe("the process-wide budget of instance pages", () => {
  const settled = () => new Promise((resolve) => setImmediate(resolve));

  it("asks AWS for a page only when a slot is free, and frees it when the next page is asked for", async () => {
    const budget = new Semaphore(1);
    const first = fakeSession({ "ec2:DescribeInstances": instancePages });
    const second = fakeSession({ "ec2:DescribeInstances": instancePages });
    const a = createInstancePass(first.session, "us-east-1", { pagesHeld: budget }).instancePages()[Symbol.asyncIterator]();
    const b = createInstancePass(second.session, "eu-west-1", { pagesHeld: budget }).instancePages()[Symbol.asyncIterator]();
    expect(ids((await a.next()).value as Array<{ InstanceId?: string }>)).toEqual(["i-1", "i-2"]);
    const bFirst = b.next();
    await settled();
    // Region a holds the only slot while its page is being streamed: b has not even asked.
    expect(second.calls.get("ec2:DescribeInstances")).toBeUndefined();
    const aSecond = a.next();
    expect(ids((await bFirst).value as Array<{ InstanceId?: string }>)).toEqual(["i-1", "i-2"]);
    await settled();
    expect(first.calls.get("ec2:DescribeInstances")).toBe(1);
    await b.return?.(undefined);
    expect(ids((await aSecond).value as Array<{ InstanceId?: string }>)).toEqual(["i-3"]);
    expect((await a.next()).done).toBe(true);
    await expect.poll(() => budget.running).toBe(0);
  });

  it("goes on without a slot once it waited the bound: a stream nobody reads does not stop other regions", async () => {
    const budget = new Semaphore(1);
    const overBudget: string[] = [];
    const stalled = createInstancePass(fakeSession({ "ec2:DescribeInstances": instancePages }).session, "us-east-1", { pagesHeld: budget });
    const other = fakeSession({ "ec2:DescribeInstances": instancePages });
    const next = createInstancePass(other.session, "eu-west-1", { pagesHeld: budget, slotMaxWaitMs: 20, onOverBudget: () => overBudget.push("eu-west-1") });
    const a = stalled.instancePages()[Symbol.asyncIterator]();
    await a.next(); // holds the only slot, and is never read again
    const pages: Array<Array<string | undefined>> = [];
    for await (const page of next.instancePages()) pages.push(ids(page));
    expect(pages).toEqual([["i-1", "i-2"], ["i-3"]]);
    expect(overBudget.length).toBeGreaterThan(0);
    expect(budget.running).toBe(1);
    expect(budget.waiting).toBe(0);
    // Stopped early, the stalled pass still drains for the summaries, then gives its slot back.
    await a.return?.(undefined);
    await expect.poll(() => budget.running).toBe(0);
  });
});

describe("the region's single DescribeVolumes pass", () => {
  it("feeds the Volume type whole and the Instance type's disks from the same listing", async () => {
    const volumes = [
      { VolumeId: "vol-1", Size: 8, VolumeType: "gp3", Encrypted: true, Iops: 3000, Attachments: [{ Device: "/dev/xvda" }, { Device: "/dev/sdz" }] },
      { VolumeId: "vol-2", Size: 100, VolumeType: "st1", Encrypted: false },
      { VolumeId: "", Size: 1 },
    ];
    const { session, calls } = fakeSession({ "ec2:DescribeVolumes": () => Promise.resolve({ Volumes: structuredClone(volumes) }) });
    const listings = listingsOver(session);
    expect([...(await listings.volumes()).items()]).toEqual(volumes);
    expect(Object.fromEntries(await listings.volumeDisks())).toEqual({
      "vol-1": { Device: "/dev/xvda", Size: 8, VolumeType: "gp3", Encrypted: true, Iops: 3000 },
      "vol-2": { Device: undefined, Size: 100, VolumeType: "st1", Encrypted: false, Iops: undefined },
    });
    expect(calls.get("ec2:DescribeVolumes")).toBe(1);
  });
});

describe("the declarative listings", () => {
  it("prefetch starts every region-wide listing once; the types then share its answer", async () => {
    const { session, calls } = fakeSession({ "ec2:DescribeVolumes": () => Promise.resolve({ Volumes: [{ VolumeId: "vol-1" }] }) });
    const listings = listingsOver(session, { perItemEnrichment: false });
    listings.prefetch();
    const apis = Object.values(REGION_WIDE_LISTINGS).map((l) => l.api);
    await expect.poll(() => apis.filter((api) => !calls.has(api))).toEqual([]);
    expect([...(await listings.volumes()).items()]).toEqual([{ VolumeId: "vol-1" }]);
    for (const name of Object.keys(REGION_WIDE_LISTINGS) as Array<keyof typeof REGION_WIDE_LISTINGS>) await listings[name]();
    expect(Object.fromEntries(calls)).toEqual(Object.fromEntries(apis.map((api) => [api, 1])));
  });

  it("asks for ids in chunks of 100, once per distinct set, and not at all for none", async () => {
    const { session, calls } = fakeSession({
      "ec2:DescribeImages": (input) => Promise.resolve({ Images: (input.Filters as Array<{ Values: string[] }>)[0]!.Values.map((ImageId) => ({ ImageId })) }),
    });
    const listings = listingsOver(session);
    const wanted = Array.from({ length: 150 }, (_, i) => `ami-${i}`);
    expect([...(await listings.imagesById([...wanted, "ami-0"])).keys()]).toEqual(wanted);
    await listings.imagesById([...wanted, "ami-0"].reverse());
    expect(calls.get("ec2:DescribeImages")).toBe(2);
    expect(await listings.networkInterfaces([])).toEqual([]);
    expect(calls.has("ec2:DescribeNetworkInterfaces")).toBe(false);
  });
});

describe("per-item calls", () => {
  it("are made once per item in a region task, and not at all with enrichment off", async () => {
    const { session, calls } = fakeSession({ "ec2:DescribeInstanceAttribute": () => Promise.resolve({ DisableApiTermination: { Value: true } }) });
    const instance = { InstanceId: "i-1", LaunchTime: new Date(0), State: { Name: "running" as const } };
    const listings = listingsOver(session);
    expect(await Promise.all([listings.terminationProtection(instance), listings.terminationProtection(instance)])).toEqual([true, true]);
    expect(calls.get("ec2:DescribeInstanceAttribute")).toBe(1);
    expect(await listingsOver(session, { perItemEnrichment: false }).terminationProtection(instance)).toBeUndefined();
    expect(calls.get("ec2:DescribeInstanceAttribute")).toBe(1);
  });

  it("run at most `perItemConcurrency` at a time per API", async () => {
    let inFlight = 0;
    let most = 0;
    const releases: Array<() => void> = [];
    const held: Answer = () => {
      most = Math.max(most, ++inFlight);
      return new Promise((resolve) => releases.push(() => resolve((inFlight--, {}))));
    };
    const { session } = fakeSession({ "autoscaling:DescribeLifecycleHooks": held, "elasticloadbalancing:DescribeTargetHealth": held });
    const listings = listingsOver(session, { perItemConcurrency: 2 });
    const all = Promise.all([...["a", "b", "c", "d", "e"].map((g) => listings.lifecycleHooks(g)), ...["x", "y", "z"].map((tg) => listings.targetHealth(tg))]);
    // Two per API: the hooks' limit does not hold back target health.
    await expect.poll(() => releases.length).toBe(4);
    while (releases.length > 0) {
      releases.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    await all;
    expect(most).toBe(4);
  });
});
