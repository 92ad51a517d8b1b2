import { describe, expect, it } from "vitest";
import { endpointUrl } from "./connection.js";

describe("endpointUrl", () => {
  it.each([
    ["127.0.0.1:50051", "http://127.0.0.1:50051"],
    ["plugin-aws-ec2:50051", "http://plugin-aws-ec2:50051"],
    ["grpc://plugin.spaceone.svc:50051", "http://plugin.spaceone.svc:50051"],
    ["http://127.0.0.1:50051/", "http://127.0.0.1:50051"],
    ["https://plugin.example.com", "https://plugin.example.com"],
  ])("%s → %s", (endpoint, url) => {
    expect(endpointUrl(endpoint)).toBe(url);
  });

  it.each(["", "ftp://host:1", "http://host:1/path", "host:port"])("refuses %j", (endpoint) => {
    expect(() => endpointUrl(endpoint)).toThrow(/not an endpoint/);
  });
});
