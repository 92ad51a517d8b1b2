import { Code, ConnectError } from "@connectrpc/connect";
import type { UniversalServerRequest, UniversalServerResponse } from "@connectrpc/connect/protocol";
import { describe, expect, it } from "vitest";
import { limitRequestSize } from "./request-limit.js";

function envelope(size: number): Uint8Array {
  const out = new Uint8Array(5 + size);
  new DataView(out.buffer).setUint32(1, size);
  return out;
}

/** Feeds `chunks` through the limit into a handler that drains the body; resolves with the byte count or the error. */
async function drain(chunks: Uint8Array[], headers: Record<string, string>, limit: number): Promise<number | ConnectError> {
  let total = 0;
  const handler = limitRequestSize(async (req) => {
    try {
      for await (const c of req.body as AsyncIterable<Uint8Array>) total += c.length;
    } catch (e) {
      return { status: 0, error: e } as unknown as UniversalServerResponse;
    }
    expect(req.header.get("content-length")).toBeNull();
    return { status: 200 };
  }, limit);
  const req = {
    httpVersion: "2.0",
    url: "http://x/a.B/c",
    method: "POST",
    header: new Headers(headers),
    body: (async function* () {
      yield* chunks;
    })(),
    signal: new AbortController().signal,
  } as UniversalServerRequest;
  const res = (await handler(req)) as UniversalServerResponse & { error?: unknown };
  return res.error ? ConnectError.from(res.error) : total;
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
