/**
 * Streaming JSON for curl and scripts, on the RPC paths themselves: a POST with
 * `content-type: application/json` to a server-streaming method answers NDJSON
 * (`application/x-ndjson`), or SSE (`text/event-stream`) when the `accept`
 * header asks for it, instead of Connect's 415.
 *
 * A protocol adapter, nothing more: the JSON body is re-framed as a Connect
 * streaming request (one envelope, `application/connect+json`) and handed to
 * the same handler as every other call, so the size limit, the JSON check,
 * interceptors, worker slots, metrics, error mapping and cancellation apply
 * unchanged. Connect's response envelopes are then rewritten, each as it
 * arrives: a message becomes one line (or `message` event) in Connect's JSON
 * form; the end-of-stream frame becomes the last line, `{"end":{"code":"ok"}}`
 * or `{"error":{"code":"…","message":"ERROR_…: …"}}` (an `end` or `error`
 * event). A stream without that last line was cut.
 *
 * A call that fails before its first message answers with the HTTP status of
 * its code (Connect's mapping: 400 for invalid_argument, …) and that one error
 * line as the body, so `curl --fail` and status checks see request errors.
 */
import { Code } from "@connectrpc/connect";
import type { UniversalHandlerFn, UniversalServerRequest, UniversalServerResponse } from "@connectrpc/connect/protocol";
import { codeFromString, codeToHttpStatus, contentTypeStreamJson, endStreamFlag } from "@connectrpc/connect/protocol-connect";
import { createEnvelopeParser, envelopeHeader } from "./envelope.js";

export type StreamFormat = "ndjson" | "sse";

export const NDJSON = "application/x-ndjson";
export const EVENT_STREAM = "text/event-stream";

/** Envelope flag of a compressed message. */
const COMPRESSED = 0b01;

/** The media type of a header value, lower case, without parameters. */
const mediaType = (value: string | null) => (value ?? "").split(";", 1)[0]!.trim().toLowerCase();

/**
 * The stream format a request asks for, or `undefined` when it is not a JSON
 * streaming request: a POST whose body is JSON (`content-type:
 * application/json`, or no content type with an `accept` naming NDJSON or SSE).
 * SSE when `accept` names `text/event-stream` before any `application/x-ndjson`.
 */
export function jsonStreamFormat(method: string, header: Headers): StreamFormat | undefined {
  if (method !== "POST") return undefined;
  const accept = (header.get("accept") ?? "").toLowerCase();
  const sse = accept.indexOf(EVENT_STREAM);
  const ndjson = accept.indexOf(NDJSON);
  const contentType = mediaType(header.get("content-type"));
  if (contentType !== "application/json" && !(contentType === "" && (sse >= 0 || ndjson >= 0))) return undefined;
  return sse >= 0 && (ndjson < 0 || sse < ndjson) ? "sse" : "ndjson";
}

/**
 * The JSON body as one envelope. Its size must be known before the header, so
 * the body is read whole, but never past `limit`: a larger body is handed on as
 * a bare header declaring the size seen so far (or the declared
 * Content-Length), which the size limit behind refuses with its own error and
 * log line, as it would refuse that envelope from any Connect client.
 */
async function* asEnvelope(body: AsyncIterable<Uint8Array>, flags: number, declared: number, limit: number): AsyncIterable<Uint8Array> {
  if (declared > limit) {
    yield envelopeHeader(flags, declared);
    return;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) {
      yield envelopeHeader(flags, size);
      return;
    }
    chunks.push(chunk);
  }
  yield envelopeHeader(flags, size);
  yield* chunks;
}

/** `req` as a Connect server-streaming request with the same body and headers. */
function asConnectStream(req: UniversalServerRequest, body: AsyncIterable<Uint8Array>, limit: number): UniversalServerRequest {
  const header = new Headers(req.header);
  const encoding = header.get("content-encoding")?.trim().toLowerCase();
  const compressed = encoding !== undefined && encoding !== "" && encoding !== "identity";
  // A compressed body is one compressed message: Connect decompresses (and refuses what it does not offer) as for any stream.
  if (compressed) header.set("connect-content-encoding", encoding);
  const declared = Number(header.get("content-length") ?? "0");
  // No connect-accept-encoding: Connect must not compress the answer, whose frames become lines of text.
  for (const name of ["content-encoding", "content-length", "connect-accept-encoding"]) header.delete(name);
  header.set("content-type", contentTypeStreamJson);
  return { ...req, header, body: asEnvelope(body, compressed ? COMPRESSED : 0, declared, limit) };
}

