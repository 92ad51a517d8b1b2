import { describe, expect, it } from "vitest";
import type { AwsSession } from "./clients.js";
import { AwsApiError } from "./errors.js";
import { collectAll, paginate } from "./paginate.js";

type Input = { NextToken?: string; MaxResults?: number };
type Output = { Items?: number[]; NextToken?: string };

/** A session whose `send` answers from a token → page table and records every input. */
function fakeSession(pages: Record<string, Output>): { session: AwsSession; inputs: Input[] } {
  const inputs: Input[] = [];
  const session = {
    send: (_api: string, _region: string, command: { input: Input }) => {
      inputs.push(command.input);
      return Promise.resolve(pages[command.input.NextToken ?? ""]!);
    },
  } as unknown as AwsSession;
  return { session, inputs };
}

const spec = (maxPages?: number) => ({
  api: "ec2:DescribeVolumes",
  region: "us-east-1",
  command: (input: Input) => ({ input }),
  input: { MaxResults: 1000 } as Input,
  inputToken: "NextToken" as const,
  outputToken: "NextToken" as const,
  maxPages,
});

describe("paginate", () => {
  it("reads every page, passing each token and keeping the page size", async () => {
    const { session, inputs } = fakeSession({ "": { Items: [1, 2], NextToken: "t1" }, t1: { Items: [3], NextToken: "t2" }, t2: { Items: [4] } });
    expect(await collectAll(session, spec(), (o: Output) => o.Items)).toEqual([1, 2, 3, 4]);
    expect(inputs).toEqual([{ MaxResults: 1000 }, { MaxResults: 1000, NextToken: "t1" }, { MaxResults: 1000, NextToken: "t2" }]);
  });

  it("fails instead of truncating when AWS repeats a token", async () => {
    const { session } = fakeSession({ "": { Items: [1], NextToken: "t1" }, t1: { Items: [2], NextToken: "t1" } });
    const err = await collectAll(session, spec(), (o: Output) => o.Items).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsApiError);
    expect((err as AwsApiError).code).toBe("PaginationRepeatedToken");
    expect((err as AwsApiError).api).toBe("ec2:DescribeVolumes");
  });

  it("does not hand out the page that repeats a token", async () => {
    const { session } = fakeSession({ "": { Items: [1], NextToken: "t1" }, t1: { Items: [2], NextToken: "t1" } });
    const pages: Output[] = [];
    const run = async () => {
      for await (const p of paginate(session, spec())) pages.push(p);
    };
    await expect(run()).rejects.toMatchObject({ code: "PaginationRepeatedToken" });
    expect(pages.map((p) => p.Items)).toEqual([[1]]);
  });

  it("fails when the page guard trips", async () => {
    const { session } = fakeSession({ "": { Items: [1], NextToken: "a" }, a: { Items: [2], NextToken: "b" }, b: { Items: [3] } });
    const pages: Output[] = [];
    const run = async () => {
      for await (const p of paginate(session, spec(2))) pages.push(p);
    };
    await expect(run()).rejects.toMatchObject({ code: "PaginationLimitExceeded" });
    expect(pages).toHaveLength(2);
  });
});
