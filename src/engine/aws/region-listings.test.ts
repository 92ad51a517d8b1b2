import { describe, expect, it } from "vitest";
import { createLogger } from "../../common/log.js";
import type { AwsSession } from "./clients.js";
import { ItemCache } from "./item-cache.js";
import { createRegionListings } from "./region-listings.js";

/** A session answering DescribeInstances from two pages, counting calls per API. */
function fakeSession(): { session: AwsSession; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const pages: Record<string, { Reservations: Array<{ Instances: Array<{ InstanceId: string }> }>; NextToken?: string }> = {
    "": { Reservations: [{ Instances: [{ InstanceId: "i-1" }, { InstanceId: "i-2" }] }], NextToken: "p2" },
    p2: { Reservations: [{ Instances: [{ InstanceId: "i-3" }] }] },
  };
  const session = {
    signal: new AbortController().signal,
    send: (api: string, _region: string, command: { input: { NextToken?: string } }) => {
      calls.set(api, (calls.get(api) ?? 0) + 1);
      if (api !== "ec2:DescribeInstances") return Promise.reject(new Error(`unexpected ${api}`));
      return Promise.resolve(pages[command.input.NextToken ?? ""]);
    },
  } as unknown as AwsSession;
  return { session, calls };
}

function listingsOver(session: AwsSession) {
  return createRegionListings({ session, region: "us-east-1", account: "111111111111", log: createLogger({ write: () => {} }), itemCache: new ItemCache() });
}

const ids = (items: Array<{ InstanceId?: string }>) => items.map((i) => i.InstanceId);

describe("the region's single DescribeInstances pass", () => {
  it("streams pages to the Instance type and fills the summaries from the same pass", async () => {
    const { session, calls } = fakeSession();
    const listings = listingsOver(session);
    const seen: string[][] = [];
    for await (const page of listings.instancePages()) seen.push(ids(page) as string[]);
    expect(seen).toEqual([["i-1", "i-2"], ["i-3"]]);
    expect(ids(await listings.instanceSummaries())).toEqual(["i-1", "i-2", "i-3"]);
    expect(calls.get("ec2:DescribeInstances")).toBe(2);
  });

  it("still delivers the summaries when the Instance type stops after the first page", async () => {
    const { session, calls } = fakeSession();
    const listings = listingsOver(session);
    for await (const _page of listings.instancePages()) break;
    expect(ids(await listings.instanceSummaries())).toEqual(["i-1", "i-2", "i-3"]);
    // The pass already running is drained: page 2 is read once, no second listing starts.
    expect(calls.get("ec2:DescribeInstances")).toBe(2);
  });

  it("lists again for the Instance type when the summaries were asked for first", async () => {
    const { session, calls } = fakeSession();
    const listings = listingsOver(session);
    expect(ids(await listings.instanceSummaries())).toEqual(["i-1", "i-2", "i-3"]);
    const all: string[] = [];
    for await (const page of listings.instancePages()) all.push(...(ids(page) as string[]));
    expect(all).toEqual(["i-1", "i-2", "i-3"]);
    expect(calls.get("ec2:DescribeInstances")).toBe(4);
  });

  it("fails the summaries when a page fails", async () => {
    const { session } = fakeSession();
    const failing = { ...session, send: () => Promise.reject(new Error("page failed")), signal: session.signal } as unknown as AwsSession;
    const listings = listingsOver(failing);
    const consume = async () => {
      for await (const _page of listings.instancePages()) {
        // nothing
      }
    };
    await expect(consume()).rejects.toThrow("page failed");
    await expect(listings.instanceSummaries()).rejects.toThrow("page failed");
  });
});
