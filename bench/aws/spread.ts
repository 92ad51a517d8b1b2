/**
 * How pacing cost grows with regions and accounts (`npm run bench -- --only spread`): AWS's buckets
 * are per account × region × action, so region tasks of different regions or accounts do not wait for
 * each other. A generated set of 2 accounts × 2 regions (`--instances` per region), AWS's buckets and
 * 30-50 ms per call; one collector process collects one region task alone, then all four at once (as
 * Cloudforet hands tasks to a plugin concurrently). Reports walls against the ideal schedule, the
 * collector's CPU per record, throttles and ErrorResources.
 */
import { DESCRIBE_BUCKET } from "../../src/engine/aws/rate-limiter.js";
import { cpuMs } from "../support.js";
import { AWS_LATENCY, arg, collectRegion, costOf, idealMs, ratio, seconds, startCollector, startReplay, table, type Collected } from "./support.js";

const perRegion = Number(arg("instances", "100"));
const replay = await startReplay({ instances: perRegion * 4, regions: 2, accounts: 2 });
const tasks = replay.accounts.flatMap((account) => account.regions.map((region) => ({ account, region })));
const rows: Array<Array<string | number>> = [];
try {
  for (const batch of [tasks.slice(0, 1), tasks]) {
    const server = await startCollector(replay);
    await replay.setFaults({ tokenBuckets: true, rules: [AWS_LATENCY] });
    await replay.resetStats();
    const cpu0 = cpuMs(server.pid);
    const t0 = performance.now();
    const runs: Collected[] = await Promise.all(batch.map((t) => collectRegion(server, t.account, t.region)));
    const wallMs = performance.now() - t0;
    const cpu = cpuMs(server.pid) - cpu0;
    const cost = costOf(await replay.stats());
    await server.stop();
    const records = runs.reduce((n, r) => n + r.records, 0);
    const ideal = idealMs(cost.busiestCalls, DESCRIBE_BUCKET);
    rows.push([
      batch.length === 1 ? "one region task" : "2 accounts × 2 regions at once",
      seconds(wallMs),
      seconds(ideal),
      ratio(wallMs, ideal),
      records,
      `${((cpu * 1000) / records).toFixed(0)} µs`,
      cost.throttles,
      runs.reduce((n, r) => n + r.errorResources, 0),
    ]);
  }
  console.log(`\n${perRegion} instances per region (Node ${process.version})`);
  table(
    ["collect", "wall", "ideal schedule (busiest bucket)", "wall / ideal", "records", "collector CPU per record", "throttles answered", "ErrorResources"],
    rows,
  );
} finally {
  await replay.close();
}
