/**
 * JSON requests (Connect JSON from curl and scripts, gRPC-Web `+json`) are
 * checked before Connect decodes them, so a malformed body or an ill-typed
 * parameter is answered in Cloudforet's terms naming the parameter, e.g.
 * `ERROR_INVALID_PARAMETER_TYPE: Parameter type is invalid. (key = options, type = object)`,
 * instead of Connect's "cannot decode message …". Binary requests (what
 * Cloudforet sends) cannot carry these mistakes and pass untouched, as do
 * compressed bodies, which Connect decompresses before decoding.
 */
import type { DescMessage } from "@bufbuild/protobuf";
import type { UniversalHandlerFn, UniversalServerRequest } from "@connectrpc/connect/protocol";
import { invalidParameterType, PluginError } from "../../common/errors.js";
import { ENVELOPE_HEADER, isEnveloped } from "./envelope.js";
import { connectErrorOf } from "../interceptors/error-mapping.js";

/** Envelope flags: compressed (0x01) and end-of-stream (0x02) frames are not plain JSON messages. */
const NOT_A_PLAIN_MESSAGE = 0b11;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Throws unless `bytes` is a JSON object whose Struct-typed fields hold objects (or null). */
export function checkJsonMessage(bytes: Uint8Array, schema: DescMessage): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    // A fixed reason: the parser's message quotes the body, which may hold secret_data.
    throw connectErrorOf(new PluginError("ERROR_JSON_FORMAT", "JSON format is invalid. (request = not valid JSON)", "INVALID_ARGUMENT"));
  }
  if (!isPlainObject(parsed)) throw connectErrorOf(invalidParameterType("request", "object"));
  for (const field of schema.fields) {
    if (field.fieldKind !== "message" || field.message.typeName !== "google.protobuf.Struct") continue;
    const value = field.jsonName in parsed ? parsed[field.jsonName] : parsed[field.name];
    if (value !== undefined && value !== null && !isPlainObject(value)) throw connectErrorOf(invalidParameterType(field.name, "object"));
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Re-chunks an enveloped body into whole envelopes, checking each plain JSON message. */
async function* checkedEnvelopes(body: AsyncIterable<Uint8Array>, schema: DescMessage): AsyncIterable<Uint8Array> {
  let pending: Uint8Array = new Uint8Array(0);
  for await (const chunk of body) {
    pending = concat(pending, chunk);
    while (pending.length >= ENVELOPE_HEADER) {
      const size = new DataView(pending.buffer, pending.byteOffset, pending.byteLength).getUint32(1);
      if (pending.length < ENVELOPE_HEADER + size) break;
      if ((pending[0]! & NOT_A_PLAIN_MESSAGE) === 0) checkJsonMessage(pending.subarray(ENVELOPE_HEADER, ENVELOPE_HEADER + size), schema);
      yield pending.slice(0, ENVELOPE_HEADER + size);
      pending = pending.subarray(ENVELOPE_HEADER + size);
    }
  }
  // A truncated envelope is Connect's to report.
  if (pending.length > 0) yield pending;
}

/** Buffers a Connect unary JSON body (already size-limited), checks it, yields it whole. */
async function* checkedWhole(body: AsyncIterable<Uint8Array>, schema: DescMessage): AsyncIterable<Uint8Array> {
  let all: Uint8Array = new Uint8Array(0);
  for await (const chunk of body) all = concat(all, chunk);
  checkJsonMessage(all, schema);
  yield all;
}

export function checkJsonRequests(handler: UniversalHandlerFn, schema: DescMessage): UniversalHandlerFn {
  return (req: UniversalServerRequest) => {
    const body = req.body;
    const contentType = req.header.get("content-type") ?? "";
    if (!/json/.test(contentType) || body === null || typeof body !== "object" || !(Symbol.asyncIterator in body)) return handler(req);
    const bytes = body as AsyncIterable<Uint8Array>;
    const enveloped = isEnveloped(contentType);
    // A compressed unary body is Connect's to decompress and decode (enveloped compressed frames are skipped by their flag).
    const encoding = req.header.get("content-encoding")?.trim().toLowerCase();
    if (!enveloped && encoding && encoding !== "identity") return handler(req);
    return handler({ ...req, body: enveloped ? checkedEnvelopes(bytes, schema) : checkedWhole(bytes, schema) });
  };
}
