import { describe, expect, it } from "vitest";
import { ConfigError, configHelp, loadConfig, wantsHelp, withBoundPort } from "./config.js";

describe("config table", () => {
  it("has the documented defaults", () => {
    const c = loadConfig([], {});
    expect(c).toMatchObject({
      port: 50051,
      host: "::",
      workers: 100,
      maxRequestBytes: 4 * 1024 * 1024,
      corsOrigins: [],
      shutdownGraceMs: 10_000,
      sniffTimeoutMs: 10_000,
      http1RequestTimeoutMs: 60_000,
      compression: [],
      logLevel: "info",
      demo: false,
      replayEnabled: false,
      consoleEnabled: false,
      awsEndpointUrl: undefined,
      allowEndpointOverride: false,
      perItemEnrichment: true,
      perItemCacheTtlMs: 6 * 3_600_000,
      cacheUrl: undefined,
      cacheTimeoutMs: 250,
      throttleGiveUpMs: 300_000,
      awsMaxAttempts: 6,
    });
    expect(c.fixturesDir).toMatch(/\/fixtures$/);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it("takes the command line over the environment over the default", () => {
    expect(loadConfig([], { SPACEONE_PORT: "6000" }).port).toBe(6000);
    expect(loadConfig(["--port", "7000"], { SPACEONE_PORT: "6000" }).port).toBe(7000);
    expect(loadConfig(["--port=7001"], {}).port).toBe(7001);
    expect(loadConfig([], { SPACEONE_WORKER: "8" }).workers).toBe(8);
    expect(loadConfig([], { CORS_ORIGINS: "https://a.example, http://localhost:5173" }).corsOrigins).toEqual(["https://a.example", "http://localhost:5173"]);
    expect(loadConfig([], { COMPRESSION: "gzip" }).compression).toEqual(["gzip"]);
    expect(loadConfig([], { COLLECTOR_PER_ITEM_ENRICHMENT: "false" }).perItemEnrichment).toBe(false);
    expect(loadConfig([], { COLLECTOR_CACHE_URL: "redis://:s3cret@cache.internal:6379/2" }).cacheUrl).toBe("redis://:s3cret@cache.internal:6379/2");
    expect(loadConfig(["--cache-url", "file:///var/cache/collector"], {}).cacheUrl).toBe("file:///var/cache/collector");
    expect(loadConfig([], { COLLECTOR_CACHE_URL: " " }).cacheUrl).toBeUndefined();
  });

  it("turns replay and the console on in --demo and points AWS at the server's own replay once the port is known", () => {
    const demo = loadConfig(["--demo"], {});
    expect(demo.replayEnabled).toBe(true);
    expect(demo.consoleEnabled).toBe(true);
    expect(loadConfig(["--console"], {}).consoleEnabled).toBe(true);
    expect(loadConfig([], { CONSOLE_ENABLED: "true" }).consoleEnabled).toBe(true);
    expect(withBoundPort(demo, 4321).awsEndpointUrl).toBe("http://127.0.0.1:4321/replay/demo");
    expect(withBoundPort(loadConfig([], {}), 4321).awsEndpointUrl).toBeUndefined();
    expect(withBoundPort(loadConfig(["--demo", "--host", "10.1.2.3"], {}), 4321).awsEndpointUrl).toBe("http://10.1.2.3:4321/replay/demo");
    expect(withBoundPort(loadConfig(["--demo", "--host", "::1"], {}), 4321).awsEndpointUrl).toBe("http://[::1]:4321/replay/demo");
    const explicit = loadConfig(["--demo", "--aws-endpoint-url", "http://aws.internal:4566"], {});
    expect(withBoundPort(explicit, 4321).awsEndpointUrl).toBe("http://aws.internal:4566");
  });

  it("reads --flag value, --flag=value, bare booleans and --flag=false for booleans; --help is not a setting", () => {
    const c = loadConfig(
      ["--workers", "3", "--host=127.0.0.1", "--demo", "--allow-endpoint-override=false", "--per-item-enrichment", "off", "--help", "-h"],
      {},
    );
    expect(c).toMatchObject({ workers: 3, host: "127.0.0.1", demo: true, replayEnabled: true, allowEndpointOverride: false, perItemEnrichment: false });
    // A value that looks like a flag is still the value (and then fails as one).
    expect(() => loadConfig(["--port", "--demo"], {})).toThrow('--port: expected an integer from 0 to 65535, got "--demo"');
    expect(wantsHelp(["--port", "1", "-h"])).toBe(true);
    expect(wantsHelp(["--port", "1"])).toBe(false);
  });

  it.each([
    [["--port", "70000"], {}, /--port: expected an integer from 0 to 65535/],
    [[], { SPACEONE_PORT: "abc" }, /SPACEONE_PORT: expected an integer/],
    [["--bogus"], {}, /unknown argument "--bogus"/],
    [["--bogus=1"], {}, /^unknown argument "--bogus=1" \(see --help\)$/],
    [["-p", "1"], {}, /unknown argument "-p"/],
    [["50051"], {}, /unknown argument "50051"/],
    [["--", "--port", "1"], {}, /unknown argument "--"/],
    [["--per-item-enrichment"], {}, /^--per-item-enrichment needs a value$/],
    [["--port"], {}, /--port needs a value/],
    [[], { CORS_ORIGINS: "https://a.example/path" }, /not an origin/],
    [[], { COMPRESSION: "zstd" }, /unknown compression "zstd"/],
    [[], { COLLECTOR_AWS_ENDPOINT_URL: "ftp://x" }, /expected an http\(s\) URL/],
    [[], { REPLAY_ENABLED: "maybe" }, /expected true or false/],
    [
      [],
      { COLLECTOR_CACHE_URL: "memcached://cache:11211" },
      /^COLLECTOR_CACHE_URL: expected file:\/\/\/directory or redis:\/\/host:port\[\/db\] \(got a memcached: URL\)$/,
    ],
    [[], { COLLECTOR_CACHE_URL: "file://relative/dir" }, /expected file:\/\/\/absolute\/directory/],
    [[], { COLLECTOR_CACHE_URL: "/var/cache/collector" }, /not a URL/],
    // A Redis password never appears in the message.
    [[], { COLLECTOR_CACHE_URL: "rediss://:s3cret@/0" }, /^(?!.*s3cret)COLLECTOR_CACHE_URL: .* not a URL$/],
    [[], { COLLECTOR_CACHE_URL: "http://:s3cret@cache:6379" }, /^(?!.*s3cret)COLLECTOR_CACHE_URL: expected file/],
    [[], { COLLECTOR_THROTTLE_GIVE_UP_MS: "10" }, /expected an integer from 1000/],
  ] as const)("rejects %j %j with a clear message", (argv, env, message) => {
    expect(() => loadConfig(argv, env)).toThrow(ConfigError);
    expect(() => loadConfig(argv, env)).toThrow(message);
  });

  it("documents every setting in --help", () => {
    const help = configHelp().split("\n");
    for (const names of [
      "--port <value>, SPACEONE_PORT",
      "--host <value>, SPACEONE_HOST",
      "--workers <value>, SPACEONE_WORKER",
      "--max-request-bytes <value>, MAX_REQUEST_BYTES",
      "--cors-origins <value>, CORS_ORIGINS",
      "--shutdown-grace-ms <value>, SHUTDOWN_GRACE_MS",
      "--sniff-timeout-ms <value>, SNIFF_TIMEOUT_MS",
      "--compression <value>, COMPRESSION",
      "--log-level <value>, LOG_LEVEL",
      "--demo",
      "--replay, REPLAY_ENABLED",
      "--console, CONSOLE_ENABLED",
      "--fixtures-dir <value>, FIXTURES_DIR",
      "--aws-endpoint-url <value>, COLLECTOR_AWS_ENDPOINT_URL",
      "--allow-endpoint-override, COLLECTOR_ALLOW_ENDPOINT_OVERRIDE",
      "--per-item-enrichment <value>, COLLECTOR_PER_ITEM_ENRICHMENT",
      "--per-item-cache-ttl-ms <value>, COLLECTOR_PER_ITEM_CACHE_TTL_MS",
      "--cache-url <value>, COLLECTOR_CACHE_URL",
      "--cache-timeout-ms <value>, COLLECTOR_CACHE_TIMEOUT_MS",
      "--throttle-give-up-ms <value>, COLLECTOR_THROTTLE_GIVE_UP_MS",
      "--aws-max-attempts <value>, COLLECTOR_AWS_MAX_ATTEMPTS",
    ]) {
      const at = help.indexOf(`  ${names}`);
      expect(at, names).toBeGreaterThanOrEqual(0);
      // Each setting: its names, a description, its default.
      expect(help[at + 1]).toMatch(/^ {6}\S/);
      expect(help[at + 2]).toMatch(/^ {6}default: \S/);
    }
    expect(help).toContain("      default: 50051");
    expect(help).toContain("      default: 4194304 (4 MiB)");
  });
});
