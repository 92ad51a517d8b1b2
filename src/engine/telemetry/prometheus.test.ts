import { describe, expect, it } from "vitest";
import type { CollectedRecord } from "../records/record.js";
import { createEngineMetrics } from "./prometheus.js";

const errorResource = (api: string): CollectedRecord => ({
  state: "FAILURE",
  resourceType: "inventory.ErrorResource",
  message: "ERROR_AWS_API: …",
  matchRules: {},
  resource: { cloud_service_type: "Region", region_code: "eu-west-1", api },
});

describe("createEngineMetrics", () => {
  it("keeps a region-wide ErrorResource's list of APIs to one label value", async () => {
    const { telemetry, registry } = createEngineMetrics();
    telemetry.record(errorResource("ec2:DescribeInstances, ec2:DescribeVolumes"));
    telemetry.record(errorResource("ec2:DescribeVolumes"));
    telemetry.record({ ...errorResource(""), resource: { cloud_service_type: "Instance" } });
    const text = await registry.metrics();
    expect(text).toContain('collector_error_resources_total{cloud_service_type="Region",api="several"} 1');
    expect(text).toContain('collector_error_resources_total{cloud_service_type="Region",api="ec2:DescribeVolumes"} 1');
    expect(text).toContain('collector_error_resources_total{cloud_service_type="Instance",api="none"} 1');
    expect(text).toContain('collector_records_total{resource_type="inventory.ErrorResource",cloud_service_type="Region",state="FAILURE"} 2');
  });

  it("reads the item cache's counters when scraped, and zero before the engine exists", async () => {
    const { telemetry, registry } = createEngineMetrics();
    expect(await registry.metrics()).toContain('collector_item_cache_lookups_total{result="hit"} 0');
    const counters = { hits: 3, misses: 2, entries: 2 };
    telemetry.watchItemCache(() => counters);
    counters.hits = 7;
    const text = await registry.metrics();
    expect(text).toContain('collector_item_cache_lookups_total{result="hit"} 7');
    expect(text).toContain('collector_item_cache_lookups_total{result="miss"} 2');
    expect(text).toContain("collector_item_cache_entries 2");
  });

  it("counts retries beyond the first attempt, per call", async () => {
    const { telemetry, registry } = createEngineMetrics();
    telemetry.awsCall({ service: "ec2", api: "ec2:DescribeImages", region: "us-east-1", outcome: "ok", attempts: 3, seconds: 0.2 });
    telemetry.awsCall({ service: "ec2", api: "ec2:DescribeImages", region: "us-east-1", outcome: "throttled", attempts: 1, seconds: 0.1 });
    const text = await registry.metrics();
    expect(text).toContain('collector_aws_retries_total{service="ec2",api="ec2:DescribeImages",region="us-east-1"} 2');
    expect(text).toContain('collector_aws_calls_total{service="ec2",api="ec2:DescribeImages",region="us-east-1",outcome="throttled"} 1');
    expect(text).toContain('collector_aws_call_seconds_count{service="ec2"} 2');
  });
});
