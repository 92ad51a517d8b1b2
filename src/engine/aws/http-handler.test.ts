import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rootCertificates } from "node:tls";
import { afterAll, describe, expect, it } from "vitest";
import { ProxyAgent } from "proxy-agent";
import { DEFAULT_AWS_CONNECT_TIMEOUT_MS, DEFAULT_AWS_RESPONSE_TIMEOUT_MS } from "../../common/config.js";
import { proxyConfigured, readCaBundle, requestHandlerProvider } from "./http-handler.js";

const dir = mkdtempSync(join(tmpdir(), "ca-bundle-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

describe("the AWS clients' HTTP layer", () => {
  it("gives every attempt a connect and a response timeout that throws (and is retried), by default 5 s and 60 s", async () => {
    const options = await requestHandlerProvider({ env: {} })();
    expect(options).toMatchObject({
      connectionTimeout: DEFAULT_AWS_CONNECT_TIMEOUT_MS,
      requestTimeout: DEFAULT_AWS_RESPONSE_TIMEOUT_MS,
      socketTimeout: DEFAULT_AWS_RESPONSE_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    });
    expect([DEFAULT_AWS_CONNECT_TIMEOUT_MS, DEFAULT_AWS_RESPONSE_TIMEOUT_MS]).toEqual([5_000, 60_000]);
    expect(await requestHandlerProvider({ connectTimeoutMs: 10, responseTimeoutMs: 20, env: {} })()).toMatchObject({
      connectionTimeout: 10,
      requestTimeout: 20,
      socketTimeout: 20,
    });
  });

  it("goes through a proxy agent only when a proxy variable is set, either case; each provider call makes new agents", async () => {
    expect([
      proxyConfigured({}),
      proxyConfigured({ NO_PROXY: "*" }),
      proxyConfigured({ https_proxy: "http://p:3128" }),
      proxyConfigured({ ALL_PROXY: "http://p:3128" }),
    ]).toEqual([false, false, true, true]);
    const plain = await requestHandlerProvider({ env: {} })();
    expect(plain.httpsAgent).not.toBeInstanceOf(ProxyAgent);
    const provider = requestHandlerProvider({ env: { HTTPS_PROXY: "http://p:3128" }, caCertificates: PEM });
    const [a, b] = [await provider(), await provider()];
    expect(a.httpsAgent).toBeInstanceOf(ProxyAgent);
    expect(a.httpAgent).toBeInstanceOf(ProxyAgent);
    expect(a.httpsAgent).not.toBe(b.httpsAgent);
    // The CA bundle joins Node's own CAs.
    const { ca } = (a.httpsAgent as ProxyAgent).connectOpts as { ca: string[] };
    expect(ca).toEqual([...rootCertificates, PEM]);
  });

  it("reads a CA bundle with NODE_EXTRA_CA_CERTS, and names a file that is missing or holds no certificate", () => {
    const [bundle, extra, notPem] = ["bundle.pem", "extra.pem", "not.pem"].map((f) => join(dir, f)) as [string, string, string];
    writeFileSync(bundle, PEM);
    writeFileSync(extra, PEM.replace("MIIB", "MIIC"));
    writeFileSync(notPem, "hello");
    expect(readCaBundle(bundle, {})).toBe(PEM);
    expect(readCaBundle(bundle, { NODE_EXTRA_CA_CERTS: extra })).toBe(`${PEM}\n${PEM.replace("MIIB", "MIIC")}`);
    expect(() => readCaBundle(notPem, {})).toThrow(`${notPem}: no PEM certificate`);
    expect(() => readCaBundle(join(dir, "missing.pem"), {})).toThrow(/ENOENT/);
  });
});
