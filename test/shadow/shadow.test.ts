/**
 * Shadow mode end to end, every party a real process of our server: the
 * primary (`--demo --shadow`), the shadow (`--demo` on a fixture variant with
 * three planted differences, ./variant.ts) and a baseline (`--demo`, no
 * shadow). The primary's answers are byte for byte the baseline's; the report
 * at /shadow/report lists exactly the planted differences; a known-differences
 * file (--shadow-known) moves the listed one apart.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ShadowReport } from "../../src/shadow/report.js";
import { DEMO_SECRET } from "../conformance/plugins.js";
import { ensureBuilt } from "../server/built.js";
import { postJson, serve, untilReadiness, type Served } from "../gateway/processes.js";
import { untilCallsSeen } from "./reports.js";
import { CHANGED_DESCRIPTION, CHANGED_GROUP, EXTRA_GROUP, MISSING_GROUP, VARIANT_REGION, variantFixtures } from "./variant.js";

const COLLECTOR = "spaceone.api.inventory.plugin.Collector";
const JOB = "spaceone.api.inventory.plugin.Job";

let variant: string;
let shadow: Served;
let baseline: Served;
let primary: Served;

beforeAll(async () => {
  ensureBuilt();
  variant = variantFixtures();
  [shadow, baseline] = await Promise.all([serve(["--demo", "--fixtures-dir", variant]), serve(["--demo"])]);
  // Room for every call of a run at once: the shadow's first calls wait for its engine to load, the primary's answers do not.
  primary = await serve(["--demo", "--shadow", shadow.endpoint, "--shadow-concurrency", "16"]);
  await Promise.all([shadow, baseline, primary].map((s) => untilReadiness(s.baseUrl)));
}, 120_000);
afterAll(async () => {
  await Promise.all([primary, baseline, shadow].map((s) => s?.stop()));
  rmSync(variant, { recursive: true, force: true });
});

/** Every call a platform run makes (init, get_tasks, a collect per task), the same to `a` and `b`: their answers' texts. */
async function platformRun(a: Served, b: Served): Promise<{ a: string[]; b: string[]; calls: number }> {
  const texts = { a: [] as string[], b: [] as string[] };
  const call = async (path: string, body: object) => {
    const [x, y] = await Promise.all([postJson(a.baseUrl, path, body), postJson(b.baseUrl, path, body)]);
    texts.a.push(x.text);
    texts.b.push(y.text);
    return x;
  };
  await call(`${COLLECTOR}/init`, { options: {} });
  const tasks = (JSON.parse((await call(`${JOB}/get_tasks`, { options: {}, secret_data: DEMO_SECRET })).text) as { tasks: Array<{ taskOptions: object }> })
    .tasks;
  for (const { taskOptions } of tasks) await call(`${COLLECTOR}/collect`, { options: {}, secret_data: DEMO_SECRET, task_options: taskOptions });
  return { ...texts, calls: 2 + tasks.length };
}

const SG_TYPE = "CloudService EC2/SecurityGroup";

