/**
 * Secrets are masked at the source (src/plugin/held-secrets.ts, src/common/secrets.ts): while a call runs,
 * its `secret_data` values are masked in every log line written by anyone — here an engine that logs an
 * AWS-SDK-like error quoting them, message and stack — in every record it sends (an ErrorResource quoting
 * AWS) and in the error that ends the stream. The server is real; the engine is a stand-in that quotes the
 * secrets the way a careless AWS error would.
 */
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Collector } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { textOf } from "../../src/common/json.js";
import { createLogger } from "../../src/common/log.js";
import type { EngineApi } from "../../src/engine/api.js";
import { CANARIES, CANARY_SECRET } from "../support/canary.js";
import { startServer, type Running } from "./harness.js";

const engineLines: string[] = [];
const engineLog = createLogger({ level: "debug", write: (line) => engineLines.push(line) });

/** An AWS SDK error as a service that echoes its input would produce it. */
function echoingAwsError(token: string): Error {
  const err = new Error(`1 validation error detected: Value '${token}' at 'externalId' failed to satisfy constraint`);
  err.name = "ValidationError";
  return err;
}

const engine: EngineApi = {
  verify({ secretData }) {
    engineLog.error("assume role failed", { err: echoingAwsError(textOf(secretData.aws_session_token)) });
    return Promise.resolve();
  },
  getTasks() {
    return Promise.resolve([]);
  },
  // eslint-disable-next-line @typescript-eslint/require-await -- an AsyncIterable of records made on the spot
  async *collect({ secretData }) {
    const token = textOf(secretData.aws_session_token);
    engineLog.warn("type listing failed", { type: "Instance", err: echoingAwsError(token), sent: `token=${token}` });
    yield {
      state: "FAILURE",
      resourceType: "inventory.ErrorResource",
      message: `ERROR_AWS_API: ec2:DescribeInstances failed. (reason = ValidationError: Value '${token}' is invalid, region = us-east-1)`,
      matchRules: {},
      resource: { provider: "aws", cloud_service_type: "Instance" },
    };
    throw echoingAwsError(textOf(secretData.aws_secret_access_key));
  },
};

let running: Running;
beforeAll(async () => {
  running = await startServer({ engine });
});
afterAll(async () => {
  await running.stop();
});

const leaks = (text: string) => CANARIES.filter((c) => text.includes(c));

describe("secrets masked at the source", () => {
  it("in the engine's log lines, an AWS error's message and stack included", async () => {
    const collector = createClient(Collector, createGrpcTransport({ baseUrl: running.baseUrl }));
    await collector.verify({ options: {}, secretData: CANARY_SECRET });
    const line = JSON.parse(engineLines.at(-1)!) as { msg: string; err: { message: string; stack: string } };
    expect(line.err.message).toBe("1 validation error detected: Value '***' at 'externalId' failed to satisfy constraint");
    expect(line.err.stack).toContain("Value '***' at");
    expect(leaks(engineLines.join("\n"))).toEqual([]);
  });

  it("in the records sent, the error that ends the stream and the server's own log", async () => {
    const collector = createClient(Collector, createGrpcTransport({ baseUrl: running.baseUrl }));
    const messages: string[] = [];
    let ended = "";
    try {
      for await (const info of collector.collect({ options: {}, secretData: CANARY_SECRET, filter: {} })) messages.push(info.message);
    } catch (e) {
      ended = (e as Error).message;
    }
    expect(messages).toEqual(["ERROR_AWS_API: ec2:DescribeInstances failed. (reason = ValidationError: Value '***' is invalid, region = us-east-1)"]);
    expect(ended).toBe("[internal] ERROR_UNKNOWN: 1 validation error detected: Value '***' at 'externalId' failed to satisfy constraint");
    expect(engineLines.some((l) => l.includes(`"sent":"token=***"`))).toBe(true);
    expect(leaks([...engineLines, JSON.stringify(running.logs)].join("\n"))).toEqual([]);
  });
});