interface Frame {
  flags: number;
  json: string;
}

/** The frames of an enveloped body, each decoded whole. */
async function* framesOf(body: AsyncIterable<Uint8Array>): AsyncGenerator<Frame, void> {
  const parser = createEnvelopeParser();
  let flags = 0;
  let decoder = new TextDecoder();
  let json = "";
  for await (const chunk of body) {
    for (const part of parser.parse(chunk)) {
      if (part.kind === "header") {
        flags = part.flags;
        decoder = new TextDecoder();
        json = "";
        continue;
      }
      json += decoder.decode(part.bytes, { stream: !part.last });
      if (part.last) yield { flags, json };
    }
  }
}

/** Connect's end-of-stream JSON as the last line's object: `{"end":{"code":"ok"}}` or `{"error":{…}}`. */
function lastLineOf(endStream: string): { end: { code: "ok" } } | { error: { code: string; message?: string } } {
  const parsed = JSON.parse(endStream) as { error?: { code: string; message?: string } };
  return parsed.error ? { error: parsed.error } : { end: { code: "ok" } };
}

const encoder = new TextEncoder();

/** One message, or the end, in `format`. Connect's JSON has no raw line breaks: each fits one line or one `data:` field. */
function render(format: StreamFormat, frame: Frame): Uint8Array {
  if ((frame.flags & endStreamFlag) === 0) return encoder.encode(format === "sse" ? `event: message\ndata: ${frame.json}\n\n` : `${frame.json}\n`);
  const last = lastLineOf(frame.json);
  if (format === "ndjson") return encoder.encode(`${JSON.stringify(last)}\n`);
  return encoder.encode("end" in last ? `event: end\ndata: ${JSON.stringify(last.end)}\n\n` : `event: error\ndata: ${JSON.stringify(last.error)}\n\n`);
}

/** The failure of a stream whose first frame is its end, if it failed. */
function failureOf(first: Frame): { code: string } | undefined {
  if ((first.flags & endStreamFlag) === 0) return undefined;
  const last = lastLineOf(first.json);
  return "error" in last ? last.error : undefined;
}

function responseHeader(format: StreamFormat): Headers {
  return new Headers({
    "content-type": format === "sse" ? EVENT_STREAM : `${NDJSON}; charset=utf-8`,
    "cache-control": "no-cache",
    // Reverse proxies (nginx) must pass each line on as it comes.
    "x-accel-buffering": "no",
  });
}

/** Rewrites Connect's streaming response; waits for the first frame to choose the status. */
async function translate(res: UniversalServerResponse, format: StreamFormat): Promise<UniversalServerResponse> {
  if (res.status !== 200 || mediaType(res.header?.get("content-type") ?? null) !== contentTypeStreamJson || !res.body) return res;
  const frames = framesOf(res.body);
  const first = await frames.next();
  if (first.done) return { status: 200, header: responseHeader(format) };
  const failure = failureOf(first.value);
  async function* body(): AsyncIterable<Uint8Array> {
    // Returning early (the client went away) returns Connect's iterator too, which aborts the call.
    try {
      yield render(format, first.value as Frame);
      for await (const frame of frames) yield render(format, frame);
    } finally {
      await frames.return();
    }
  }
  const status = failure ? codeToHttpStatus(codeFromString(failure.code) ?? Code.Unknown) : 200;
  return { status, header: responseHeader(format), body: body() };
}

/**
 * Wraps the handler of a server-streaming method so JSON streaming requests
 * (see `jsonStreamFormat`) are served as NDJSON or SSE through it; every other
 * request passes untouched. `limit` is the request size limit in bytes.
 */
export function serveJsonStreams(handler: UniversalHandlerFn, limit: number): UniversalHandlerFn {
  return async (req) => {
    const format = jsonStreamFormat(req.method, req.header);
    const body = req.body;
    if (!format || body === null || typeof body !== "object" || !(Symbol.asyncIterator in body)) return handler(req);
    return translate(await handler(asConnectStream(req, body, limit)), format);
  };
}
