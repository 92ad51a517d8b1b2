import { gzipSync } from "node:zlib";
import { create, toBinary, type DescMethod } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { Collector, CollectRequestSchema } from "../../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { ServerReflectionV1Alpha } from "../services/reflection.js";
import { bodySeenThrough, envelope, pieces } from "../../../test/support/universal-request.js";
import { checkRequests } from "./request-check.js";

const collect = Collector.method.collect;
const encode = (s: string) => new TextEncoder().encode(s);
const json = (s: string, flags = 0) => envelope(encode(s).length, encode(s), flags);
const streaming = { "content-type": "application/connect+json" };
const grpc = { "content-type": "application/grpc" };
const unary = { "content-type": "application/json" };
const LIMIT = 1024 * 1024;
const through = (chunks: Uint8Array[], headers: Record<string, string>, method: DescMethod = collect) =>
  bodySeenThrough((handler) => checkRequests(handler, { method, encodings: ["gzip"], limit: LIMIT }), chunks, headers);

/** Bytes of `out` that are not views of one of `input`'s buffers, i.e. were copied. */
function copiedBytes(input: Uint8Array[], out: Uint8Array[]): number {
  const buffers = new Set(input.map((c) => c.buffer));
  return out.filter((c) => !buffers.has(c.buffer)).reduce((n, c) => n + c.length, 0);
}

