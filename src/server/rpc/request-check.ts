/**
 * Request bodies checked on their way to Connect, so that every malformed request is refused in
 * Cloudforet's terms (`ERROR_…: …`, INVALID_ARGUMENT) before Connect could answer with its own words:
 *
 * - each message is checked whole before any of its bytes is passed on (message-check.ts): JSON for
 *   curl, scripts and `+json` clients, protobuf binary for everyone else;
 * - enveloped bodies (gRPC, gRPC-Web, Connect streaming) must be whole envelopes with request flags, and a
 *   unary or server-streaming call carries exactly one message;
 * - a compressed message (an encoding the server offers, `compression`) is inflated here, never past
 *   `limit` bytes (a gzip bomb is refused with `ERROR_REQUEST_TOO_LARGE` after reading at most that), and
 *   passed on inflated, its encoding header removed, so Connect decodes exactly what was checked.
 *
 * The size limit (request-limit.ts) runs before this on the bytes as they arrive. Plain JSON is decoded
 * as its pieces arrive, without copying them; binary and compressed messages are assembled once.
 */
import { promisify } from "node:util";
import { brotliDecompress, gunzip } from "node:zlib";
import type { DescMethod } from "@bufbuild/protobuf";
import type { UniversalHandlerFn, UniversalServerRequest } from "@connectrpc/connect/protocol";
import type { CompressionName } from "../../common/config.js";
import { createEnvelopeParser, envelopeHeader, isEnveloped } from "./envelope.js";
import { checkBinaryMessage, checkJsonMessage, invalidRequest } from "./message-check.js";
import { requestTooLarge } from "./request-limit.js";

/** Envelope flags a request may carry: compressed (0x01) and Connect's end-of-stream (0x02). */
const COMPRESSED = 0b01;
const END_STREAM = 0b10;

export interface RequestCheckOptions {
  /** The method called: its request type, and whether a call carries exactly one message (unary, server streaming). */
  method: DescMethod;
  /** Encodings the server offers; a compressed request in another one is refused before this runs (protocol-refusals.ts). */
  encodings: readonly CompressionName[];
  /** Largest message in bytes, once inflated. */
  limit: number;
  /** Told when an inflated message is refused as too large (for logging). */
  onTooLarge?: () => void;
}

/** The header naming the encoding of a request body of `contentType`. */
export function encodingHeaderOf(contentType: string): string {
  if (contentType.startsWith("application/grpc")) return "grpc-encoding";
  return isEnveloped(contentType) ? "connect-content-encoding" : "content-encoding";
}

/** The encoding a request declares, lower case; undefined for none (`identity`). */
export function requestEncoding(header: Headers): string | undefined {
  const value = header
    .get(encodingHeaderOf(header.get("content-type") ?? ""))
    ?.trim()
    .toLowerCase();
  return value && value !== "identity" ? value : undefined;
}

const inflaters: Record<CompressionName, (bytes: Uint8Array, options: { maxOutputLength: number }) => Promise<Buffer>> = {
  gzip: promisify(gunzip),
  br: promisify(brotliDecompress),
};

interface Checker {
  /** Checks one whole message (`pieces` in order) and returns what to pass on. */
  message(pieces: Uint8Array[], compressed: boolean): Promise<Uint8Array[]>;
}

function checker(method: DescMethod, json: boolean, encoding: CompressionName | undefined, { limit, onTooLarge }: RequestCheckOptions): Checker {
  const check = (bytes: Uint8Array) => (json ? checkJsonMessage(new TextDecoder().decode(bytes), method.input) : checkBinaryMessage(bytes, method.input));
  const inflate = async (bytes: Uint8Array): Promise<Uint8Array> => {
    try {
      return await inflaters[encoding!](bytes, { maxOutputLength: limit });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ERR_BUFFER_TOO_LARGE") throw invalidRequest(`not valid ${encoding} data`);
      onTooLarge?.();
      throw requestTooLarge(limit);
    }
  };
  return {
    async message(pieces, compressed) {
      if (compressed) {
        if (!encoding) throw invalidRequest("compressed message without an encoding");
        const inflated = await inflate(Buffer.concat(pieces));
        check(inflated);
        return [inflated];
      }
      if (json) {
        // Decoded piece by piece: a plain JSON message is never copied.
        const decoder = new TextDecoder();
        checkJsonMessage(pieces.map((p) => decoder.decode(p, { stream: true })).join("") + decoder.decode(), method.input);
      } else {
        check(pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces));
      }
      return pieces;
    },
  };
}

/** An enveloped body passed on message by message, each checked whole first. */
async function* checkedEnvelopes(body: AsyncIterable<Uint8Array>, method: DescMethod, check: Checker): AsyncIterable<Uint8Array> {
  const single = method.methodKind === "unary" || method.methodKind === "server_streaming";
  const parser = createEnvelopeParser();
  let messages = 0;
  let current: { flags: number; header: Uint8Array; pieces: Uint8Array[] } | undefined;
  for await (const chunk of body) {
    for (const part of parser.parse(chunk)) {
      if (part.kind === "header") {
        if ((part.flags & ~(COMPRESSED | END_STREAM)) !== 0) throw invalidRequest(`unexpected message flags 0x${part.flags.toString(16)}`);
        current = { flags: part.flags, header: part.bytes, pieces: [] };
        if ((part.flags & END_STREAM) === 0 && ++messages > 1 && single) throw invalidRequest("more than one request message");
        continue;
      }
      const message = current!;
      message.pieces.push(part.bytes);
      if (!part.last) continue;
      current = undefined;
      if ((message.flags & END_STREAM) !== 0) {
        // Not a request message: Connect's to interpret.
        yield message.header;
        yield* message.pieces;
        continue;
      }
      const compressed = (message.flags & COMPRESSED) !== 0;
      const out = await check.message(message.pieces, compressed);
      const size = out.reduce((n, p) => n + p.length, 0);
      yield compressed ? envelopeHeader(0, size) : message.header;
      yield* out;
    }
  }
  const cut = parser.truncation();
  if (cut) throw invalidRequest(`message truncated: ${cut.got} of ${cut.of} ${cut.part === "header" ? "header bytes" : "bytes"}`);
  if (single && messages === 0) throw invalidRequest("no request message");
}

/** A Connect unary body (one message, no envelope), checked whole. */
async function* checkedWhole(body: AsyncIterable<Uint8Array>, compressed: boolean, check: Checker): AsyncIterable<Uint8Array> {
  const pieces: Uint8Array[] = [];
  for await (const chunk of body) pieces.push(chunk);
  yield* await check.message(pieces, compressed);
}

/** Wraps `handler` so that its request body is checked as described above. */
export function checkRequests(handler: UniversalHandlerFn, options: RequestCheckOptions): UniversalHandlerFn {
  return (req: UniversalServerRequest) => {
    const body = req.body;
    if (body === null || typeof body !== "object" || !(Symbol.asyncIterator in body)) return handler(req);
    const contentType = req.header.get("content-type") ?? "";
    const encoding = requestEncoding(req.header);
    const offered = options.encodings.find((e) => e === encoding);
    // An encoding the server does not offer is refused before this runs; pass it on untouched.
    if (encoding && !offered) return handler(req);
    const check = checker(options.method, /json/.test(contentType), offered, options);
    const header = new Headers(req.header);
    header.delete(encodingHeaderOf(contentType));
    const bytes = body;
    const checked = isEnveloped(contentType) ? checkedEnvelopes(bytes, options.method, check) : checkedWhole(bytes, offered !== undefined, check);
    return handler({ ...req, header, body: checked });
  };
}
