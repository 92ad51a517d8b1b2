import { describe, expect, it } from "vitest";
import { bodyProblem } from "./response-check.js";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("bodyProblem: a 2xx body must be the operation's own answer", () => {
  it("accepts the query protocols' root element, with or without a declaration or comment, and a JSON object", () => {
    expect(
      bodyProblem(
        "xml",
        "DescribeVpcs",
        bytes(
          '<?xml version="1.0" encoding="UTF-8"?>\n<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><vpcSet/></DescribeVpcsResponse>',
        ),
      ),
    ).toBeUndefined();
    expect(
      bodyProblem("xml", "GetCallerIdentity", bytes("<!-- x -->\n<GetCallerIdentityResponse><GetCallerIdentityResult/></GetCallerIdentityResponse>")),
    ).toBeUndefined();
    expect(bodyProblem("json", "DescribeInstanceInformation", bytes(' {"InstanceInformationList":[]}'))).toBeUndefined();
  });

  it.each([
    ["xml", "DescribeInstances", "<html><body><h1>Blocked by the proxy</h1></body></html>", "expected <DescribeInstancesResponse>, got <html>"],
    ["xml", "DescribeInstances", "<DescribeVolumesResponse/>", "expected <DescribeInstancesResponse>, got <DescribeVolumesResponse>"],
    ["xml", "DescribeInstances", "", "expected <DescribeInstancesResponse>, got an empty body"],
    ["xml", "DescribeInstances", "Service Unavailable", 'expected <DescribeInstancesResponse>, got "Service Unavailable"'],
    ["json", "DescribeInstanceInformation", "<html></html>", 'expected a JSON object, got "<html></html>"'],
    ["json", "DescribeInstanceInformation", "", "expected a JSON object, got an empty body"],
  ] as const)("refuses a %s answer to %s: %j", (protocol, operation, body, problem) => {
    expect(bodyProblem(protocol, operation, bytes(body))).toBe(problem);
  });
});
