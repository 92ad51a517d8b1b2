import { describe, expect, it } from "vitest";
import { copyForwarded, isForwarded } from "./metadata.js";

describe("metadata across the gateway", () => {
  it("passes Cloudforet's token, trace context and custom metadata; keeps each hop's protocol headers", () => {
    for (const name of ["token", "traceparent", "tracestate", "x-custom", "Authorization"]) expect(isForwarded(name), name).toBe(true);
    for (const name of ["content-type", "grpc-timeout", "Grpc-Status", "connect-protocol-version", "x-grpc-web", "origin", "sec-fetch-mode", ":path", "te"]) {
      expect(isForwarded(name), name).toBe(false);
    }
  });

  it("appends the forwarded entries, repeated values kept", () => {
    const from = new Headers([
      ["token", "t"],
      ["x-tag", "a"],
      ["x-tag", "b"],
      ["content-type", "application/grpc"],
    ]);
    const to = copyForwarded(from, new Headers({ kept: "1" }));
    const entries: Array<[string, string]> = [];
    to.forEach((value, name) => entries.push([name, value]));
    expect(entries).toEqual([
      ["kept", "1"],
      ["token", "t"],
      ["x-tag", "a, b"],
    ]);
  });
});
