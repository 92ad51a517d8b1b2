/**
 * `cloudforet-ec2 collect` prints, for a task, exactly the records the gRPC collect of the same task
 * delivers (the JSON Connect's toJson writes, the lines of the server's NDJSON route), whether it runs the
 * plugin in process against a fixture set or calls a running server over gRPC or Connect.
 */
import { toJson } from "@bufbuild/protobuf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ResourceInfoSchema } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { collectAll, DEMO_SECRET, regionTask, startCollecting, type Collecting } from "../engine/harness.js";
import { ensureBuilt } from "../server/built.js";
import { allItems } from "../support/streamed-lines.js";
import { jsonLines, runCli } from "./run-cli.js";

let c: Collecting;
let viaGrpc: unknown[];
const TASK = regionTask("us-east-1");

beforeAll(async () => {
  ensureBuilt();
  c = await startCollecting();
  viaGrpc = (await collectAll(c, { taskOptions: TASK })).map((info) => toJson(ResourceInfoSchema, info));
});
afterAll(async () => {
  await c.stop();
});

// Each test spawns the CLI (a second Node process loading the SDK): generous on a loaded machine.
describe("collect", { timeout: 120_000 }, () => {
  it("in process against the fixture set: the gRPC collect's records, line for line; exit 0", async () => {
    expect(viaGrpc.length).toBeGreaterThan(10);
    const { code, stdout, stderr } = await runCli(["collect", "--fixture", "demo", "--region", "us-east-1"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(jsonLines(stdout)).toEqual(viaGrpc);
  });

  it("against a running server, over gRPC and Connect, with the task as JSON: the same records, and the NDJSON route's lines", async () => {
    const task = JSON.stringify(TASK);
    for (const protocol of ["grpc", "connect"]) {
      const { code, stdout } = await runCli([
        "collect",
        "--endpoint",
        c.running.baseUrl,
        "--protocol",
        protocol,
        "--secret",
        JSON.stringify(DEMO_SECRET),
        "--task",
        task,
      ]);
      expect(code, protocol).toBe(0);
      expect(jsonLines(stdout), protocol).toEqual(viaGrpc);
    }
    const res = await fetch(`${c.running.baseUrl}/spaceone.api.inventory.plugin.Collector/collect`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ options: {}, secretData: DEMO_SECRET, taskOptions: TASK }),
    });
    expect((await allItems(res, "ndjson")).slice(0, -1).map((i) => i.data)).toEqual(viaGrpc);
  });

  it("--format table: a header, then one row per record", async () => {
    const { code, stdout } = await runCli(["collect", "--fixture", "demo", "--region", "us-east-1", "--format", "table"]);
    expect(code).toBe(0);
    const rows = stdout.trimEnd().split("\n");
    expect(rows[0]).toMatch(/^STATE +KIND +TYPE +REGION +ID +NAME \/ MESSAGE$/);
    expect(rows).toHaveLength(viaGrpc.length + 1);
    expect(rows[1]).toMatch(/^SUCCESS +CloudService +EC2\/Instance +us-east-1 +i-0+1 +demo-web-1$/);
  });

  it("exit 1 when the stream completed with an ErrorResource (a region the account has not enabled)", async () => {
    const { code, stdout } = await runCli(["collect", "--fixture", "demo", "--region", "af-south-1"]);
    expect(code).toBe(1);
    expect(jsonLines(stdout)).toEqual([expect.objectContaining({ state: "FAILURE", resourceType: "inventory.ErrorResource" })]);
  });

  it("exit 3 when the call fails: the error's code and Cloudforet's text on stderr", async () => {
    const badKeys = JSON.stringify({ ...DEMO_SECRET, aws_secret_access_key: "wrong" });
    const rejected = await runCli(["collect", "--fixture", "demo", "--secret", badKeys, "--region", "us-east-1"]);
    expect(rejected.code).toBe(3);
    expect(rejected.stdout).toBe("");
    expect(rejected.stderr).toMatch(/^cloudforet-ec2 collect: invalid_argument: ERROR_INVALID_CREDENTIALS: AWS rejected the credentials\./);
    const unknownTask = await runCli([
      "collect",
      "--endpoint",
      c.running.baseUrl,
      "--secret",
      JSON.stringify(DEMO_SECRET),
      "--task",
      '{"resource_type":"inventory.Foo"}',
    ]);
    expect(unknownTask.code).toBe(3);
    expect(unknownTask.stderr).toContain("ERROR_INVALID_PARAMETER: Parameter is invalid. (key = task_options.resource_type");
    const unreachable = await runCli(["collect", "--endpoint", "http://127.0.0.1:1", "--secret", "{}"]);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(/^cloudforet-ec2 collect: unavailable: /);
  });
});
