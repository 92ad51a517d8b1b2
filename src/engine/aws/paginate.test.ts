import { describe, expect, it } from "vitest";
import type { ApiInput, ApiOutput } from "./api-table.js";
import { AwsApiError } from "./errors.js";
import { firstPageInput, pages } from "./paginate.js";

type VolumesIn = ApiInput<"ec2:DescribeVolumes">;
type VolumesOut = ApiOutput<"ec2:DescribeVolumes">;
const IN_USE = [{ Name: "status", Values: ["in-use"] }];

/** A sender answering from a token → page table and recording every input. */
function fakeSend(table: Record<string, { ids: string[]; next?: string }>) {
  const inputs: VolumesIn[] = [];
  const send = (input: VolumesIn): Promise<VolumesOut> => {
    inputs.push(input);
    const page = table[input.NextToken ?? ""]!;
    return Promise.resolve({ Volumes: page.ids.map((VolumeId) => ({ VolumeId })), NextToken: page.next, $metadata: {} });
  };
  return { send, inputs };
}

async function volumeIds(send: (input: VolumesIn) => Promise<VolumesOut>, maxPages?: number): Promise<{ ids: string[][]; err?: unknown }> {
  const ids: string[][] = [];
  try {
    for await (const page of pages("ec2:DescribeVolumes", { Filters: IN_USE }, send, { region: "us-east-1", maxPages }))
      ids.push((page.Volumes ?? []).map((v) => v.VolumeId!));
    return { ids };
  } catch (err) {
    return { ids, err };
  }
}

describe("pages", () => {
  it("reads every page at the table's page size, passing each token", async () => {
    const { send, inputs } = fakeSend({ "": { ids: ["v1", "v2"], next: "t1" }, t1: { ids: ["v3"], next: "t2" }, t2: { ids: ["v4"] } });
    expect((await volumeIds(send)).ids).toEqual([["v1", "v2"], ["v3"], ["v4"]]);
    expect(inputs).toEqual([
      { Filters: IN_USE, MaxResults: 1000 },
      { Filters: IN_USE, MaxResults: 1000, NextToken: "t1" },
      { Filters: IN_USE, MaxResults: 1000, NextToken: "t2" },
    ]);
  });

  it("fails instead of truncating when AWS repeats a token, without handing out the repeated page", async () => {
    const { send } = fakeSend({ "": { ids: ["v1"], next: "t1" }, t1: { ids: ["v2"], next: "t1" } });
    const { ids, err } = await volumeIds(send);
    expect(ids).toEqual([["v1"]]);
    expect(err).toBeInstanceOf(AwsApiError);
    expect(err).toMatchObject({ api: "ec2:DescribeVolumes", region: "us-east-1", code: "PaginationRepeatedToken" });
  });

  it("fails when the page guard trips", async () => {
    const { send } = fakeSend({ "": { ids: ["v1"], next: "a" }, a: { ids: ["v2"], next: "b" }, b: { ids: ["v3"] } });
    const { ids, err } = await volumeIds(send, 2);
    expect(ids).toHaveLength(2);
    expect(err).toMatchObject({ code: "PaginationLimitExceeded" });
  });

  it("sends an API that does not page once, as given", async () => {
    const inputs: object[] = [];
    const seen: unknown[] = [];
    const send = (input: ApiInput<"ec2:DescribeAddresses">) => {
      inputs.push(input);
      return Promise.resolve({ Addresses: [{ PublicIp: "198.51.100.1" }], $metadata: {} });
    };
    for await (const page of pages("ec2:DescribeAddresses", {}, send, { region: "us-east-1" })) seen.push(page.Addresses);
    expect(inputs).toEqual([{}]);
    expect(seen).toEqual([[{ PublicIp: "198.51.100.1" }]]);
  });
});

describe("firstPageInput", () => {
  it("adds each style's page-size member, lets the input's own page size win, and adds none where AWS chooses", () => {
    expect(firstPageInput("elasticloadbalancing:DescribeListeners", { LoadBalancerArn: "arn" })).toEqual({ LoadBalancerArn: "arn", PageSize: 400 });
    expect(firstPageInput("autoscaling:DescribePolicies", {})).toEqual({ MaxRecords: 100 });
    expect(firstPageInput("ec2:DescribeVolumes", { MaxResults: 5 })).toEqual({ MaxResults: 5 });
    expect(firstPageInput("ec2:DescribeInstanceTypes", { InstanceTypes: ["m5.large"] })).toEqual({ InstanceTypes: ["m5.large"] });
  });
});
