import { describe, expect, it } from "vitest";
import { BREAKER_THRESHOLD, CallBreakers, CircuitOpenError, type OpenCircuit } from "./breaker.js";
import { AwsApiError } from "./errors.js";

const REGION = "us-east-1";
const failure = (api: string, code: string, httpStatus?: number) => new AwsApiError(api, REGION, code, `${code} happened`, undefined, { httpStatus });
const serverError = (api: string) => failure(api, "InternalError", 500);
const refused = (api: string) => failure(api, "ECONNREFUSED");

function breakers() {
  const task = new AbortController();
  const opened: OpenCircuit[] = [];
  return { task, opened, b: new CallBreakers(task.signal, BREAKER_THRESHOLD, (c) => opened.push(c)) };
}

/** Fails `n` calls of `api` with `make(api)`, each entering first, as `AwsSession.send` does. */
function fail(b: CallBreakers, api: string, n: number, make: (api: string) => AwsApiError): void {
  for (let i = 0; i < n; i++) b.failure(api, REGION, make(api), b.enter(api, REGION));
}

describe("CallBreakers", () => {
  it("stops an API after BREAKER_THRESHOLD failures of one systemic class in a row; other APIs go on", () => {
    const { b, opened } = breakers();
    fail(b, "ec2:DescribeVolumeAttribute", BREAKER_THRESHOLD - 1, serverError);
    expect(() => b.enter("ec2:DescribeVolumeAttribute", REGION)).not.toThrow();
    fail(b, "ec2:DescribeVolumeAttribute", 1, serverError);
    expect(opened).toMatchObject([{ scope: "ec2:DescribeVolumeAttribute", region: REGION, failures: BREAKER_THRESHOLD, failure: { code: "InternalError" } }]);
    let stopped: unknown;
    try {
      b.enter("ec2:DescribeVolumeAttribute", REGION);
    } catch (err) {
      stopped = err;
    }
    // The code of the failure that opened it: the task counts it with those failures.
    expect(stopped).toBeInstanceOf(CircuitOpenError);
    expect(stopped).toMatchObject({
      api: "ec2:DescribeVolumeAttribute",
      code: "InternalError",
      awsMessage: expect.stringMatching(/^calls stopped: ec2:DescribeVolumeAttribute failed 5 times in a row in us-east-1/) as string,
    });
    expect(() => b.enter("ec2:DescribeInstanceAttribute", REGION)).not.toThrow();
    expect(() => b.enter("ec2:DescribeVolumeAttribute", "eu-west-1")).not.toThrow();
  });

  it("a success, or a failure about one resource, ends the run", () => {
    const { b, opened } = breakers();
    const api = "ec2:DescribeVolumeAttribute";
    fail(b, api, BREAKER_THRESHOLD - 1, serverError);
    b.success(api, REGION);
    fail(b, api, BREAKER_THRESHOLD - 1, serverError);
    fail(b, api, 1, (a) => failure(a, "InvalidVolume.NotFound", 400));
    fail(b, api, BREAKER_THRESHOLD - 1, serverError);
    // A run of another class starts afresh.
    fail(b, api, 1, (a) => failure(a, "RequestLimitExceeded", 503));
    fail(b, api, BREAKER_THRESHOLD - 1, (a) => failure(a, "UnauthorizedOperation", 403));
    expect(opened).toEqual([]);
  });

  it("network failures of one API stop that API; of several APIs of a service, the whole service in the region", () => {
    const { b, opened } = breakers();
    fail(b, "ec2:DescribeInstanceAttribute", BREAKER_THRESHOLD, refused);
    expect(opened.map((c) => c.scope)).toEqual(["ec2:DescribeInstanceAttribute"]);
    expect(() => b.enter("ec2:DescribeVolumeAttribute", REGION)).not.toThrow();
    const inFlight = b.enter("ec2:DescribeVolumes", REGION);
    const other = b.enter("autoscaling:DescribePolicies", REGION);
    fail(b, "ec2:DescribeSnapshots", 1, refused);
    expect(opened.map((c) => c.scope)).toEqual(["ec2:DescribeInstanceAttribute", "ec2"]);
    // Opening cuts short the calls in flight of the service, not of another service.
    expect(inFlight.aborted).toBe(true);
    expect(other.aborted).toBe(false);
    expect(() => b.enter("ec2:DescribeVpcs", REGION)).toThrow(CircuitOpenError);
    // A call cut short gets the circuit's error, named after its own API (it may carry the opener's
    // error, as the rate limiter rejects with the signal's reason), and does not count as a failure.
    const cut = b.failure("ec2:DescribeVolumes", REGION, inFlight.reason as AwsApiError, inFlight);
    expect(cut).toBeInstanceOf(CircuitOpenError);
    expect(cut).toMatchObject({ api: "ec2:DescribeVolumes", code: "ECONNREFUSED" });
  });

  it.each([
    ["a success", (b: CallBreakers) => b.success("ec2:DescribeVpcs", REGION)],
    ["an error answer", (b: CallBreakers) => fail(b, "ec2:DescribeVpcs", 1, serverError)],
  ])("%s from another API of the service shows its endpoint is reachable", (_name, answer) => {
    const { b, opened } = breakers();
    fail(b, "ec2:DescribeInstanceAttribute", 3, refused);
    answer(b);
    fail(b, "ec2:DescribeVolumeAttribute", 3, refused);
    expect(opened).toEqual([]);
  });

  it("every circuit ends with the task", () => {
    const { b, task } = breakers();
    const call = b.enter("ec2:DescribeVolumes", REGION);
    task.abort(new Error("task over"));
    expect(call.aborted).toBe(true);
    expect(call.reason).toEqual(new Error("task over"));
  });
});