describe("request check", () => {
  it("passes a valid message on byte for byte, an end-of-stream frame unchecked", async () => {
    const body = Buffer.concat([json('{"options":{},"secret_data":{}}'), envelope(2, encode("{}"), 2)]);
    for (const size of [1, 3, 7, body.length]) {
      const seen = await through(pieces(body, size), streaming);
      expect(seen.error).toBeUndefined();
      expect(Buffer.concat(seen.chunks)).toEqual(body);
    }
  });

  it("refuses an ill-typed or unknown JSON parameter before passing on any of its bytes", async () => {
    for (const [text, message] of [
      ['{"options":{},"secretData":"x"}', "ERROR_INVALID_PARAMETER_TYPE: Parameter type is invalid. (key = secret_data, type = object)"],
      ['{"options":{},"taskOption":{}}', "ERROR_INVALID_PARAMETER: Parameter is invalid. (key = taskOption, reason = unknown field)"],
      [
        '{"options":{"a":' + "[".repeat(200) + "]".repeat(200) + "}}",
        "ERROR_INVALID_PARAMETER: Parameter is invalid. (key = options, reason = nested too deep)",
      ],
    ]) {
      const seen = await through(pieces(json(text!), 4), streaming);
      expect([seen.error?.code, seen.error?.rawMessage]).toEqual([Code.InvalidArgument, message]);
      expect(seen.chunks).toEqual([]);
    }
  });

  it("checks binary messages: a valid one passes untouched, other bytes are refused", async () => {
    const valid = toBinary(CollectRequestSchema, create(CollectRequestSchema, { options: { a: 1 }, secretData: {} }));
    const ok = await through(pieces(envelope(valid.length, valid), 3), grpc);
    expect(Buffer.concat(ok.chunks)).toEqual(Buffer.from(envelope(valid.length, valid)));
    const garbage = Uint8Array.from([0x0f, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x07]);
    const bad = await through([envelope(garbage.length, garbage)], grpc);
    expect(bad.error?.rawMessage).toMatch(
      /^ERROR_INVALID_PARAMETER: Parameter is invalid\. \(key = request, reason = not a valid spaceone\.api\.inventory\.plugin\.CollectRequest in protobuf binary: /,
    );
  });

  it.each([
    ["a cut payload", json('{"options":{}}').subarray(0, 9), "message truncated: 4 of 14 bytes"],
    ["a cut header", json("{}").subarray(0, 3), "message truncated: 3 of 5 header bytes"],
    ["no message", new Uint8Array(), "no request message"],
    ["two messages", Buffer.concat([json('{"options":{}}'), json('{"options":{}}')]), "more than one request message"],
    ["trailer flags", json("{}", 0x80), "unexpected message flags 0x80"],
    ["a compressed flag without an encoding", json("{}", 1), "compressed message without an encoding"],
  ])("refuses %s", async (_name, body, reason) => {
    const seen = await through([body], streaming);
    expect(seen.error?.rawMessage).toBe(`ERROR_INVALID_PARAMETER: Parameter is invalid. (key = request, reason = ${reason})`);
  });

  it("lets a bidirectional stream carry any number of messages, none at all included", async () => {
    const reflection = ServerReflectionV1Alpha.method.serverReflectionInfo;
    expect((await through([], grpc, reflection)).error).toBeUndefined();
    const three = Buffer.concat([envelope(0), envelope(0), envelope(0)]);
    expect(Buffer.concat((await through([three], grpc, reflection)).chunks)).toEqual(three);
  });

  it("inflates a message in an offered encoding, checks it and passes it on plain, without the encoding header", async () => {
    const text = '{"options":{},"secretData":{}}';
    const zipped = gzipSync(text);
    const seen = await through([envelope(zipped.length, zipped, 1)], { ...streaming, "connect-content-encoding": "gzip" });
    expect(seen.header.get("connect-content-encoding")).toBeNull();
    expect(Buffer.concat(seen.chunks)).toEqual(Buffer.from(json(text)));
    const unaryZipped = await through([gzipSync('{"options":{}}')], { ...unary, "content-encoding": "gzip" });
    expect(Buffer.from(Buffer.concat(unaryZipped.chunks)).toString()).toBe('{"options":{}}');
    const ill = gzipSync('{"options":7}');
    expect(
      (await through([envelope(ill.length, ill, 1)], { ...grpc, "grpc-encoding": "gzip", "content-type": "application/grpc+json" })).error?.rawMessage,
    ).toBe("ERROR_INVALID_PARAMETER_TYPE: Parameter type is invalid. (key = options, type = object)");
  });

  it("refuses a message that inflates past the limit, and data that is not gzip", async () => {
    const bomb = gzipSync(Buffer.alloc(LIMIT * 8));
    const seen = await through([envelope(bomb.length, bomb, 1)], { ...grpc, "grpc-encoding": "gzip" });
    expect([seen.error?.code, seen.error?.rawMessage]).toEqual([
      Code.ResourceExhausted,
      `ERROR_REQUEST_TOO_LARGE: Request message is larger than the limit. (limit = ${LIMIT} bytes)`,
    ]);
    const notGzip = await through([encode("plain")], { ...unary, "content-encoding": "gzip" });
    expect(notGzip.error?.rawMessage).toBe("ERROR_INVALID_PARAMETER: Parameter is invalid. (key = request, reason = not valid gzip data)");
  });

  it("checks a unary body whole", async () => {
    const body = encode('{"options":{},"secret_data":{"k":"v"}}');
    const ok = await through(pieces(body, 5), unary);
    expect(Buffer.concat(ok.chunks)).toEqual(Buffer.from(body));
    const bad = await through(pieces(encode('{"options":'), 5), unary);
    expect([bad.error?.rawMessage, bad.chunks]).toEqual(["ERROR_JSON_FORMAT: JSON format is invalid. (request = not valid JSON)", []]);
  });

  it.each([
    ["enveloped", streaming, (text: string) => json(text)],
    ["unary", unary, (text: string) => encode(text)],
  ] as const)("reads a plain 1 MiB JSON %s message in 256-byte chunks without copying its bytes", async (_name, headers, frame) => {
    const text = `{"options":{"blob":"${"x".repeat(LIMIT - 64)}"},"secret_data":{}}`;
    // Each chunk has a buffer of its own, so a view can be traced to the chunk it came from.
    const input = pieces(frame(text), 256).map((c) => new Uint8Array(c));
    const seen = await through(input, headers);
    expect(seen.error).toBeUndefined();
    expect(seen.chunks.reduce((n, c) => n + c.length, 0)).toBe(input.reduce((n, c) => n + c.length, 0));
    // At most one envelope header (5 bytes) is assembled; no payload byte is copied, so the work is linear in the body.
    expect(copiedBytes(input, seen.chunks)).toBeLessThanOrEqual(5);
  });
});
