/**
 * The 5-byte message envelope that gRPC, gRPC-Web and Connect streaming put
 * before every message: one flags byte, then the payload size (uint32,
 * big-endian). One streaming parser serves every check on request bodies.
 */

/** Bytes in an envelope header. */
export const ENVELOPE_HEADER = 5;

/** True for content types whose bodies are sequences of envelopes (a Connect unary body is not). */
export function isEnveloped(contentType: string): boolean {
  return contentType.startsWith("application/grpc") || contentType.startsWith("application/connect+");
}

/** The 5-byte header of an envelope of `size` payload bytes. */
export function envelopeHeader(flags: number, size: number): Uint8Array {
  const header = new Uint8Array(ENVELOPE_HEADER);
  header[0] = flags;
  new DataView(header.buffer).setUint32(1, size);
  return header;
}

/** A piece of an enveloped body, in body order. */
export type EnvelopePart =
  /** A complete header: known before any byte of its payload. */
  | { readonly kind: "header"; readonly flags: number; readonly size: number; readonly bytes: Uint8Array }
  /** Payload bytes of the current message; `last` on its final piece (an empty payload has one, empty, piece). */
  | { readonly kind: "payload"; readonly bytes: Uint8Array; readonly last: boolean };

export interface EnvelopeParser {
  /**
   * The parts of `chunk`, continuing where the previous chunk ended. Payload
   * pieces are views of `chunk`, never copies; only a header split across
   * chunks is assembled (5 bytes), so a body is parsed in linear time however
   * it is chunked.
   */
  parse(chunk: Uint8Array): Generator<EnvelopePart, void>;
  /**
   * Where a body that ends here would be cut short: how many bytes of the unfinished header or payload
   * arrived, of how many. Undefined when the body ended between envelopes.
   */
  truncation(): { part: "header" | "payload"; got: number; of: number } | undefined;
}

export function createEnvelopeParser(): EnvelopeParser {
  let header = new Uint8Array(ENVELOPE_HEADER);
  let headerFill = 0;
  let payloadLeft = 0;
  let payloadSize = 0;
  let inPayload = false;

  function* parse(chunk: Uint8Array): Generator<EnvelopePart, void> {
    let at = 0;
    while (at < chunk.length || (inPayload && payloadLeft === 0)) {
      if (inPayload) {
        const take = Math.min(payloadLeft, chunk.length - at);
        payloadLeft -= take;
        inPayload = payloadLeft > 0;
        yield { kind: "payload", bytes: chunk.subarray(at, at + take), last: !inPayload };
        at += take;
        continue;
      }
      let bytes: Uint8Array;
      if (headerFill === 0 && chunk.length - at >= ENVELOPE_HEADER) {
        bytes = chunk.subarray(at, at + ENVELOPE_HEADER);
        at += ENVELOPE_HEADER;
      } else {
        const take = Math.min(ENVELOPE_HEADER - headerFill, chunk.length - at);
        header.set(chunk.subarray(at, at + take), headerFill);
        headerFill += take;
        at += take;
        if (headerFill < ENVELOPE_HEADER) return;
        bytes = header;
        // The assembled header is handed out: the next one gets a buffer of its own.
        header = new Uint8Array(ENVELOPE_HEADER);
        headerFill = 0;
      }
      const size = new DataView(bytes.buffer, bytes.byteOffset, ENVELOPE_HEADER).getUint32(1);
      inPayload = true;
      payloadLeft = payloadSize = size;
      yield { kind: "header", flags: bytes[0]!, size, bytes };
    }
  }

  function truncation() {
    if (inPayload && payloadLeft > 0) return { part: "payload" as const, got: payloadSize - payloadLeft, of: payloadSize };
    if (headerFill > 0) return { part: "header" as const, got: headerFill, of: ENVELOPE_HEADER };
    return undefined;
  }

  return { parse, truncation };
}
