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
import { connectErrorOf } from "../interceptors/error-mapping.js";
import { createEnvelopeParser, isEnveloped } from "./envelope.js";

/** Envelope flags: compressed (0x01) and end-of-stream (0x02) frames are not plain JSON messages. */
const NOT_A_PLAIN_MESSAGE = 0b11;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Throws unless `text` is a JSON object whose Struct-typed fields hold objects (or null). */
export function checkJsonMessage(text: string, schema: DescMessage): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
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

interface JsonMessage {
  /** Adds the next piece of the message. */
  add(bytes: Uint8Array): void;
  /** Checks the whole message; returns its pieces to pass on. */
  check(schema: DescMessage): readonly Uint8Array[];
  /** The pieces so far, `prefix` first. */
  readonly held: readonly Uint8Array[];
}

/**
 * One JSON message read in pieces: its text is decoded as the bytes arrive (no
 * byte is copied into a bigger buffer), and the pieces are held until the
 * message is checked, so Connect never decodes a message that fails the check.
 */
function jsonMessage(...prefix: Uint8Array[]): JsonMessage {
  const decoder = new TextDecoder();
  const held = prefix;
  let text = "";
  return {
    add(bytes) {
      held.push(bytes);
      text += decoder.decode(bytes, { stream: true });
    },
    check(schema) {
      checkJsonMessage(text + decoder.decode(), schema);
      return held;
    },
    held,
  };
}

/** Passes an enveloped body on, checking each plain JSON message before any of its bytes. */
async function* checkedEnvelopes(body: AsyncIterable<Uint8Array>, schema: DescMessage): AsyncIterable<Uint8Array> {
  const parser = createEnvelopeParser();
  let message: JsonMessage | undefined;
  for await (const chunk of body) {
    for (const part of parser.parse(chunk)) {
      if (part.kind === "header") {
        message = (part.flags & NOT_A_PLAIN_MESSAGE) === 0 ? jsonMessage(part.bytes) : undefined;
        if (!message) yield part.bytes;
      } else if (message) {
        message.add(part.bytes);
        if (part.last) {
          yield* message.check(schema);
          message = undefined;
        }
      } else if (part.bytes.length > 0) {
        yield part.bytes;
      }
    }
  }
  // A truncated envelope is Connect's to report.
  if (message) yield* message.held;
}

/** Passes a Connect unary JSON body (already size-limited) on once it is checked whole. */
async function* checkedWhole(body: AsyncIterable<Uint8Array>, schema: DescMessage): AsyncIterable<Uint8Array> {
  const message = jsonMessage();
  for await (const chunk of body) message.add(chunk);
  yield* message.check(schema);
}

export function checkJsonRequests(handler: UniversalHandlerFn, schema: DescMessage): UniversalHandlerFn {
  return (req: UniversalServerRequest) => {
    const body = req.body;
    const contentType = req.header.get("content-type") ?? "";
    if (!/json/.test(contentType) || body === null || typeof body !== "object" || !(Symbol.asyncIterator in body)) return handler(req);
    const enveloped = isEnveloped(contentType);
    // A compressed unary body is Connect's to decompress and decode (enveloped compressed frames are skipped by their flag).
    const encoding = req.header.get("content-encoding")?.trim().toLowerCase();
    if (!enveloped && encoding && encoding !== "identity") return handler(req);
    return handler({ ...req, body: enveloped ? checkedEnvelopes(body, schema) : checkedWhole(body, schema) });
  };
}
