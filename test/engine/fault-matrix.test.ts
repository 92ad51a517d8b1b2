/**
 * Every AWS fault, for every AWS call the collector makes (docs/reliability.md#aws-faults-timeouts-and-systemic-failures):
 * one collect per call × fault, the fault applied to that ONE call through a replay fault profile. The
 * calls come from the API table (a new row is covered by itself), plus `sts:AssumeRole`, which the
 * credential provider makes. Each stream must end with every record of a clean collect of the same
 * task, or with ErrorResources / a gRPC error that name the call and the fault: never shorter and OK
 * (`judge`). The matrix is written to test-artifacts/fault-matrix.md and .json, and must be the one
 * docs/reliability.md shows.
 *
 * Bounded on 2 cores: a fresh engine per collect (no cached answer or assumed role carries over),
 * 3 attempts 1 ms apart, an API answering nothing but throttling given up after 1 s (the pacing sends
 * throttled calls again until then; production waits 5 minutes), and 30 s connect and response timeouts: long enough that a machine loaded many
 * times over causes no timeout of its own (a timer due while the event loop is busy fires before the
 * I/O that was ready: 1 s and 3 s timeouts did at a load average of 16, and 10 s ones twice, at 11 and 16), and the
 * hangs, which only wait for them, all run at once beside the other cases.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Collector } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import type { AwsService } from "../../src/common/aws-services.js";
import type { JsonObject } from "../../src/common/json.js";
import { createLogger } from "../../src/common/log.js";
import { forEachLimit } from "../../src/common/async.js";
import type { EngineApi } from "../../src/engine/api.js";
import { API_NAMES, AWS_API_TABLE, type ApiName } from "../../src/engine/aws/api-table.js";
import { createEngine } from "../../src/engine/index.js";
import { createReplayRoutes } from "../../src/replay/index.js";
import { FIXTURES_DIR } from "../replay/harness.js";
import { startServer, type Running } from "../server/harness.js";
import { unimplementedEngine } from "../support/unimplemented-engine.js";
import { FAULTS, judge, matrixTable, recordKey, writeMatrix, type CaseResult, type FaultName, type Judged } from "./fault-matrix.js";
import { DEMO_ROLE_SECRET, DEMO_SECRET, platformView, regionTask } from "./harness.js";

const REGION = "us-east-1";
const ATTEMPTS = 3;
const TIMEOUT_MS = 30_000;
const THROTTLE_GIVE_UP_MS = 1_000;
const ARTIFACTS = fileURLToPath(new URL("../../test-artifacts", import.meta.url));
const RELIABILITY = fileURLToPath(new URL("../../docs/reliability.md", import.meta.url));

/** The tasks that exercise the calls: a region task, the same through an assumed role, and task planning. */
const TASKS = {
  region: { secretData: DEMO_SECRET, taskOptions: regionTask(REGION) },
  role: { secretData: DEMO_ROLE_SECRET, taskOptions: regionTask(REGION) },
  planning: { secretData: DEMO_SECRET, taskOptions: undefined },
} satisfies Record<string, { secretData: JsonObject; taskOptions: JsonObject | undefined }>;
type TaskName = keyof typeof TASKS;

const ASSUME_ROLE = "sts:AssumeRole";
const ROWS: string[] = [...API_NAMES, ASSUME_ROLE];
const FAULT_NAMES = Object.keys(FAULTS) as FaultName[];
const CASES = ROWS.flatMap((api) => FAULT_NAMES.map((fault) => ({ api, fault })));
const profileOf = (i: number) => `case-${i}`;
/** Collects at a time: those that work, and the hangs (one per row), which only wait. */
const CONCURRENCY = { busy: 6, waiting: ROWS.length };

let dir: string;
let running: Running;
/** Engine log lines by fault profile (each collect has its own engine). */
const logs = new Map<string, Array<Record<string, unknown>>>();

/** A fresh engine per collect, sending its calls to the profile named by `options.endpoint_url`. */
function engineFor(options: JsonObject) {
  const profile = typeof options.endpoint_url === "string" ? options.endpoint_url.split("~").pop()! : "";
  const lines: Array<Record<string, unknown>> = [];
  logs.set(profile, lines);
  return createEngine({
    allowEndpointOverride: true,
    retryStrategy: new ConfiguredRetryStrategy(ATTEMPTS, () => 1),
    awsMaxAttempts: ATTEMPTS,
    awsConnectTimeoutMs: TIMEOUT_MS,
    awsResponseTimeoutMs: TIMEOUT_MS,
    throttleGiveUpMs: THROTTLE_GIVE_UP_MS,
    preloadSdk: false,
    log: createLogger({ level: "info", write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) }),
  });
}

const engine: EngineApi = { ...unimplementedEngine, collect: (params, signal) => engineFor(params.options).collect(params, signal) };

