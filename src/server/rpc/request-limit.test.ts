import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { bodySeenThrough, envelope } from "../../../test/support/universal-request.js";
import { limitRequestSize } from "./request-limit.js";

/** Feeds `chunks` through the limit; resolves with the byte count that got through, or the error. */
async function drain(chunks: Uint8Array[], headers: Record<string, string>, limit: number): Promise<number | ConnectError> {
  const seen = await bodySeenThrough((handler) => limitRequestSize(handler, limit), chunks, headers);
  expect(seen.header.get("content-length")).toBeNull();
  return seen.error ?? seen.chunks.reduce((n, c) => n + c.length, 0);
}

const grpc = { "content-type": "application/grpc" };

describe("request size limit", () => {
  it("lets many small enveloped messages through, whatever their total", async () => {
    const chunks = Array.from({ length: 20 }, () => envelope(90));
    expect(await drain(chunks, grpc, 100)).toBe(20 * 95);
  });

  it("refuses an enveloped message whose declared size exceeds the limit, even with the header split across chunks", async () => {
    const big = envelope(101);
    const err = await drain([big.subarray(0, 2), big.subarray(2, 4), big.subarray(4)], grpc, 100);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.ResourceExhausted);
    expect((err as ConnectError).rawMessage).toBe("ERROR_REQUEST_TOO_LARGE: Request message is larger than the limit. (limit = 100 bytes)");
  });

  it("refuses on the header alone, before the payload arrives", async () => {
    const header = envelope(1_000_000).subarray(0, 5);
    expect(await drain([header], grpc, 100)).toBeInstanceOf(ConnectError);
  });

  it("checks a second message after a first one that fit", async () => {
    const both = new Uint8Array([...envelope(10), ...envelope(200)]);
    expect(await drain([both], grpc, 100)).toBeInstanceOf(ConnectError);
  });

  it("refuses a Connect unary body by Content-Length or by counted bytes", async () => {
    const json = { "content-type": "application/json" };
    expect(await drain([new Uint8Array(10)], { ...json, "content-length": "500" }, 100)).toBeInstanceOf(ConnectError);
    expect(await drain([new Uint8Array(60), new Uint8Array(60)], json, 100)).toBeInstanceOf(ConnectError);
    expect(await drain([new Uint8Array(60), new Uint8Array(40)], { ...json, "content-length": "100" }, 100)).toBe(100);
  });
});
