import { describe, expect, it } from "vitest";
import { createLogger } from "../../common/log.js";
import type { ApiName } from "../aws/api-table.js";
import { ItemCache } from "../aws/item-cache.js";
import type { AwsSession } from "../aws/session.js";
import { createRegionListings, type RegionListingsOptions } from "./fetch-plan.js";
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

const ids = (items: Array<{ InstanceId?: string }>) => items.map((i) => i.InstanceId);

describe("the region's single DescribeInstances pass", () => {
  it("streams pages to the Instance type and fills the summaries from the same pass", async () => {
    const { session, calls } = fakeSession({ "ec2:DescribeInstances": instancePages });
    const listings = listingsOver(session);
    const seen: string[][] = [];
    for await (const page of listings.instancePages()) seen.push(ids(page) as string[]);
    expect(seen).toEqual([["i-1", "i-2"], ["i-3"]]);
    expect(ids(await listings.instanceSummaries())).toEqual(["i-1", "i-2", "i-3"]);
    expect(calls.get("ec2:DescribeInstances")).toBe(2);
  });

  it("still delivers the summaries when the Instance type stops after the first page", async () => {
    const { session, calls } = fakeSession({ "ec2:DescribeInstances": instancePages });
    const listings = listingsOver(session);
    for await (const _page of listings.instancePages()) break;
    expect(ids(await listings.instanceSummaries())).toEqual(["i-1", "i-2", "i-3"]);
    // The pass already running is drained: page 2 is read once, no second listing starts.
    expect(calls.get("ec2:DescribeInstances")).toBe(2);
  });

  it("lists again for the Instance type when the summaries were asked for first", async () => {
    const { session, calls } = fakeSession({ "ec2:DescribeInstances": instancePages });
    const listings = listingsOver(session);
    expect(ids(await listings.instanceSummaries())).toEqual(["i-1", "i-2", "i-3"]);
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

describe("the declarative listings", () => {
  it("prefetch starts every region-wide listing once; the types then share its answer", async () => {
    const { session, calls } = fakeSession({ "ec2:DescribeVolumes": () => Promise.resolve({ Volumes: [{ VolumeId: "vol-1" }] }) });
    const listings = listingsOver(session, { perItemEnrichment: false });
    listings.prefetch();
    const apis = Object.values(REGION_WIDE_LISTINGS).map((l) => l.api);
    await expect.poll(() => apis.filter((api) => !calls.has(api))).toEqual([]);
    expect(await listings.volumes()).toEqual([{ VolumeId: "vol-1" }]);
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
