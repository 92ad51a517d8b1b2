import type { DescribeInstancesCommandInput, DescribeInstancesCommandOutput } from "@aws-sdk/client-ec2";
import type { DescribeListenersCommandOutput } from "@aws-sdk/client-elastic-load-balancing-v2";
import { describe, expect, expectTypeOf, it } from "vitest";
import { AWS_SERVICES } from "../../common/aws-services.js";
import { api } from "./api-spec.js";
import { API_NAMES, AWS_API_TABLE, commandFor, iamPolicy, serviceOf, type ApiInput, type ApiName, type ApiOutput } from "./api-table.js";
import { sdk } from "./sdk.js";
import type { AwsSession } from "./session.js";

describe("the AWS API table", () => {
  it("names every row service:Operation of a known service; the IAM policy lists exactly them, in order", () => {
    for (const name of API_NAMES) {
      expect(name).toMatch(/^[a-z0-9]+:[A-Z][A-Za-z]+$/);
      expect(AWS_SERVICES).toContain(serviceOf(name));
    }
    expect(new Set(API_NAMES).size).toBe(API_NAMES.length);
    expect(iamPolicy()).toEqual({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: API_NAMES, Resource: "*" }] });
  });

  it("builds each row's SDK command from its probe, for the operation the row names", () => {
    for (const name of API_NAMES) {
      const input = AWS_API_TABLE[name].probe({ account: "111111111111", region: "us-east-1" });
      const command = commandFor(name, input) as { input: object; constructor: { name: string } };
      expect(command.input, name).toEqual(input);
      expect(`${name.split(":")[1]}Command`, name).toBe(command.constructor.name);
    }
  });

  it("declares the page size of every paginated listing the collector reads to the end", () => {
    const unsized = API_NAMES.filter((name) => {
      const { kind, paging } = AWS_API_TABLE[name];
      return kind === "listing" && paging.style !== "none" && !("pageSize" in paging && paging.pageSize);
    });
    // Asked by type name, at AWS's default page size.
    expect(unsized).toEqual(["ec2:DescribeInstanceTypes"]);
  });
});

describe("the table's types (checked by tsc)", () => {
  it("infers each API's input and output from its row", () => {
    expectTypeOf<ApiInput<"ec2:DescribeInstances">>().toEqualTypeOf<DescribeInstancesCommandInput>();
    expectTypeOf<ApiOutput<"ec2:DescribeInstances">>().toEqualTypeOf<DescribeInstancesCommandOutput>();
    const listeners = (session: AwsSession) => session.send("elasticloadbalancing:DescribeListeners", "us-east-1", { LoadBalancerArn: "arn" });
    expectTypeOf(listeners).returns.toEqualTypeOf<Promise<DescribeListenersCommandOutput>>();
    // @ts-expect-error the input is the command's own
    const wrongInput = (session: AwsSession) => session.send("elasticloadbalancing:DescribeListeners", "us-east-1", { MaxResults: 5 });
    expectTypeOf(wrongInput).toBeFunction();
  });

  it("refuses a name that is not a row: removing a row fails every consumer that names it", () => {
    expectTypeOf<"ec2:DescribeInstances">().toExtend<ApiName>();
    expectTypeOf<"ec2:DescribeNothing">().not.toExtend<ApiName>();
    // @ts-expect-error an API missing from the table has no input type
    expectTypeOf<ApiInput<"ec2:DescribeNothing">>().toBeObject();
  });

  it("checks a row against its own command", () => {
    const describeVolumes = () => sdk.ec2().DescribeVolumesCommand;
    const row = { kind: "listing", required: true, purpose: "test" } as const;
    api(describeVolumes, { ...row, paging: { style: "NextToken", pageSize: { member: "MaxResults", size: 1000 } }, probe: () => ({ MaxResults: 5 }) });
    // @ts-expect-error EC2 pages by NextToken, not Marker
    api(describeVolumes, { ...row, paging: { style: "Marker", pageSize: { member: "MaxResults", size: 1000 } }, probe: () => ({}) });
    // @ts-expect-error the page size must be a numeric input member
    api(describeVolumes, { ...row, paging: { style: "NextToken", pageSize: { member: "Filters", size: 1000 } }, probe: () => ({}) });
    // @ts-expect-error the probe must be the command's input
    api(describeVolumes, { ...row, paging: { style: "none" }, probe: () => ({ PageSize: 5 }) });
  });
});
