/** Drives a request-body wrapper (size limit, JSON check) the way Connect's router calls it, without a server. */
import { ConnectError } from "@connectrpc/connect";
import { createAsyncIterable, type UniversalHandlerFn, type UniversalServerRequest } from "@connectrpc/connect/protocol";

/** A 5-byte envelope header (`flags`, `size`) followed by `payload`, or by `size` zero bytes. */
export function envelope(size: number, payload: Uint8Array = new Uint8Array(size), flags = 0): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(5 + payload.length);
  out[0] = flags;
  new DataView(out.buffer).setUint32(1, size);
  out.set(payload, 5);
  return out;
}

/** `bytes` cut into pieces of `size` bytes (views, not copies). */
export function pieces(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}

export interface SeenBody {
  /** The chunks the inner handler read, in order. */
  chunks: Uint8Array[];
  /** What reading the body threw, if anything. */
  error?: ConnectError;
  /** The request headers the inner handler got. */
  header: Headers;
}

/** Sends `chunks` through `wrap(handler)`; the inner handler reads the whole body. */
export async function bodySeenThrough(
  wrap: (handler: UniversalHandlerFn) => UniversalHandlerFn,
  chunks: Uint8Array[],
  headers: Record<string, string>,
): Promise<SeenBody> {
  let seen: SeenBody | undefined;
  const handler = wrap(async (req) => {
    seen = { chunks: [], header: req.header };
    try {
      for await (const c of req.body as AsyncIterable<Uint8Array>) seen.chunks.push(c);
    } catch (e) {
      seen.error = ConnectError.from(e);
    }
    return { status: 200 };
  });
  await handler(universalRequest(headers, chunks));
  return seen!;
}

/** A POST to `/a.B/c` with `headers`, its body streaming `chunks`. */
export function universalRequest(headers: Record<string, string>, chunks: Uint8Array[]): UniversalServerRequest {
  return {
    httpVersion: "2.0",
    url: "http://x/a.B/c",
    method: "POST",
    header: new Headers(headers),
    body: createAsyncIterable(chunks),
    signal: new AbortController().signal,
  };
}