describe("shadow mode against an instance whose fixtures differ in known ways", { timeout: 180_000 }, () => {
  let run: Awaited<ReturnType<typeof platformRun>>;
  let report: ShadowReport;

  beforeAll(async () => {
    await fetch(`${primary.baseUrl}/shadow/report`, { method: "DELETE" });
    run = await platformRun(primary, baseline);
    report = await untilCallsSeen(primary.baseUrl, run.calls);
  }, 180_000);

  it("the primary's every answer is byte for byte the baseline's (no shadow)", () => {
    expect(run.a.length).toBe(run.calls);
    expect(run.a).toEqual(run.b);
  });

  it("the report lists exactly the planted differences: one missing, one changed value, one extra", () => {
    expect(report.shadow).toBe(shadow.endpoint);
    expect(report.calls).toEqual({ init: { same: 1 }, get_tasks: { same: 1 }, collect: { same: run.calls - 3, different: 1 } });
    const real = report.summary.groups.filter((g) => g.category === "difference");
    expect(real.map(({ type, path, kind, count }) => ({ type, path, kind, count }))).toEqual([
      { type: SG_TYPE, path: "", kind: "extra", count: 1 },
      { type: SG_TYPE, path: "", kind: "missing", count: 1 },
      { type: SG_TYPE, path: "resource.json_data.Description", kind: "changed", count: 1 },
    ]);
    const examples = real.flatMap((g) => g.examples.map((e) => ({ kind: g.kind, ...e })));
    expect(examples).toEqual([
      { kind: "extra", record: expect.stringContaining(EXTRA_GROUP) as unknown },
      { kind: "missing", record: expect.stringContaining(MISSING_GROUP) as unknown },
      { kind: "changed", record: expect.stringContaining(CHANGED_GROUP) as unknown, a: "App servers", b: CHANGED_DESCRIPTION },
    ]);
    expect(report.summary.counts.difference).toBe(3);
    const different = report.recent.find((c) => c.result === "different")!;
    expect(different.task).toMatchObject({ region: VARIANT_REGION });
  });

  it("the differences are in Prometheus metrics too, without ids or values", async () => {
    const text = await (await fetch(`${primary.baseUrl}/metrics`)).text();
    expect(text).toContain(`shadow_calls_total{method="collect",result="different"} 1`);
    expect(text).toMatch(
      /shadow_differences_total\{method="collect",category="difference",kind="changed",type="CloudService EC2\/SecurityGroup",path="resource\.json_data\.Description"\} 1/,
    );
    expect(text).not.toContain(CHANGED_GROUP);
    expect(text).not.toContain(CHANGED_DESCRIPTION);
  });

  it("--shadow-known moves a listed difference apart, with its reason", async () => {
    const known = join(variant, "known.json");
    writeFileSync(
      known,
      JSON.stringify({ differences: [{ type: SG_TYPE, path: "resource.json_data.Description", kind: "changed", reason: "descriptions fixed on purpose" }] }),
    );
    const withKnown = await serve(["--demo", "--shadow", shadow.endpoint, "--shadow-known", known]);
    try {
      await untilReadiness(withKnown.baseUrl);
      const body = { options: {}, secret_data: DEMO_SECRET, task_options: { resource_type: "inventory.CloudService", service: "EC2", region: VARIANT_REGION } };
      const answer = await postJson(withKnown.baseUrl, `${COLLECTOR}/collect`, body);
      expect(answer).toEqual(await postJson(baseline.baseUrl, `${COLLECTOR}/collect`, body));
      const seen = await untilCallsSeen(withKnown.baseUrl, 1);
      expect(seen.summary.counts).toEqual({ difference: 2, known: 1, benign: 0 });
      expect(seen.summary.groups.map(({ category, kind, reason }) => ({ category, kind, ...(reason ? { reason } : {}) }))).toEqual([
        { category: "difference", kind: "extra" },
        { category: "difference", kind: "missing" },
        { category: "known", kind: "changed", reason: "descriptions fixed on purpose" },
      ]);
    } finally {
      await withKnown.stop();
    }
  });
  it("gateway and shadow combined (the migration set-up): the upstream's answer, compared with the shadow's", async () => {
    const gateway = await serve(["--upstream", baseline.endpoint, "--shadow", shadow.endpoint]);
    try {
      await untilReadiness(gateway.baseUrl);
      const body = { options: {}, secret_data: DEMO_SECRET, task_options: { resource_type: "inventory.CloudService", service: "EC2", region: VARIANT_REGION } };
      expect(await postJson(gateway.baseUrl, `${COLLECTOR}/collect`, body)).toEqual(await postJson(baseline.baseUrl, `${COLLECTOR}/collect`, body));
      const seen = await untilCallsSeen(gateway.baseUrl, 1);
      expect(seen.calls).toEqual({ collect: { different: 1 } });
      expect(seen.summary.groups.map(({ category, path, kind }) => ({ category, path, kind }))).toEqual([
        { category: "difference", path: "", kind: "extra" },
        { category: "difference", path: "", kind: "missing" },
        { category: "difference", path: "resource.json_data.Description", kind: "changed" },
      ]);
    } finally {
      await gateway.stop();
    }
  });
});
