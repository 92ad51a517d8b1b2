import { describe, expect, it } from "vitest";
import { parseOptions, parseSecret, parseVulnerablePorts, regionCode } from "./options.js";

const allow = { allowEndpointOverride: false };

describe("parseSecret", () => {
  it("requires both keys with Cloudforet's message", () => {
    expect(() => parseSecret({ aws_secret_access_key: "s" })).toThrow("ERROR_REQUIRED_PARAMETER: Required parameter. (key = secret_data.aws_access_key_id)");
    expect(() => parseSecret({ aws_access_key_id: "AKIAEXAMPLE" })).toThrow("(key = secret_data.aws_secret_access_key)");
  });

  it("reads the optional session token, role and external id", () => {
    expect(
      parseSecret({
        aws_access_key_id: "a",
        aws_secret_access_key: "b",
        aws_session_token: "t",
        role_arn: "arn:aws:iam::222222222222:role/r",
        external_id: "x",
        region_name: "ignored",
      }),
    ).toEqual({
      accessKeyId: "a",
      secretAccessKey: "b",
      sessionToken: "t",
      roleArn: "arn:aws:iam::222222222222:role/r",
      externalId: "x",
    });
  });

  it("refuses a role ARN that is not an IAM role's, before AWS could call it a ValidationError", () => {
    const keys = { aws_access_key_id: "a", aws_secret_access_key: "b" };
    for (const roleArn of ["arn:r", "arn:aws:iam::2222:role/r", "arn:aws:s3:::bucket", "not-an-arn"]) {
      expect(() => parseSecret({ ...keys, role_arn: roleArn })).toThrow(
        "ERROR_INVALID_PARAMETER: Parameter is invalid. (key = secret_data.role_arn, reason = not an IAM role ARN",
      );
    }
    expect(parseSecret({ ...keys, role_arn: "arn:aws-us-gov:iam::123456789012:role/path/to/Name_1+=,.@-" }).roleArn).toBe(
      "arn:aws-us-gov:iam::123456789012:role/path/to/Name_1+=,.@-",
    );
  });
});

describe("regionCode", () => {
  it("takes AWS region codes, and nothing that could not be one", () => {
    for (const code of ["us-east-1", "us-gov-west-1", "ap-southeast-4", "il-central-1", "cn-northwest-1", "us-isob-east-1"])
      expect(regionCode(code, "k")).toBe(code);
    for (const code of ["../../etc/passwd", "US-EAST-1", "us-east", "us-east-1.evil.example", "", "xx-nowhere-100"]) {
      expect(() => regionCode(code, "task_options.region")).toThrow(
        "ERROR_INVALID_PARAMETER: Parameter is invalid. (key = task_options.region, reason = not an AWS region code)",
      );
    }
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
