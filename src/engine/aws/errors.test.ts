import { describe, expect, it } from "vitest";
import { AwsApiError, failureCode, systemicClass, toAwsApiError } from "./errors.js";

/** A Node system error as `net` raises it. */
const systemError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe("failureCode: a failure is named by its cause, never a bare Error", () => {
  it.each([
    [
      "an AWS error answer",
      Object.assign(new Error("Request limit exceeded."), { name: "RequestLimitExceeded", $metadata: { httpStatusCode: 503 } }),
      "RequestLimitExceeded",
    ],
    [
      "an AWS query error's Code",
      Object.assign(new Error("denied"), { name: "AccessDenied", Code: "AccessDenied", $metadata: { httpStatusCode: 403 } }),
      "AccessDenied",
    ],
    ["a refused connection", systemError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:1"), "ECONNREFUSED"],
    ["every address of a host refused", Object.assign(new AggregateError([systemError("ECONNREFUSED", "connect ECONNREFUSED ::1:1")], ""), {}), "ECONNREFUSED"],
    ["an unknown host (DNS)", systemError("ENOTFOUND", "getaddrinfo ENOTFOUND no-such-host.invalid"), "ENOTFOUND"],
    ["a DNS server that does not answer", systemError("EAI_AGAIN", "getaddrinfo EAI_AGAIN ec2.us-east-1.amazonaws.com"), "EAI_AGAIN"],
    [
      "the response timeout",
      Object.assign(new Error("a request has exceeded the configured 60000 ms requestTimeout."), { name: "TimeoutError", code: "ETIMEDOUT" }),
      "TimeoutError",
    ],
    [
      "the connect or idle timeout",
      Object.assign(new Error("the request socket timed out after 60000 ms of inactivity"), { name: "TimeoutError" }),
      "TimeoutError",
    ],
    [
      "a socket closed by the server, which the SDK calls TimeoutError",
      Object.assign(systemError("ECONNRESET", "socket hang up"), { name: "TimeoutError" }),
      "ECONNRESET",
    ],
    ["a certificate TLS does not trust", systemError("DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate"), "DEPTH_ZERO_SELF_SIGNED_CERT"],
    [
      "a 200 the SDK could not parse",
      Object.assign(new Error("@aws-sdk XML parse error: unexpected content.\nDeserialization error: …"), { $metadata: { httpStatusCode: 200 } }),
      "MalformedResponse",
    ],
    ["a JSON body that is not JSON", Object.assign(new SyntaxError("Unexpected token < in JSON"), { $metadata: { httpStatusCode: 200 } }), "MalformedResponse"],
    ["anything else", new Error("AssumeRole returned no credentials"), "UnknownError"],
  ])("%s", (_name, err, code) => {
    expect(failureCode(err)).toBe(code);
  });

  it("keeps the HTTP status, and only the first line of a parse error", () => {
    const e = toAwsApiError(
      Object.assign(new Error("@aws-sdk XML parse error: unexpected content.\n  Deserialization error: see $response"), { $metadata: { httpStatusCode: 200 } }),
      "ec2:DescribeVpcs",
      "us-east-1",
    );
    expect(e).toMatchObject({ code: "MalformedResponse", awsMessage: "@aws-sdk XML parse error: unexpected content.", httpStatus: 200 });
  });
});

describe("systemicClass", () => {
  const of = (code: string, httpStatus?: number) => systemicClass(new AwsApiError("ec2:DescribeVolumes", "us-east-1", code, "", undefined, { httpStatus }));
  it("tells failures of every call from failures about one resource", () => {
    expect([of("ECONNREFUSED"), of("TimeoutError"), of("ENOTFOUND")]).toEqual(["network", "network", "network"]);
    expect([of("InternalError", 500), of("ServiceUnavailable", 503)]).toEqual(["server", "server"]);
    expect([of("RequestLimitExceeded", 503), of("Throttling", 400), of("SlowDown", 429), of("Anything", 429)]).toEqual([
      "throttling",
      "throttling",
      "throttling",
      "throttling",
    ]);
    expect([of("UnauthorizedOperation", 403), of("AccessDenied", 403), of("OptInRequired", 401)]).toEqual(["denied", "denied", "denied"]);
    expect(of("MalformedResponse", 200)).toBe("malformed");
    expect([of("InvalidVolume.NotFound", 400), of("InvalidParameterValue", 400), of("PaginationRepeatedToken")]).toEqual([undefined, undefined, undefined]);
  });
});
