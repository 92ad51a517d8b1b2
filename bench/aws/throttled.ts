/**
 * AWS's bucket when we do not have it to ourselves (`npm run bench -- --only shared-bucket,rate-drop`):
 * `--bucket shared`: a bucket of 20 with 8 tokens a second left for us (others use the rest), while the
 * collector believes it has AWS's 100 / 20; `--bucket drop`: AWS's 100 / 20 whose refill drops to 8/s
 * a fifth into the collect and recovers at three fifths. 30-50 ms per call. Reports the collect against
 * the ideal schedule of that bucket (the busiest per-item API), the throttles answered, and whether
 * every resource arrived (the record count of an unthrottled collect of the same region).
 */
import { DESCRIBE_BUCKET } from "../../src/engine/aws/rate-limiter.js";
import type { RateChange } from "../../test/support/pacing-simulation.js";
import { AWS_LATENCY, arg, collectRegion, costOf, idealMs, ratio, seconds, startCollector, startReplay, table } from "./support.js";

const SHARED = { capacity: 20, refillPerSecond: 8 };

const bucket = arg("bucket", "shared");
const instances = Number(arg("instances", "150"));
const replay = await startReplay({ instances });
const [account] = replay.accounts;
const region = account!.regions[0]!;
try {
  // Unthrottled, in a process of its own and without the per-item calls (quick; the same records): what every resource arriving looks like.
  const reference = await startCollector(replay, ["--per-item-enrichment", "false"]);
  await replay.setFaults({});
  await replay.resetStats();
  const expected = await collectRegion(reference, account!, region);
  await reference.stop();
  // Volumes are the busiest per-item API (one DescribeVolumeAttribute each): the drop comes a fifth into its nominal schedule.
  const nominalMs = idealMs(expected.types.Volume ?? 0, DESCRIBE_BUCKET);

  const spec = bucket === "shared" ? SHARED : DESCRIBE_BUCKET;
  const changes: RateChange[] =
    bucket === "shared"
      ? []
      : [
          { afterMs: Math.round(nominalMs * 0.2), refillPerSecond: 8 },
          { afterMs: Math.round(nominalMs * 0.6), refillPerSecond: 20 },
        ];
  const server = await startCollector(replay);
  await replay.setFaults({ tokenBuckets: { ...spec, rateChanges: changes }, rules: [AWS_LATENCY] });
  await replay.resetStats();
  const run = await collectRegion(server, account!, region);
  const cost = costOf(await replay.stats());
  const peakRss = server.peakRssMb();
  await server.stop();

  const ideal = idealMs(cost.busiestCalls, spec, changes);
  const what =
    bucket === "shared"
      ? "a bucket of 20 with 8/s left for us"
      : `AWS's 100 / 20, refill 8/s from ${seconds(changes[0]!.afterMs)} to ${seconds(changes[1]!.afterMs)}`;
  console.log(`\n${instances} instances, one region, ${what} (Node ${process.version})`);
  table(
    ["wall", "ideal schedule", "wall / ideal", "throttles answered", "per-item calls", "busiest per-item API", "records (unthrottled)", "ErrorResources"],
    [
      [
        seconds(run.wallMs),
        seconds(ideal),
        ratio(run.wallMs, ideal),
        cost.throttles,
        cost.perItemCalls,
        cost.busiestCalls,
        `${run.records} (${expected.records})`,
        run.errorResources,
      ],
    ],
  );
  console.log(`peak RSS of the collector process: ${peakRss.toFixed(0)} MB`);
  if (run.records !== expected.records || run.errorResources > 0) process.exitCode = 1;
} finally {
  await replay.close();
}
