import { describe, expect, it } from "vitest";
import { namespaceMetricRecords } from "./namespace-metric.js";

describe("namespaceMetricRecords", () => {
  const records = namespaceMetricRecords();
  const namespaces = records.filter((r) => r.resourceType === "inventory.Namespace");
  const metrics = records.filter((r) => r.resourceType === "inventory.Metric");

  it("ships the EC2 catalogue: 8 namespaces and 13 metrics with bumped versions", () => {
    expect(namespaces).toHaveLength(8);
    expect(metrics).toHaveLength(13);
    expect(new Set(namespaces.map((n) => n.resource.version))).toEqual(new Set(["1.2"]));
    expect(new Set(metrics.map((m) => m.resource.version))).toEqual(new Set(["1.1"]));
  });

  it("emits each namespace before its metrics and every metric points at an emitted namespace", () => {
    const seen = new Set<unknown>();
    for (const r of records) {
      if (r.resourceType === "inventory.Namespace") seen.add(r.resource.namespace_id);
      else expect(seen.has(r.resource.namespace_id)).toBe(true);
    }
  });

  it("carries upstream's fixes (snapshot metrics on snapshots, AMI/EIP namespaces)", () => {
    const byId = new Map(records.map((r) => [r.resource.metric_id ?? r.resource.namespace_id, r.resource]));
    expect(byId.get("metric-aws-ec2-snapshot-size")).toMatchObject({ resource_type: "inventory.CloudService:aws.EC2.Snapshot", unit: "GB" });
    expect(byId.get("ns-aws-ec2-ami")).toMatchObject({ resource_type: "inventory.CloudService:aws.EC2.AMI" });
    expect(byId.get("ns-aws-ec2-eip")).toMatchObject({ resource_type: "inventory.CloudService:aws.EC2.EIP" });
    expect(byId.get("metric-aws-ec2-instance-count")).toMatchObject({
      query_options: {
        group_by: [
          { key: "account", name: "Account ID" },
          { key: "region_code", name: "Region", reference: { resource_type: "inventory.Region", reference_key: "region_code" } },
          { key: "data.compute.az", name: "Availability Zone" },
          { key: "instance_type", name: "Instance Type", default: true },
          { key: "data.compute.instance_state", name: "Instance State" },
          { key: "data.os.os_type", name: "OS Type" },
        ],
        fields: { value: { operator: "count" } },
      },
      date_field: null,
      tags: {},
    });
  });
});
