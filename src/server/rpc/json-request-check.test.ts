import { describe, expect, it } from "vitest";
import { Collector } from "../../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { bodySeenThrough, envelope, pieces } from "../../../test/support/universal-request.js";
import { checkJsonRequests } from "./json-request-check.js";

const schema = Collector.method.collect.input;
const encode = (s: string) => new TextEncoder().encode(s);
const json = (s: string) => envelope(encode(s).length, encode(s));
const streaming = { "content-type": "application/connect+json" };
const unary = { "content-type": "application/json" };
const through = (chunks: Uint8Array[], headers: Record<string, string>) => bodySeenThrough((handler) => checkJsonRequests(handler, schema), chunks, headers);

/** Bytes of `out` that are not views of one of `input`'s buffers, i.e. were copied. */
function copiedBytes(input: Uint8Array[], out: Uint8Array[]): number {
  const buffers = new Set(input.map((c) => c.buffer));
  return out.filter((c) => !buffers.has(c.buffer)).reduce((n, c) => n + c.length, 0);
}

describe("JSON request check", () => {
  it("passes a valid stream on byte for byte, end-of-stream and compressed frames unchecked", async () => {
    const body = Buffer.concat([
      json('{"options":{},"secret_data":{}}'),
      envelope(3, new Uint8Array([0x1f, 0x8b, 0x08]), 1),
      json('{"options":{"a":1}}'),
      envelope(0, new Uint8Array(0), 2),
    ]);
    for (const size of [1, 3, 7, body.length]) {
      const seen = await through(pieces(body, size), streaming);
      expect(seen.error).toBeUndefined();
      expect(Buffer.concat(seen.chunks)).toEqual(body);
    }
  });

  it("refuses an ill-typed message before passing on any of its bytes", async () => {
    const first = json('{"options":{}}');
    const body = Buffer.concat([first, json('{"options":{},"secretData":"x"}')]);
    const seen = await through(pieces(body, 4), streaming);
    expect(seen.error?.rawMessage).toBe("ERROR_INVALID_PARAMETER_TYPE: Parameter type is invalid. (key = secret_data, type = object)");
    expect(Buffer.concat(seen.chunks)).toEqual(Buffer.from(first));
  });

  it("passes a truncated envelope on for Connect to report", async () => {
    const truncated = json('{"options":{}}').subarray(0, 9);
    const seen = await through([truncated], streaming);
    expect(seen.error).toBeUndefined();
    expect(Buffer.concat(seen.chunks)).toEqual(Buffer.from(truncated));
  });

  it("checks a unary body whole, and leaves a compressed one to Connect", async () => {
    const body = encode('{"options":{},"secret_data":{"k":"v"}}');
    const ok = await through(pieces(body, 5), unary);
    expect(Buffer.concat(ok.chunks)).toEqual(Buffer.from(body));
    const bad = await through(pieces(encode('{"options":'), 5), unary);
    expect([bad.error?.rawMessage, bad.chunks]).toEqual(["ERROR_JSON_FORMAT: JSON format is invalid. (request = not valid JSON)", []]);
    const compressed = await through([encode("not json at all")], { ...unary, "content-encoding": "gzip" });
    expect(compressed.error).toBeUndefined();
  });

  it.each([
    ["enveloped", streaming, (text: string) => json(text)],
    ["unary", unary, (text: string) => encode(text)],
  ] as const)("reads a 4 MiB %s message in 256-byte chunks without copying its bytes", async (_name, headers, frame) => {
    const text = `{"options":{"blob":"${"x".repeat(4 * 1024 * 1024)}"},"secret_data":{}}`;
    // Each chunk has a buffer of its own, so a view can be traced to the chunk it came from.
    const input = pieces(frame(text), 256).map((c) => new Uint8Array(c));
    const seen = await through(input, headers);
    expect(seen.error).toBeUndefined();
    expect(seen.chunks.reduce((n, c) => n + c.length, 0)).toBe(input.reduce((n, c) => n + c.length, 0));
    // At most one envelope header (5 bytes) is assembled; no payload byte is copied, so the work is linear in the body.
    expect(copiedBytes(input, seen.chunks)).toBeLessThanOrEqual(5);
  });
});
