/**
 * One gRPC (h2c) connection to a collector plugin in any language, the way
 * Cloudforet's inventory opens one: HTTP/2 with prior knowledge, no TLS for
 * `host:port`, messages up to 256 MiB (docs/contract.md#concurrency-and-message-sizes).
 */
import type { Transport } from "@connectrpc/connect";
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";

/** What the inventory accepts per message (grpcio's default would be 4 MiB). */
const PLATFORM_MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

export interface PluginConnection {
  /** The endpoint as given (`host:port`, `grpc://host:port`, `http://host:port`). */
  readonly endpoint: string;
  /** The base URL the transport calls. */
  readonly baseUrl: string;
  readonly transport: Transport;
  /** Closes the HTTP/2 session; calls in flight fail. */
  close(): void;
}

/** A usage mistake in an endpoint: not something a plugin did. */
export class EndpointError extends Error {
  override readonly name = "EndpointError";
}

/**
 * The base URL of an endpoint: `host:port` and Cloudforet's `grpc://host:port` become
 * `http://host:port` (h2c); `http://` and `https://` URLs are kept.
 */
export function endpointUrl(endpoint: string): string {
  const text = endpoint.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text.replace(/^grpc:\/\//i, "http://") : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new EndpointError(`not an endpoint: "${endpoint}" (host:port, grpc://host:port or http://host:port)`);
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.hostname === "" || (url.pathname !== "/" && url.pathname !== "")) {
    throw new EndpointError(`not an endpoint: "${endpoint}" (host:port, grpc://host:port or http://host:port)`);
  }
  return url.origin;
}

/** Opens a gRPC connection to `endpoint` (lazily: nothing is sent before the first call). */
export function connectPlugin(endpoint: string): PluginConnection {
  const baseUrl = endpointUrl(endpoint);
  const sessionManager = new Http2SessionManager(baseUrl);
  const transport = createGrpcTransport({
    baseUrl,
    sessionManager,
    readMaxBytes: PLATFORM_MAX_MESSAGE_BYTES,
    writeMaxBytes: PLATFORM_MAX_MESSAGE_BYTES,
  });
  return { endpoint, baseUrl, transport, close: () => sessionManager.abort() };
}
