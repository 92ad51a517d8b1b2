import { describe, expect, it } from "vitest";
import { parseOptions, parseSecret, parseVulnerablePorts } from "./options.js";

const allow = { allowEndpointOverride: false };

describe("parseSecret", () => {
  it("requires both keys with Cloudforet's message", () => {
    expect(() => parseSecret({ aws_secret_access_key: "s" })).toThrow("ERROR_REQUIRED_PARAMETER: Required parameter. (key = secret_data.aws_access_key_id)");
    expect(() => parseSecret({ aws_access_key_id: "AKIAEXAMPLE" })).toThrow("(key = secret_data.aws_secret_access_key)");
  });

  it("reads the optional session token, role and external id", () => {
    expect(
      parseSecret({ aws_access_key_id: "a", aws_secret_access_key: "b", aws_session_token: "t", role_arn: "arn:r", external_id: "x", region_name: "ignored" }),
    ).toEqual({
      accessKeyId: "a",
      secretAccessKey: "b",
      sessionToken: "t",
      roleArn: "arn:r",
      externalId: "x",
    });
  });
});

describe("parseOptions", () => {
  it("defaults to EC2 and every region", () => {
    expect(parseOptions({}, allow)).toMatchObject({ services: ["EC2"], regionFilter: null, vulnerablePorts: null, endpointUrl: undefined });
  });

  it("rejects unknown services and non-list filters", () => {
    expect(() => parseOptions({ service_filter: ["RDS"] }, allow)).toThrow(/^ERROR_INVALID_PARAMETER: Parameter is invalid. \(key = options.service_filter/);
    expect(() => parseOptions({ service_filter: "EC2" }, allow)).toThrow("ERROR_INVALID_PARAMETER");
    expect(() => parseOptions({ region_filter: "us-east-1" }, allow)).toThrow("key = options.region_filter");
  });

  it("refuses an endpoint override unless the server allows it", () => {
    expect(() => parseOptions({ endpoint_url: "http://attacker.example" }, allow)).toThrow("endpoint override is disabled");
    expect(parseOptions({ endpoint_url: "http://127.0.0.1:9000" }, { allowEndpointOverride: true }).endpointUrl).toBe("http://127.0.0.1:9000");
  });
});

describe("parseVulnerablePorts", () => {
  it("keeps entries as written and accepts a number", () => {
    expect(parseVulnerablePorts("22, 3306")).toEqual(["22", " 3306"]);
    expect(parseVulnerablePorts(22)).toEqual(["22"]);
    expect(parseVulnerablePorts(undefined)).toBeNull();
  });

  it("rejects a non-integer entry with the exact upstream message", () => {
    expect(() => parseVulnerablePorts("22,ssh")).toThrow("ERROR_VULNERABLE_PORTS: Vulnerable port option settings are incorrect. : 22,ssh");
  });
});
