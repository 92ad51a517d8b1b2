/**
 * The HTTP layer under every AWS client: a connect and a response timeout per attempt (the SDK
 * retries a timeout like any transient failure, docs/decisions.md#retries), the standard proxy
 * variables, and an extra CA bundle for TLS-inspecting proxies.
 *
 * Without timeouts an endpoint that accepts connections and never answers holds a collect for
 * ever: Cloudforet puts no deadline on a collect stream.
 */
import { readFileSync } from "node:fs";
import { rootCertificates } from "node:tls";
import type { NodeHttpHandlerOptions } from "@smithy/types";
import { DEFAULT_AWS_CONNECT_TIMEOUT_MS, DEFAULT_AWS_RESPONSE_TIMEOUT_MS } from "../../common/config.js";

export interface AwsHttpOptions {
  /** Time to establish the TCP connection, per attempt. Default `DEFAULT_AWS_CONNECT_TIMEOUT_MS` (5 s). */
  connectTimeoutMs?: number;
  /**
   * Per attempt: the longest wait for the response headers (from the start of the request), and the
   * longest silence while the body arrives. Default `DEFAULT_AWS_RESPONSE_TIMEOUT_MS` (60 s).
   */
  responseTimeoutMs?: number;
  /** PEM text of CA certificates trusted in addition to Node's own (`AWS_CA_BUNDLE`, see `readCaBundle`). */
  caCertificates?: string;
  /** Where the proxy variables are read. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** The variables that send calls through a proxy (`NO_PROXY` only exempts hosts from them). */
const PROXY_VARIABLES = ["https_proxy", "http_proxy", "all_proxy"];

/** True when one of the standard proxy variables is set (either case), as `proxy-from-env` reads them. */
export function proxyConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return PROXY_VARIABLES.some((name) => !!(env[name] || env[name.toUpperCase()]));
}

/**
 * The PEM file at `path` (`AWS_CA_BUNDLE`) with `NODE_EXTRA_CA_CERTS`, which an explicit CA list would
 * otherwise drop; throws with the path when it cannot be read or holds no certificate.
 */
export function readCaBundle(path: string, env: NodeJS.ProcessEnv = process.env): string {
  const read = (file: string) => {
    const text = readFileSync(file, "utf8");
    if (!text.includes("-----BEGIN CERTIFICATE-----")) throw new Error(`${file}: no PEM certificate`);
    return text;
  };
  const extra = env.NODE_EXTRA_CA_CERTS;
  return [read(path), ...(extra ? [read(extra)] : [])].join("\n");
}

/**
 * The SDK client's `requestHandler`: a provider of the handler options, so that `proxy-agent`
 * (an ES module) loads only when a proxy is configured. Each client gets its own agents: a client
 * destroys its agents when it is destroyed.
 */
export function requestHandlerProvider(options: AwsHttpOptions): () => Promise<NodeHttpHandlerOptions> {
  const responseTimeout = options.responseTimeoutMs ?? DEFAULT_AWS_RESPONSE_TIMEOUT_MS;
  const ca = options.caCertificates ? [...rootCertificates, options.caCertificates] : undefined;
  // The SDK's own agent settings (keep-alive, 50 sockets per client, docs/decisions.md#clients-and-credentials).
  const agentOptions = { keepAlive: true, maxSockets: 50, ...(ca ? { ca } : {}) };
  return async () => {
    const proxied = proxyConfigured(options.env) ? (await import("proxy-agent")).ProxyAgent : undefined;
    return {
      connectionTimeout: options.connectTimeoutMs ?? DEFAULT_AWS_CONNECT_TIMEOUT_MS,
      // Until the response headers: a TimeoutError the SDK retries (without the flag it only logs a warning).
      requestTimeout: responseTimeout,
      throwOnRequestTimeout: true,
      // A body that stops arriving.
      socketTimeout: responseTimeout,
      // `NO_PROXY` is honoured per request (proxy-from-env). Plain HTTP goes to the proxy as absolute URLs,
      // without keep-alive: proxy-agent would reuse such a connection for a request it did not rewrite.
      httpAgent: proxied ? new proxied({ keepAlive: false }) : { keepAlive: true, maxSockets: 50 },
      // HTTPS through CONNECT tunnels, each kept alive to its endpoint.
      httpsAgent: proxied ? new proxied(agentOptions) : agentOptions,
    };
  };
}
