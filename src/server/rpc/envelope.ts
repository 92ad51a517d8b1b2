/**
 * The 5-byte message envelope that gRPC, gRPC-Web and Connect streaming put
 * before every message: one flags byte, then the payload size (uint32, big-endian).
 */

/** Bytes in an envelope header. */
export const ENVELOPE_HEADER = 5;

/** True for content types whose bodies are sequences of envelopes (a Connect unary body is not). */
export function isEnveloped(contentType: string): boolean {
  return contentType.startsWith("application/grpc") || contentType.startsWith("application/connect+");
}
