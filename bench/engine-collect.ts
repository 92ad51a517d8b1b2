/**
 * Engine benchmark (`npm run bench:engine -- --instances 10000`): one generated
 * region collected twice by the real engine (in this process) against the fixture
 * replay running in its own process, so the engine's CPU is measured apart from the
 * fake AWS. Reports wall time, engine CPU per instance, AWS calls (from the
 * replay's stats) and peak RSS, for the first collect (per-item calls made) and the
 * second (per-item results cached). No token buckets on either side: this measures
 * the engine, not AWS's rate limits (those bound per-item calls at 20/s per API and
 * region, see the README).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "../src/common/log.js";
import { createEngine } from "../src/engine/index.js";
import { generateFixtureSet } from "../src/fixture-tools/generator.js";
import { MAIN_JS, freePort, stop, waitForPort } from "./support.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

interface Run {
  label: string;
  wallMs: number;
  cpuMs: number;
  records: number;
  errors: number;
  calls: number;
  perItemCalls: number;
}

async function main(): Promise<void> {
  const instances = arg("instances", 10_000);
  const dir = mkdtempSync(join(tmpdir(), "bench-engine-"));
  let replay: ChildProcess | undefined;
  try {
    const set = generateFixtureSet({ outDir: join(dir, "bench"), name: "bench", instances, regions: 1, seed: 11 });
    const user = set.accounts[0]!.users[0]!;
    const port = await freePort();
    replay = spawn(process.execPath, [MAIN_JS, "--replay", "--fixtures-dir", dir, "--port", String(port), "--log-level", "error"], { stdio: "ignore" });
    await waitForPort(port);
    const base = `http://127.0.0.1:${port}/replay/bench`;
    // The client-side limiter is opened wide: at AWS's 20/s per API the per-item calls alone would take minutes.
    const engine = createEngine({ endpointUrl: base, log: createLogger({ level: "error" }), rateLimit: { capacity: 1e9, refillPerSecond: 1e9 } });
    const secretData = { aws_access_key_id: user.accessKeyId, aws_secret_access_key: user.secretAccessKey };
    const runs: Run[] = [];
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    for (const label of ["first collect", "second collect (cached)"]) {
      await fetch(`${base}/_stats/reset`, { method: "POST" });
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      let records = 0;
      let errors = 0;
      for await (const r of engine.collect(
        { options: {}, secretData, filter: {}, taskOptions: { resource_type: "inventory.CloudService", service: "EC2", region: "us-east-1" } },
        new AbortController().signal,
      )) {
        records++;
        if (r.state === "FAILURE") errors++;
      }
      const wallMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const stats = (await (await fetch(`${base}/_stats`)).json()) as { totals: { calls: number }; apis: Record<string, { calls: number }> };
      const perItemCalls = [
        "ec2:DescribeInstanceAttribute",
        "ec2:DescribeVolumeAttribute",
        "ec2:DescribeImageAttribute",
        "ec2:DescribeLaunchTemplateVersions",
      ].reduce((n, api) => n + (stats.apis[api]?.calls ?? 0), 0);
      runs.push({ label, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, records, errors, calls: stats.totals.calls, perItemCalls });
    }
    clearInterval(sampler);
    console.log(`engine collect of one generated region: ${instances} instances (Node ${process.version})`);
    console.log("| run | wall | engine CPU | CPU per instance | records | errors | AWS calls | per-item calls |");
    console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for (const r of runs) {
      console.log(
        `| ${r.label} | ${(r.wallMs / 1000).toFixed(1)} s | ${(r.cpuMs / 1000).toFixed(1)} s | ${((r.cpuMs * 1000) / instances).toFixed(0)} µs | ${r.records} | ${r.errors} | ${r.calls} | ${r.perItemCalls} |`,
      );
    }
    const [first, cached] = runs as [Run, Run];
    console.log(
      `cached / first: wall ${(cached.wallMs / first.wallMs).toFixed(2)}×, engine CPU ${(cached.cpuMs / first.cpuMs).toFixed(2)}×, AWS calls ${(cached.calls / first.calls).toFixed(3)}×`,
    );
    console.log(`peak RSS of the engine process: ${(peakRss / 1024 / 1024).toFixed(0)} MB`);
  } finally {
    if (replay) await stop(replay);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
