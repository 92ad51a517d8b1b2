import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { ResourceInfoSchema, ResourceInfo_State } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { Counts } from "./counts.js";
import { parseFilter } from "./filter.js";
import { decodeRecord, GLOBAL_REGION, toRow } from "./records.js";

const instance = create(ResourceInfoSchema, {
  state: ResourceInfo_State.SUCCESS,
  resourceType: "inventory.CloudService",
  matchRules: { "1": ["reference.resource_id", "provider"] },
  resource: {
    name: "demo-web-1",
    cloud_service_type: "Instance",
    cloud_service_group: "EC2",
    account: "111111111111",
    region_code: "us-east-1",
    json_data: '{"os":{"os_type":"LINUX"},"tags":[]}',
    reference: { resource_id: "i-0001", external_link: "https://console.aws.amazon.com/" },
  },
});
const region = create(ResourceInfoSchema, {
  state: ResourceInfo_State.SUCCESS,
  resourceType: "inventory.Region",
  resource: { name: "Europe (Ireland)", region_code: "eu-west-1", provider: "aws" },
});
const metric = create(ResourceInfoSchema, {
  state: ResourceInfo_State.SUCCESS,
  resourceType: "inventory.Metric",
  resource: { name: "Instance Count", metric_id: "metric-aws-ec2-instance-count" },
});
const failure = create(ResourceInfoSchema, {
  state: ResourceInfo_State.FAILURE,
  resourceType: "inventory.ErrorResource",
  message: "ERROR_AWS_ACCESS_DENIED: not allowed",
  resource: { cloud_service_type: "Volume", region_code: "us-east-1", resource_id: "vol-0009" },
});

describe("console records", () => {
  it("turns each record type into a row: kind, name, id, region, account, state", () => {
    expect(toRow(instance, 1)).toMatchObject({
      seq: 1,
      recordType: "CloudService",
      kind: "Instance",
      name: "demo-web-1",
      id: "i-0001",
      region: "us-east-1",
      account: "111111111111",
      state: "SUCCESS",
    });
    expect(toRow(region, 2)).toMatchObject({
      recordType: "Region",
      kind: "Region",
      name: "Europe (Ireland)",
      id: "eu-west-1",
      region: "eu-west-1",
      account: "",
    });
    expect(toRow(metric, 3)).toMatchObject({ kind: "Metric", id: "metric-aws-ec2-instance-count", region: GLOBAL_REGION });
    expect(toRow(failure, 4)).toMatchObject({ kind: "ErrorResource", name: "Volume: ERROR_AWS_ACCESS_DENIED: not allowed", id: "vol-0009", state: "FAILURE" });
  });

  it("decodes json_data (a JSON text on the wire) and keeps the rest of the resource apart", () => {
    const { decoded, resource, matchRules } = decodeRecord(instance);
    expect(decoded.json_data).toEqual({ ok: true, value: { os: { os_type: "LINUX" }, tags: [] } });
    expect(resource).not.toHaveProperty("json_data");
    expect(resource.reference).toEqual({ resource_id: "i-0001", external_link: "https://console.aws.amazon.com/" });
    expect(matchRules).toEqual({ "1": ["reference.resource_id", "provider"] });
    // The message itself is left untouched.
    expect(instance.resource?.json_data).toBeTypeOf("string");
  });

  it("shows json_data that is not JSON as received, with the parser's reason", () => {
    const broken = create(ResourceInfoSchema, { resourceType: "inventory.CloudService", resource: { json_data: "{not json" } });
    const { decoded } = decodeRecord(broken);
    expect(decoded.json_data).toMatchObject({ ok: false, raw: "{not json" });
    expect(decodeRecord(region).decoded).toEqual({});
  });

  it("filters on words anywhere in the row and on key:value fields, all words together", () => {
    const rows = [instance, region, metric, failure].map((info, i) => toRow(info, i + 1));
    const kinds = (filter: string) => rows.filter(parseFilter(filter)).map((row) => row.kind);
    expect(kinds("")).toEqual(["Instance", "Region", "Metric", "ErrorResource"]);
    expect(kinds("type:instance")).toEqual(["Instance"]);
    expect(kinds("type:CloudService")).toEqual(["Instance"]);
    expect(kinds("region:us-east-1")).toEqual(["Instance", "ErrorResource"]);
    expect(kinds("region:us-east-1 state:failure")).toEqual(["ErrorResource"]);
    expect(kinds(`region:${GLOBAL_REGION}`)).toEqual(["Metric"]);
    expect(kinds("DEMO-WEB")).toEqual(["Instance"]);
    expect(kinds("access_denied")).toEqual(["ErrorResource"]);
    // A whole value, not a prefix; an unknown key is a plain word.
    expect(kinds("region:us-east")).toEqual([]);
    expect(kinds("foo:bar")).toEqual([]);
  });

  it("counts by kind and region: cloud service types first, other record types after, errors last; global last", () => {
    const counts = new Counts();
    for (const [i, info] of [failure, metric, instance, region, instance].entries()) counts.add(toRow(info, i + 1));
    const table = counts.table();
    expect(table.total).toBe(5);
    expect(table.regions).toEqual(["eu-west-1", "us-east-1", GLOBAL_REGION]);
    expect(table.kinds.map(({ kind, total, byRegion }) => [kind, total, Object.fromEntries(byRegion)])).toEqual([
      ["Instance", 2, { "us-east-1": 2 }],
      ["Region", 1, { "eu-west-1": 1 }],
      ["Metric", 1, { [GLOBAL_REGION]: 1 }],
      ["ErrorResource", 1, { "us-east-1": 1 }],
    ]);
  });
});
