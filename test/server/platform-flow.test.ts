/**
 * The whole product the way Cloudforet uses it: the compiled server in demo mode
 * (AWS answered by its own fixture replay), driven by the platform's client
 * library (python3-grpcio): reflection discovery, `Job.get_tasks`, then one
 * `Collector.collect` stream per task, each consumed to its end.
 */
import { execFile, type ChildProcess } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EC2_TYPES } from "../../src/engine/records/record.js";
import { DEMO_SECRET } from "../support/canary.js";
import { ensureBuilt } from "./built.js";
import { startProcess } from "./spawn.js";

const run = promisify(execFile);

interface TaskResult {
  task: Record<string, unknown>;
  counts: Record<string, number>;
  status: string;
  bad_json_data: number;
}

let server: ChildProcess;
let port: number;

beforeAll(async () => {
  ensureBuilt();
  const spawned = startProcess(["--demo", "--port", "0"]);
  server = spawned.child;
  port = await spawned.listening;
}, 120_000);
afterAll(async () => {
  const exited = new Promise((r) => server.once("exit", r));
  server.kill("SIGTERM");
  await exited;
});

describe("Cloudforet's collection flow against `--demo`", () => {
  it("plans tasks, and every collect stream ends OK with well-formed records", async () => {
    const script = new URL("./reflection_client.py", import.meta.url).pathname;
    const { stdout } = await run("/usr/bin/python3", [script, `127.0.0.1:${port}`, JSON.stringify(DEMO_SECRET)], { timeout: 60_000 });
    const tasks = (JSON.parse(stdout) as { collection: TaskResult[] }).collection;
    expect(tasks.length).toBeGreaterThan(3);
    for (const t of tasks) {
      expect(t.status, JSON.stringify(t.task)).toBe("OK");
      expect(t.bad_json_data).toBe(0);
      for (const key of Object.keys(t.counts)) expect(key, JSON.stringify(t.task)).toMatch(/^SUCCESS /);
    }
    const byType = (type: string) => tasks.filter((t) => t.task.resource_type === type);
    expect(byType("inventory.CloudServiceType")[0]?.counts).toEqual({ "SUCCESS inventory.CloudServiceType": EC2_TYPES.length });
    const regionTask = byType("inventory.Region")[0]!;
    expect(regionTask.counts).toEqual({ "SUCCESS inventory.Region": (regionTask.task.regions as string[]).length });
    const perRegion = byType("inventory.CloudService");
    expect(perRegion.map((t) => t.task.region).sort()).toEqual([...(regionTask.task.regions as string[])].sort());
    for (const t of perRegion) expect(t.counts["SUCCESS inventory.CloudService"], String(t.task.region)).toBeGreaterThan(0);
  });

  it("runs many collect streams at once on one connection, each complete", async () => {
    const script = new URL("./reflection_client.py", import.meta.url).pathname;
    const secret = JSON.stringify(DEMO_SECRET);
    const once = JSON.parse((await run("/usr/bin/python3", [script, `127.0.0.1:${port}`, secret], { timeout: 60_000 })).stdout) as { collection: TaskResult[] };
    const parallel = JSON.parse(
      (await run("/usr/bin/python3", [script, `127.0.0.1:${port}`, secret], { timeout: 120_000, env: { ...process.env, COLLECT_REPEAT: "5" } })).stdout,
    ) as { collection: TaskResult[] };
    expect(parallel.collection).toHaveLength(once.collection.length * 5);
    // Every concurrent stream delivers exactly what the same task delivers alone.
    // Struct keys arrive in no particular order: key tasks by their sorted entries.
    const key = (task: Record<string, unknown>) => JSON.stringify(Object.entries(task).sort(([a], [b]) => a.localeCompare(b)));
    const alone = new Map(once.collection.map((t) => [key(t.task), t.counts]));
    expect(alone.size).toBe(once.collection.length);
    for (const t of parallel.collection) {
      expect(t.status).toBe("OK");
      expect(t.counts).toEqual(alone.get(key(t.task)));
    }
  });
});
