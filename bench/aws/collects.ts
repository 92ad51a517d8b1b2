/**
 * The default AWS-modelling scenario (`npm run bench -- --only aws`; `--instances 1000,5000 --repeat 3`):
 * one generated region behind the replay (its own process) with AWS's buckets (100 burst, 20/s per
 * account × region × action) and 30-50 ms per call, collected by collector processes over gRPC. Side by
 * side in one run: the first collect against the ideal schedule (the busiest per-item API's calls at
 * 20/s after the burst), the throttles AWS answered, a second collect in the same process, a collect by
 * a restarted process on the file cache, two processes collecting the same region at once on a cold
 * Redis (does pacing need to be shared?), then a collect by another process sharing that Redis, and
 * peak RSS. `--repeat n` repeats the cached collects and prints medians; `--pair-up-to n` (2000) leaves the
 * two-processes run out above n instances.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { DESCRIBE_BUCKET } from "../../src/engine/aws/rate-limiter.js";
import { startRedisServer } from "../support.js";
import {
  AWS_LATENCY,
  arg,
  collectRegion,
  costOf,
  idealMs,
  median,
  ratio,
  seconds,
  startCollector,
  startReplay,
  table,
  type Collected,
  type Cost,
  type Replay,
} from "./support.js";

const AWS_FAULTS = { tokenBuckets: true, rules: [AWS_LATENCY] };

interface Row {
  label: string;
  runs: Array<Collected & Cost>;
  /** Ideal schedule for this row's calls, ms (rows that make per-item calls). */
  idealMs?: number;
}

async function measure(replay: Replay, collect: () => Promise<Collected>): Promise<Collected & Cost> {
  // AWS's buckets start full, as after an idle spell.
  await replay.setFaults(AWS_FAULTS);
  await replay.resetStats();
  const collected = await collect();
  return { ...collected, ...costOf(await replay.stats()) };
}

async function size(instances: number, repeat: number): Promise<void> {
  const replay = await startReplay({ instances });
  const redis = await startRedisServer();
  const cacheDir = mkdtempSync(join(tmpdir(), "bench-file-cache-"));
  const fileCache = ["--cache-url", pathToFileURL(cacheDir).href];
  const [account] = replay.accounts;
  const region = account!.regions[0]!;
  const rows: Row[] = [];
  let peakRss = 0;
  try {
    // First collect, then the same process again, on the file cache.
    const first = await startCollector(replay, fileCache);
    const firstRun = await measure(replay, () => collectRegion(first, account!, region));
    rows.push({ label: "first collect (file cache)", runs: [firstRun], idealMs: idealMs(firstRun.busiestCalls, DESCRIBE_BUCKET) });
    const again: Row = { label: "second collect, same process", runs: [] };
    for (let i = 0; i < repeat; i++) again.runs.push(await measure(replay, () => collectRegion(first, account!, region)));
    rows.push(again);
    peakRss = Math.max(peakRss, first.peakRssMb());
    await first.stop();

    const restarted: Row = { label: "restarted process (file cache)", runs: [] };
    for (let i = 0; i < repeat; i++) {
      const server = await startCollector(replay, fileCache);
      restarted.runs.push(await measure(replay, () => collectRegion(server, account!, region)));
      await server.stop();
    }
    rows.push(restarted);

    if (instances <= pairUpTo) {
      // Two processes collect the same account and region at once, each pacing on its own (does pacing
      // need to be shared?), filling a cold Redis; then other processes read it.
      const pair = await Promise.all([startCollector(replay, ["--cache-url", redis.url]), startCollector(replay, ["--cache-url", redis.url])]);
      const both = await measure(replay, async () => {
        const [a, b] = await Promise.all(pair.map((server) => collectRegion(server, account!, region)));
        return { wallMs: Math.max(a!.wallMs, b!.wallMs), records: a!.records + b!.records, errorResources: a!.errorResources + b!.errorResources, types: {} };
      });
      rows.push({ label: "two processes at once (Redis, cold; both)", runs: [both], idealMs: idealMs(both.busiestCalls, DESCRIBE_BUCKET) });
      peakRss = Math.max(peakRss, ...pair.map((server) => server.peakRssMb()));
      for (const server of pair) await server.stop();
    } else {
      // Twice a first collect is too long here: Redis is filled without AWS's buckets (not measured).
      const filler = await startCollector(replay, ["--cache-url", redis.url]);
      await replay.setFaults({});
      await collectRegion(filler, account!, region);
      await filler.stop();
    }
    const second: Row = { label: "second process (Redis)", runs: [] };
    for (let i = 0; i < repeat; i++) {
      const server = await startCollector(replay, ["--cache-url", redis.url]);
      second.runs.push(await measure(replay, () => collectRegion(server, account!, region)));
      await server.stop();
    }
    rows.push(second);
  } finally {
    await redis.stop();
    await replay.close();
    rmSync(cacheDir, { recursive: true, force: true });
  }

  const first = rows[0]!.runs[0]!;
  console.log(`\n${instances} instances, one region (Node ${process.version}); ${repeat > 1 ? `medians of ${repeat} runs where repeated` : "one run each"}`);
  table(
    ["collect", "wall", "ideal schedule", "wall / ideal", "throttles answered", "per-item calls", "busiest per-item API", "records", "ErrorResources"],
    rows.map((r) => {
      const wall = median(r.runs.map((x) => x.wallMs));
      const run = r.runs[0]!;
      return [
        r.label,
        seconds(wall),
        r.idealMs === undefined ? "" : seconds(r.idealMs),
        r.idealMs === undefined ? "" : ratio(wall, r.idealMs),
        median(r.runs.map((x) => x.throttles)),
        median(r.runs.map((x) => x.perItemCalls)),
        run.busiestCalls,
        run.records,
        median(r.runs.map((x) => x.errorResources)),
      ];
    }),
  );
  const cachedWall = (label: string) => median(rows.find((r) => r.label === label)!.runs.map((x) => x.wallMs));
  console.log(
    `first collect / ideal ${ratio(first.wallMs, rows[0]!.idealMs!)}, ${first.throttles} throttles; first / second same process ${ratio(first.wallMs, cachedWall("second collect, same process"))}, ` +
      `/ restarted (file) ${ratio(first.wallMs, cachedWall("restarted process (file cache)"))}, / second process (Redis) ${ratio(first.wallMs, cachedWall("second process (Redis)"))}`,
  );
  console.log(`peak RSS of a collector process: ${peakRss.toFixed(0)} MB`);
}

const repeat = Number(arg("repeat", "1"));
/** Above this size the two-processes run (twice a first collect) is left out. */
const pairUpTo = Number(arg("pair-up-to", "2000"));
for (const instances of arg("instances", "150").split(",").map(Number)) await size(instances, repeat);
