/**
 * The operator's metrics, scraped from the compiled server in demo mode after real collects: AWS calls by
 * API, region and outcome agree with what the fixture replay received (one API denied, one answering two
 * server errors before succeeding), records and ErrorResources agree with the stream, collects and the
 * per-item cache are counted, and no label carries a resource id.
 */
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SECRET } from "../support/canary.js";
import { ensureBuilt } from "./built.js";
import { startProcess } from "./spawn.js";

const REGION = "us-east-1";
const COLLECT = "/spaceone.api.inventory.plugin.Collector/collect";

interface ApiStats {
  calls: number;
  retries: number;
}

/** One sample of Prometheus text: metric name, labels and value. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...(match[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The sum of `name`'s samples whose labels include `where`. */
function total(samples: Sample[], name: string, where: Record<string, string> = {}): number {
  return samples.filter((s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);
}

let server: ChildProcess;
let base: string;

beforeAll(async () => {
  ensureBuilt();
  const spawned = startProcess(["--demo", "--port", "0"]);
  server = spawned.child;
  base = `http://127.0.0.1:${await spawned.listening}`;
}, 120_000);
afterAll(async () => {
  const exited = new Promise((r) => server.once("exit", r));
  server.kill("SIGTERM");
  await exited;
});

async function scrape(): Promise<Sample[]> {
  const res = await fetch(`${base}/metrics`);
  expect(res.status).toBe(200);
  return parseSamples(await res.text());
}

/** One region task of the demo account through the NDJSON route; the records and the last line. */
async function collectRegion(): Promise<{ records: Array<{ state: string; resourceType: string; resource: Record<string, unknown> }>; end: unknown }> {
  const res = await fetch(`${base}${COLLECT}`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/x-ndjson" },
    body: JSON.stringify({
      options: {},
      secretData: DEMO_SECRET,
      filter: {},
      taskOptions: { resource_type: "inventory.CloudService", service: "EC2", region: REGION },
    }),
  });
  expect(res.status).toBe(200);
  const lines = (await res.text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const last = lines.pop()!;
  return { records: lines as never, end: last.end };
}

describe("operator metrics at /metrics", () => {
  it("are served before any collect, at zero", async () => {
    const samples = await scrape();
    expect(total(samples, "collector_collects_in_flight")).toBe(0);
    expect(samples.some((s) => s.name === "collector_item_cache_lookups_total")).toBe(true);
    expect(total(samples, "collector_records_total")).toBe(0);
  });

  it("count AWS calls, retries, records, ErrorResources, collects and cache lookups as they happened", async () => {
    const faults = {
      rules: [
        { effect: "deny", api: "ec2:DescribeAddresses", region: REGION },
        { effect: "error", code: "InternalError", status: 500, api: "ec2:DescribeImages", count: 2 },
      ],
    };
    expect(
      (await fetch(`${base}/replay/demo/_faults`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(faults) })).status,
    ).toBe(200);
    await fetch(`${base}/replay/demo/_stats/reset`, { method: "POST" });

    const { records, end } = await collectRegion();
    expect(end).toEqual({ code: "ok" });
    const samples = await scrape();
    const replay = (await (await fetch(`${base}/replay/demo/_stats`)).json()) as { apis: Record<string, ApiStats> };

    // Every request the replay received is one call (first attempt) or one retry in our counters.
    expect(Object.keys(replay.apis).length).toBeGreaterThan(5);
    for (const [api, stats] of Object.entries(replay.apis)) {
      expect(total(samples, "collector_aws_calls_total", { api }), api).toBe(stats.calls - stats.retries);
      expect(total(samples, "collector_aws_retries_total", { api }), api).toBe(stats.retries);
    }
    expect(total(samples, "collector_aws_calls_total", { api: "ec2:DescribeAddresses", region: REGION, outcome: "denied", service: "ec2" })).toBe(1);
    expect(total(samples, "collector_aws_calls_total", { api: "ec2:DescribeImages", outcome: "ok" })).toBeGreaterThanOrEqual(1);
    expect(total(samples, "collector_aws_retries_total", { api: "ec2:DescribeImages", region: REGION })).toBe(2);
    expect(total(samples, "collector_aws_calls_total", { outcome: "error" })).toBe(0);
    expect(total(samples, "collector_aws_call_seconds_count", { service: "ec2" })).toBe(total(samples, "collector_aws_calls_total", { service: "ec2" }));
    expect(total(samples, "collector_rate_limiter_wait_seconds_count")).toBe(total(samples, "collector_aws_calls_total"));

    // Records and ErrorResources as the stream carried them.
    const errors = records.filter((r) => r.resourceType === "inventory.ErrorResource");
    expect(errors).toHaveLength(1);
    expect(errors[0]!.resource).toMatchObject({ cloud_service_type: "EIP", api: "ec2:DescribeAddresses" });
    expect(total(samples, "collector_error_resources_total", { cloud_service_type: "EIP", api: "ec2:DescribeAddresses" })).toBe(1);
    expect(total(samples, "collector_error_resources_total")).toBe(1);
    const byType = new Map<string, number>();
    for (const r of records)
      if (r.state === "SUCCESS") byType.set(String(r.resource.cloud_service_type), (byType.get(String(r.resource.cloud_service_type)) ?? 0) + 1);
    expect(byType.size).toBeGreaterThan(5);
    for (const [type, n] of byType) {
      expect(total(samples, "collector_records_total", { resource_type: "inventory.CloudService", cloud_service_type: type, state: "SUCCESS" }), type).toBe(n);
    }
    expect(total(samples, "collector_records_total", { state: "FAILURE" })).toBe(1);
    expect(total(samples, "collector_records_total")).toBe(records.length);

    expect(total(samples, "collector_collect_seconds_count", { outcome: "ok" })).toBe(1);
    expect(total(samples, "collector_collects_in_flight")).toBe(0);
    const misses = total(samples, "collector_item_cache_lookups_total", { result: "miss" });
    expect(misses).toBeGreaterThan(0);
    expect(total(samples, "collector_item_cache_entries")).toBeGreaterThan(0);

    // Label values are bounded: APIs, regions, types, outcomes — never a resource id.
    for (const s of samples.filter((x) => x.name.startsWith("collector_"))) {
      for (const value of Object.values(s.labels))
        expect(value, `${s.name} ${JSON.stringify(s.labels)}`).not.toMatch(/^(i|vol|snap|ami|sg|eipalloc|lt)-[0-9a-f]+/);
    }

    // The same region again, nothing changed: the per-item attributes come from the cache.
    await fetch(`${base}/replay/demo/_faults`, { method: "DELETE" });
    const again = await collectRegion();
    expect(again.end).toEqual({ code: "ok" });
    const after = await scrape();
    expect(total(after, "collector_item_cache_lookups_total", { result: "hit" })).toBeGreaterThan(0);
    expect(total(after, "collector_item_cache_lookups_total", { result: "miss" })).toBe(misses);
    expect(total(after, "collector_collect_seconds_count", { outcome: "ok" })).toBe(2);
  });
});
