import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { fakeRegion } from "../../test/support/fake-region.js";
import { PluginError } from "../common/errors.js";
import { CircuitOpenError } from "./aws/breaker.js";
import { AwsApiError } from "./aws/errors.js";
import { capErrorResources, groupSystemicFailures, SYSTEMIC_RESOURCE_FAILURES } from "./error-resources.js";
import { errorRecord } from "./records/error-resource.js";
import type { CollectedRecord } from "./records/record.js";
import { perResource } from "./resources/per-resource.js";

const REGION = "us-east-1";
const ok = (id: string) =>
  ({ state: "SUCCESS", resourceType: "inventory.CloudService", message: "", matchRules: {}, resource: { name: id } }) as CollectedRecord;
const awsFailure = (code: string, httpStatus?: number, api = "ec2:DescribeVolumeAttribute") =>
  new AwsApiError(api, REGION, code, `${code} (injected)`, "req-1", { httpStatus });

/** The Volume records `perResource` builds for `ids`, failing those `fails` names with its error. */
function volumes(ids: string[], fails: (id: string) => Error | undefined): AsyncIterable<CollectedRecord> {
  const { ctx } = fakeRegion({});
  return perResource(ctx, ids, {
    type: "Volume",
    idOf: (id) => id,
    build: (id) => {
      const err = fails(id);
      if (err) throw err;
      return ok(id);
    },
  });
}

async function all(records: AsyncIterable<CollectedRecord>): Promise<CollectedRecord[]> {
  const out: CollectedRecord[] = [];
  for await (const r of records) out.push(r);
  return out;
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `vol-${i}`);
const failures = (records: CollectedRecord[]) => records.filter((r) => r.state === "FAILURE");

describe("groupSystemicFailures", () => {
  it("one API failing the same systemic way for many resources of a type: one ErrorResource with the count", async () => {
    const records = await all(
      groupSystemicFailures(
        "Volume",
        volumes(ids(40), (id) => (id === "vol-3" ? undefined : awsFailure("ECONNREFUSED"))),
      ),
    );
    expect(records.filter((r) => r.state === "SUCCESS").map((r) => r.resource.name)).toEqual(["vol-3"]);
    const [only, ...rest] = failures(records);
    expect(rest).toEqual([]);
    expect(only!.message).toBe(
      "ERROR_AWS_API: ec2:DescribeVolumeAttribute failed the same way for 39 Volume resources. (reason = ECONNREFUSED: ECONNREFUSED (injected), region = us-east-1, resources = 39, request_id = req-1)",
    );
    expect(only!.resource).toMatchObject({
      cloud_service_type: "Volume",
      region_code: REGION,
      api: "ec2:DescribeVolumeAttribute",
      aws_error_code: "ECONNREFUSED",
      affected_resources: 39,
    });
    expect(only!.resource).not.toHaveProperty("resource_id");
  });

  it("fewer than SYSTEMIC_RESOURCE_FAILURES, or failures about one resource, stay one ErrorResource per resource", async () => {
    const few = await all(
      groupSystemicFailures(
        "Volume",
        volumes(ids(10), (id) => (Number(id.slice(4)) < SYSTEMIC_RESOURCE_FAILURES - 1 ? awsFailure("InternalError", 500) : undefined)),
      ),
    );
    expect(failures(few).map((r) => r.resource.resource_id)).toEqual(ids(SYSTEMIC_RESOURCE_FAILURES - 1));
    const notFound = await all(
      groupSystemicFailures(
        "Volume",
        volumes(ids(10), () => awsFailure("InvalidVolume.NotFound", 400)),
      ),
    );
    expect(failures(notFound).map((r) => r.resource.resource_id)).toEqual(ids(10));
    const bugs = await all(
      groupSystemicFailures(
        "Volume",
        volumes(ids(10), () => new TypeError("bad")),
      ),
    );
    expect(failures(bugs)).toHaveLength(10);
  });

  it("calls its circuit stopped count with the failures that opened it; the reason is a real failure", async () => {
    const opened = { scope: "ec2:DescribeVolumeAttribute", region: REGION, failure: awsFailure("InternalError", 500), failures: 5 };
    const records = await all(
      groupSystemicFailures(
        "Volume",
        volumes(ids(3), (id) => (id === "vol-0" ? new CircuitOpenError("ec2:DescribeVolumeAttribute", opened) : awsFailure("InternalError", 500))),
      ),
    );
    const [only, ...rest] = failures(records);
    expect(rest).toEqual([]);
    expect(only!.message).toMatch(
      /^ERROR_AWS_API: ec2:DescribeVolumeAttribute failed the same way for 3 Volume resources; the calls were stopped\. \(reason = InternalError: InternalError \(injected\), /,
    );
  });

  it("a type whose listing fails afterwards still reports the resources that failed before it", async () => {
    async function* listingFailsLate(): AsyncGenerator<CollectedRecord> {
      yield* volumes(ids(2), () => awsFailure("InternalError", 500));
      throw awsFailure("InternalError", 500, "ec2:DescribeVolumes");
    }
    const seen: CollectedRecord[] = [];
    await expect(
      (async () => {
        for await (const r of groupSystemicFailures("Volume", listingFailsLate())) seen.push(r);
      })(),
    ).rejects.toMatchObject({ api: "ec2:DescribeVolumes" });
    expect(seen.map((r) => r.resource.resource_id)).toEqual(ids(2));
  });
});

describe("capErrorResources", () => {
  /** `errors` successes, each followed by an ErrorResource of its own. */
  function mixed(errors: number): AsyncIterable<CollectedRecord> {
    const records = Array.from({ length: errors }, (_, i) => [
      ok(`r-${i}`),
      errorRecord({ type: "Instance", region: REGION, resourceId: `i-${i}` }, new PluginError("ERROR_UNKNOWN", `broken ${i}`)),
    ]).flat();
    return Readable.from(records) as AsyncIterable<CollectedRecord>;
  }

  it("sends at most `max` ErrorResources, then one saying how many were left out; every success passes", async () => {
    const records = await all(capErrorResources(mixed(250), { max: 100, region: REGION }));
    expect(records.filter((r) => r.state === "SUCCESS")).toHaveLength(250);
    const errors = failures(records);
    expect(errors).toHaveLength(101);
    expect(errors.slice(0, 100).map((r) => r.resource.resource_id)).toEqual(Array.from({ length: 100 }, (_, i) => `i-${i}`));
    expect(errors[100]!.message).toBe("ERROR_TOO_MANY_FAILURES: 150 more ErrorResources of this task were not sent. (limit = 100, region = us-east-1)");
    expect(errors[100]!.resource).toMatchObject({ cloud_service_type: "Region", region_code: REGION, suppressed_error_resources: 150 });
  });

  it("adds nothing when the task stays within the bound", async () => {
    expect(failures(await all(capErrorResources(mixed(100), { max: 100 })))).toHaveLength(100);
  });
});
