/**
 * The request size limit, enforced on the bytes as they arrive so the refusal
 * carries Cloudforet's `ERROR_…` text (Connect-ES's own limit answers
 * "message size … is larger than configured readMaxBytes", before any
 * interceptor could map it). Each chunk is checked before Connect sees it, so
 * Connect's own `readMaxBytes` (same value) only caps decompressed sizes.
 *
 * Enveloped bodies (gRPC, gRPC-Web, Connect streaming) are checked per message
 * from each 5-byte envelope header, so a long-lived reflection stream of small
 * messages is never cut; a Connect unary body is checked as a whole.
 */
import type { ConnectError } from "@connectrpc/connect";
import type { UniversalHandlerFn, UniversalServerRequest } from "@connectrpc/connect/protocol";
import { PluginError } from "../../common/errors.js";
import { connectErrorOf } from "../interceptors/error-mapping.js";
import { createEnvelopeParser, isEnveloped } from "./envelope.js";

export function requestTooLarge(limit: number): ConnectError {
  return connectErrorOf(new PluginError("ERROR_REQUEST_TOO_LARGE", `Request message is larger than the limit. (limit = ${limit} bytes)`, "RESOURCE_EXHAUSTED"));
}

/** Throws as soon as an envelope header declares a message of more than `limit` bytes. */
async function* envelopedWithin(body: AsyncIterable<Uint8Array>, limit: number, refuse: () => ConnectError): AsyncIterable<Uint8Array> {
  const parser = createEnvelopeParser();
  for await (const chunk of body) {
    for (const part of parser.parse(chunk)) {
      if (part.kind === "header" && part.size > limit) throw refuse();
    }
    yield chunk;
  }
}

/** Throws once the whole body exceeds `limit` bytes. */
async function* rawWithin(body: AsyncIterable<Uint8Array>, limit: number, refuse: () => ConnectError): AsyncIterable<Uint8Array> {
  let total = 0;
  for await (const chunk of body) {
    total += chunk.length;
    if (total > limit) throw refuse();
    yield chunk;
  }
}

/**
 * Wraps a handler so its request body is refused beyond `limit` bytes per
 * message; `onRefused` runs once per refused request (for logging).
 */
export function limitRequestSize(handler: UniversalHandlerFn, limit: number, onRefused: () => void = () => {}): UniversalHandlerFn {
  const refuse = () => {
    onRefused();
    return requestTooLarge(limit);
  };
  return (req: UniversalServerRequest) => {
    const body = req.body;
    if (body === null || typeof body !== "object" || !(Symbol.asyncIterator in body)) return handler(req);
    if (isEnveloped(req.header.get("content-type") ?? "")) return handler({ ...req, body: envelopedWithin(body, limit, refuse) });
    const declared = Number(req.header.get("content-length") ?? "0");
    const header = new Headers(req.header);
    // Connect would refuse an oversized Content-Length itself, with its own text: let the byte count decide.
    header.delete("content-length");
    return handler({ ...req, header, body: declared > limit ? failingBody(refuse) : rawWithin(body, limit, refuse) });
  };
}

/** A request body whose first read throws `error()`: Connect answers with it in the caller's protocol. */
// eslint-disable-next-line require-yield, @typescript-eslint/require-await -- an AsyncIterable that fails on its first read
export async function* failingBody(error: () => ConnectError): AsyncIterable<Uint8Array> {
  throw error();
}