async function run(task: TaskName, profile: string): Promise<Judged> {
  const collector = createClient(Collector, createGrpcTransport({ baseUrl: running.baseUrl }));
  const { secretData, taskOptions } = TASKS[task];
  const records: Judged["records"] = [];
  try {
    const options = { endpoint_url: `${running.baseUrl}/replay/matrix/~${profile}` };
    for await (const info of collector.collect({ options, secretData, filter: {}, taskOptions })) records.push(platformView(info));
    return { records };
  } catch (e) {
    const err = ConnectError.from(e);
    return { records, error: { code: String(err.code), text: err.rawMessage } };
  }
}

/** First attempts of `api` in the region task of `profile`'s collect (its "region task finished" line). */
function callsOf(profile: string, api: string): number | undefined {
  const finished = logs.get(profile)?.find((l) => l.msg === "region task finished");
  return finished ? ((finished.aws_calls as Record<string, number>)[api] ?? 0) : undefined;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "fault-matrix-"));
  const set = join(dir, "matrix");
  mkdirSync(set);
  for (const account of ["111111111111", "222222222222"]) symlinkSync(join(FIXTURES_DIR, "demo", account), join(set, account));
  const definition = JSON.parse(readFileSync(join(FIXTURES_DIR, "demo", "set.json"), "utf8")) as JsonObject;
  const profiles = Object.fromEntries(CASES.map((c, i) => [profileOf(i), { rules: [{ ...FAULTS[c.fault].rule, api: c.api }] }]));
  writeFileSync(
    join(set, "set.json"),
    JSON.stringify({
      ...definition,
      name: "matrix",
      faultProfiles: { ...Object.fromEntries(Object.keys(TASKS).map((task) => [`clean-${task}`, {}])), ...profiles },
    }),
  );
  const replay = createReplayRoutes({ fixturesDir: dir, logger: createLogger({ write: () => {} }) });
  running = await startServer({ engine, replay: () => Promise.resolve(replay), args: ["--replay"] });
}, 60_000);
afterAll(async () => {
  await running?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("the fault matrix: every AWS fault for every AWS call", () => {
  it("ends every stream complete, or with an ErrorResource or gRPC error naming the call and the fault; never shorter and OK", async () => {
    // Clean collects of each task: the records every faulted collect is judged against, and which task calls which API.
    const baselines = new Map<TaskName, ReadonlyMap<string, string>>();
    for (const task of Object.keys(TASKS) as TaskName[]) {
      const clean = await run(task, `clean-${task}`);
      expect(clean.error, `clean ${task} collect`).toBeUndefined();
      expect(
        clean.records.every((r) => r.state === "SUCCESS"),
        `clean ${task} collect`,
      ).toBe(true);
      baselines.set(task, new Map(clean.records.map((r) => [recordKey(r), JSON.stringify(r)])));
    }
    const regionCalls = logs.get("clean-region")!.find((l) => l.msg === "region task finished")!.aws_calls as Record<string, number>;
    // A call the region task does not make is exercised by task planning (DescribeRegions); AssumeRole by the role.
    const taskOf = (api: string): TaskName => (api === ASSUME_ROLE ? "role" : regionCalls[api] ? "region" : "planning");
    const results: CaseResult[] = [];
    const runCase = async ({ api, fault, profile }: { api: string; fault: FaultName; profile: string }) => {
      const service = api.slice(0, api.indexOf(":")) as AwsService;
      const code = FAULTS[fault].code(service, api.slice(api.indexOf(":") + 1), REGION);
      const optional = api !== ASSUME_ROLE && !AWS_API_TABLE[api as ApiName].required;
      const task = taskOf(api);
      const verdict = judge(api, code, optional, baselines.get(task)!, await run(task, profile));
      results.push({ api, fault, ...verdict, calls: callsOf(profile, api) });
    };
    const cases = CASES.map((c, i) => ({ ...c, profile: profileOf(i) }));
    await Promise.all([
      forEachLimit(
        cases.filter((c) => c.fault !== "hang"),
        CONCURRENCY.busy,
        runCase,
      ),
      forEachLimit(
        cases.filter((c) => c.fault === "hang"),
        CONCURRENCY.waiting,
        runCase,
      ),
    ]);
    results.sort((a, b) => ROWS.indexOf(a.api) - ROWS.indexOf(b.api) || FAULT_NAMES.indexOf(a.fault) - FAULT_NAMES.indexOf(b.fault));
    writeMatrix(ARTIFACTS, results, ROWS, FAULT_NAMES);

    expect(results).toHaveLength(ROWS.length * FAULT_NAMES.length);
    expect(results.filter((r) => r.outcome === "VIOLATION")).toEqual([]);
    // Each call was really made by the task it was judged in (so each fault met its call).
    for (const api of API_NAMES) expect(taskOf(api) === "region" ? regionCalls[api] : 1, api).toBeGreaterThan(0);
    // The documented matrix is this run's (copy it from test-artifacts/fault-matrix.md when it changes).
    const documented = /<!-- fault-matrix:start -->\n([\s\S]*?)\n<!-- fault-matrix:end -->/.exec(readFileSync(RELIABILITY, "utf8"))?.[1];
    expect(documented, "docs/reliability.md fault matrix").toBe(matrixTable(results, ROWS, FAULT_NAMES));
  }, 600_000);
});
