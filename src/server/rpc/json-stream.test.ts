import { createAsyncIterable, type UniversalServerResponse } from "@connectrpc/connect/protocol";
import { describe, expect, it } from "vitest";
import { envelope, pieces, universalRequest } from "../../../test/support/universal-request.js";
import { jsonStreamFormat, serveJsonStreams } from "./json-stream.js";

const text = (s: string) => new TextEncoder().encode(s);
const message = (json: string) => envelope(text(json).length, text(json));
const endStream = (json: string) => envelope(text(json).length, text(json), 2);

const request = (headers: Record<string, string>, body: Uint8Array[] = [text("{}")]) => universalRequest(headers, body);

async function bytesOf(body: AsyncIterable<Uint8Array> | undefined): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body ?? []) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** What the inner handler saw, and the translated response to a Connect stream of `frames` cut in `size`-byte chunks. */
async function served(headers: Record<string, string>, frames: Uint8Array[], size = 1, body?: Uint8Array[]) {
  let seen: { header: Headers; body: Uint8Array } | undefined;
  const handler = serveJsonStreams(async (req): Promise<UniversalServerResponse> => {
    seen = { header: req.header, body: await bytesOf(req.body as AsyncIterable<Uint8Array>) };
    const all = Buffer.concat(frames);
    return { status: 200, header: new Headers({ "content-type": "application/connect+json" }), body: createAsyncIterable(pieces(all, size)) };
  }, 100);
  const res = await handler(request(headers, body));
  return { seen: seen!, status: res.status, header: res.header, text: new TextDecoder().decode(await bytesOf(res.body)) };
}

describe("jsonStreamFormat", () => {
  it("serves JSON POSTs, SSE only when accept names it first", () => {
    const cases: Array<[string, Record<string, string>, ReturnType<typeof jsonStreamFormat>]> = [
      ["POST", { "content-type": "application/json" }, "ndjson"],
      ["POST", { "content-type": "Application/JSON; charset=utf-8" }, "ndjson"],
      ["POST", { "content-type": "application/json", accept: "text/event-stream" }, "sse"],
      ["POST", { "content-type": "application/json", accept: "application/x-ndjson, text/event-stream" }, "ndjson"],
      ["POST", { accept: "text/event-stream" }, "sse"],
      ["POST", { accept: "application/x-ndjson" }, "ndjson"],
      ["POST", {}, undefined],
      ["POST", { "content-type": "application/connect+json" }, undefined],
      ["POST", { "content-type": "application/grpc", accept: "text/event-stream" }, undefined],
      ["GET", { "content-type": "application/json" }, undefined],
    ];
    for (const [method, headers, format] of cases) expect(jsonStreamFormat(method, new Headers(headers)), JSON.stringify(headers)).toBe(format);
  });
});

describe("serveJsonStreams", () => {
  it("hands the body on as one Connect streaming envelope, however it was chunked", async () => {
    const body = '{"options":{}}';
    const { seen } = await served({ "content-type": "application/json", "content-length": String(body.length) }, [endStream("{}")], 1, pieces(text(body), 3));
    expect(seen.header.get("content-type")).toBe("application/connect+json");
    expect(seen.header.get("content-length")).toBeNull();
    expect(Buffer.from(seen.body)).toEqual(Buffer.from(message(body)));
  });

  it("hands on only a header declaring the size once the body passes the limit, for the size limit to refuse", async () => {
    const over = await served({ "content-type": "application/json" }, [endStream("{}")], 1, [new Uint8Array(60), new Uint8Array(60), new Uint8Array(60)]);
    expect(Buffer.from(over.seen.body)).toEqual(Buffer.from(envelope(120, new Uint8Array(0))));
    const declared = await served({ "content-type": "application/json", "content-length": "500" }, [endStream("{}")], 1, [new Uint8Array(10)]);
    expect(Buffer.from(declared.seen.body)).toEqual(Buffer.from(envelope(500, new Uint8Array(0))));
  });

  it("marks a compressed body as one compressed message", async () => {
    const { seen } = await served({ "content-type": "application/json", "content-encoding": "gzip" }, [endStream("{}")], 1, [text("zz")]);
    expect(seen.header.get("connect-content-encoding")).toBe("gzip");
    expect(seen.header.get("content-encoding")).toBeNull();
    expect(seen.body[0]).toBe(1);
  });

  it("writes each message as one NDJSON line, then the end line", async () => {
    const frames = [message('{"a":1}'), message('{"b":"x\\ny"}'), endStream('{"metadata":{"k":["v"]}}')];
    const res = await served({ "content-type": "application/json" }, frames);
    expect(res.status).toBe(200);
    expect(res.header?.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    expect(res.text).toBe('{"a":1}\n{"b":"x\\ny"}\n{"end":{"code":"ok"}}\n');
  });

  it("writes SSE events: message per record, error last", async () => {
    const frames = [message('{"a":1}'), endStream('{"error":{"code":"internal","message":"ERROR_UNKNOWN: x"}}')];
    const res = await served({ "content-type": "application/json", accept: "text/event-stream" }, frames, 4);
    expect(res.status).toBe(200);
    expect(res.header?.get("content-type")).toBe("text/event-stream");
    expect(res.text).toBe('event: message\ndata: {"a":1}\n\nevent: error\ndata: {"code":"internal","message":"ERROR_UNKNOWN: x"}\n\n');
  });

  it("a stream that fails before its first message answers the code's HTTP status, the error its only line", async () => {
    for (const [code, status] of [
      ["invalid_argument", 400],
      ["unavailable", 503],
      ["deadline_exceeded", 504],
      ["internal", 500],
    ] as const) {
      const res = await served({ "content-type": "application/json" }, [endStream(`{"error":{"code":"${code}","message":"m"}}`)]);
      expect(res.status).toBe(status);
      expect(res.text).toBe(`{"error":{"code":"${code}","message":"m"}}\n`);
    }
    const empty = await served({ "content-type": "application/json" }, [endStream("{}")]);
    expect([empty.status, empty.text]).toEqual([200, '{"end":{"code":"ok"}}\n']);
  });

  it("leaves every other request and response to Connect", async () => {
    const req = request({ "content-type": "application/connect+json" });
    const passed = await serveJsonStreams((r) => Promise.resolve({ status: r === req ? 299 : 500 }), 100)(req);
    expect(passed.status).toBe(299);
    const refused = await serveJsonStreams(() => Promise.resolve({ status: 415 }), 100)(request({ "content-type": "application/json" }));
    expect(refused).toEqual({ status: 415 });
  });
});
