/**
 * The one configuration table. Every setting has a name, an environment
 * variable, an optional command-line flag, a default and a parser; the result is
 * a typed, frozen `Config`. Precedence: command line, then environment, then
 * default. `--help` prints this table (see `configHelp`).
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import {
  boolean,
  compressionList,
  ConfigError,
  defaultFixturesDir,
  integer,
  logLevel,
  optionalText,
  optionalUrl,
  originList,
  readableFile,
  cacheUrl,
  text,
  type CompressionName,
  type Setting,
} from "./config-values.js";
import { helpText, markdownTable, settingRows, type ConfigRow } from "./config-text.js";

export { ConfigError, type CompressionName } from "./config-values.js";

const MiB = 1024 * 1024;

/** AWS SDK attempts per call, retries included: the one default (the engine falls back to it too). */
export const DEFAULT_AWS_MAX_ATTEMPTS = 6;
/** Per attempt of an AWS call: the longest wait for the TCP connection. */
export const DEFAULT_AWS_CONNECT_TIMEOUT_MS = 5_000;
/** Per attempt of an AWS call: the longest wait for the response, and silence while it arrives (botocore's read timeout). */
export const DEFAULT_AWS_RESPONSE_TIMEOUT_MS = 60_000;

const SETTINGS = {
  port: {
    env: "SPACEONE_PORT",
    flag: "--port",
    default: 50051,
    parse: integer(0, 65535),
    description: "TCP port for gRPC, gRPC-Web, Connect and the HTTP routes (0 = any free port).",
  },
  host: {
    env: "SPACEONE_HOST",
    flag: "--host",
    default: "::",
    parse: text,
    description: 'Bind address. "::" listens on all interfaces (falls back to 0.0.0.0 without IPv6).',
  },
  workers: {
    env: "SPACEONE_WORKER",
    flag: "--workers",
    default: 100,
    parse: integer(1, 100_000),
    description: "Maximum RPCs handled at once; further calls wait for a free slot (like the Python plugin's thread pool).",
  },
  maxRequestBytes: {
    env: "MAX_REQUEST_BYTES",
    flag: "--max-request-bytes",
    default: 4 * MiB,
    defaultText: "4194304 (4 MiB)",
    parse: integer(1024, 1024 * MiB),
    description: "Largest request message accepted; bigger ones get RESOURCE_EXHAUSTED `ERROR_REQUEST_TOO_LARGE`.",
  },
  corsOrigins: {
    env: "CORS_ORIGINS",
    flag: "--cors-origins",
    default: [] as string[],
    defaultText: "(none: same-origin only)",
    parse: originList,
    description: 'Comma-separated browser origins allowed to call gRPC-Web/Connect and the HTTP routes, or "*".',
  },
  shutdownGraceMs: {
    env: "SHUTDOWN_GRACE_MS",
    flag: "--shutdown-grace-ms",
    default: 10_000,
    parse: integer(0, 3_600_000),
    description: "On SIGTERM/SIGINT, how long in-flight calls may run before they are aborted.",
  },
  sniffTimeoutMs: {
    env: "SNIFF_TIMEOUT_MS",
    flag: "--sniff-timeout-ms",
    default: 10_000,
    parse: integer(100, 600_000),
    description: "A connection that has not shown its protocol (HTTP/1.1 or HTTP/2) within this time is closed.",
  },
  http1RequestTimeoutMs: {
    env: "HTTP1_REQUEST_TIMEOUT_MS",
    flag: "--http1-request-timeout-ms",
    default: 60_000,
    parse: integer(1000, 3_600_000),
    description:
      "An HTTP/1.1 request whose headers and body have not all arrived within this time gets 408 and its connection is closed (slow clients). HTTP/2 streams have no such limit.",
  },
  compression: {
    env: "COMPRESSION",
    flag: "--compression",
    default: [] as CompressionName[],
    defaultText: "off",
    parse: compressionList,
    description: "Response compression offered to clients: off, gzip, br or gzip,br. Off saves about half the server CPU in-cluster.",
  },
  logLevel: {
    env: "LOG_LEVEL",
    flag: "--log-level",
    default: "info",
    parse: logLevel,
    description: "debug, info, warn or error.",
  },
  demo: {
    flag: "--demo",
    default: false,
    boolean: true,
    parse: boolean,
    description: "Zero-configuration demo: turns replay and the console on and sends all AWS calls to this server's own /replay/demo.",
  },
  replayEnabled: {
    env: "REPLAY_ENABLED",
    flag: "--replay",
    default: false,
    boolean: true,
    parse: boolean,
    description: "Serve the AWS fixture replay under /replay/<set>/ (off in production).",
  },
  consoleEnabled: {
    env: "CONSOLE_ENABLED",
    flag: "--console",
    default: false,
    boolean: true,
    parse: boolean,
    description: "Serve the browser console at / (init, verify, get_tasks and collect from a browser over gRPC-Web; on in --demo).",
  },
  fixturesDir: {
    env: "FIXTURES_DIR",
    flag: "--fixtures-dir",
    default: defaultFixturesDir(),
    defaultText: "<repo>/fixtures",
    parse: text,
    description: "Directory holding one sub-directory per fixture set.",
  },
  awsEndpointUrl: {
    env: "COLLECTOR_AWS_ENDPOINT_URL",
    flag: "--aws-endpoint-url",
    default: undefined as string | undefined,
    defaultText: "(AWS; in --demo: http://127.0.0.1:<port>/replay/demo)",
    parse: optionalUrl,
    description: "Endpoint the server itself sends every AWS call to (an AWS-compatible endpoint or a replay).",
  },
  allowEndpointOverride: {
    env: "COLLECTOR_ALLOW_ENDPOINT_OVERRIDE",
    flag: "--allow-endpoint-override",
    default: false,
    boolean: true,
    parse: boolean,
    description: "Let collector options choose the AWS endpoint. Off: a Cloudforet user cannot send signed requests to an arbitrary host.",
  },
  perItemEnrichment: {
    env: "COLLECTOR_PER_ITEM_ENRICHMENT",
    flag: "--per-item-enrichment",
    default: true,
    parse: boolean,
    description: "Make the per-item AWS calls (termination protection, launch permissions, ...).",
  },
  perItemCacheTtlMs: {
    env: "COLLECTOR_PER_ITEM_CACHE_TTL_MS",
    flag: "--per-item-cache-ttl-ms",
    default: 6 * 3_600_000,
    defaultText: "21600000 (6 h)",
    parse: integer(0, 7 * 24 * 3_600_000),
    description: "How long per-item results are reused while the item is unchanged (0 = no cache).",
  },
  cacheUrl: {
    env: "COLLECTOR_CACHE_URL",
    flag: "--cache-url",
    default: undefined as string | undefined,
    defaultText: "(this process only)",
    parse: cacheUrl,
    description:
      "Where per-item results are also kept: file:///dir (an LMDB file that survives restarts) or redis://[:password@]host:port[/db] (shared by every replica). A store that is down or slow only costs the calls it would have saved.",
  },
  cacheTimeoutMs: {
    env: "COLLECTOR_CACHE_TIMEOUT_MS",
    flag: "--cache-timeout-ms",
    default: 250,
    parse: integer(1, 60_000),
    description: "Longest wait for one request to the cache store; after 3 failures in a row it is left alone for 10 s (the per-item calls are made).",
  },
  throttleGiveUpMs: {
    env: "COLLECTOR_THROTTLE_GIVE_UP_MS",
    flag: "--throttle-give-up-ms",
    default: 300_000,
    defaultText: "300000 (5 min)",
    parse: integer(1_000, 24 * 3_600_000),
    description: "Throttled calls are paced down and sent again; an API that answers nothing but throttling for this long fails its calls.",
  },
  awsMaxAttempts: {
    env: "COLLECTOR_AWS_MAX_ATTEMPTS",
    flag: "--aws-max-attempts",
    default: DEFAULT_AWS_MAX_ATTEMPTS,
    parse: integer(1, 20),
    description: "Attempts per AWS call, retries included.",
  },
  awsConnectTimeoutMs: {
    env: "COLLECTOR_AWS_CONNECT_TIMEOUT_MS",
    flag: "--aws-connect-timeout-ms",
    default: DEFAULT_AWS_CONNECT_TIMEOUT_MS,
    parse: integer(1, 600_000),
    description: "Per attempt of an AWS call: longest wait for the TCP connection. A timeout is retried like other transient failures.",
  },
  awsResponseTimeoutMs: {
    env: "COLLECTOR_AWS_RESPONSE_TIMEOUT_MS",
    flag: "--aws-response-timeout-ms",
    default: DEFAULT_AWS_RESPONSE_TIMEOUT_MS,
    parse: integer(1, 3_600_000),
    description: "Per attempt of an AWS call: longest wait for the response, and longest silence while it arrives. Retried like other transient failures.",
  },
  awsCaBundle: {
    env: "AWS_CA_BUNDLE",
    flag: "--aws-ca-bundle",
    default: undefined as string | undefined,
    defaultText: "(none: Node's CA certificates)",
    parse: readableFile,
    description: "PEM file of CA certificates trusted for AWS calls besides Node's own (a TLS-inspecting proxy's CA), as in botocore.",
  },
  upstream: {
    env: "GATEWAY_UPSTREAM",
    flag: "--upstream",
    default: undefined as string | undefined,
    defaultText: "(none: serve this plugin)",
    parse: optionalText,
    description: "Gateway mode: serve the plugin at this host:port (any language; discovered through its reflection) instead of this one's engine.",
  },
  shadow: {
    env: "SHADOW_PLUGIN",
    flag: "--shadow",
    default: undefined as string | undefined,
    defaultText: "(none)",
    parse: optionalText,
    description: "Shadow mode: send each init, get_tasks and collect to the plugin at this host:port too and compare its answers (never changes ours).",
  },
  shadowKnown: {
    env: "SHADOW_KNOWN_DIFFERENCES",
    flag: "--shadow-known",
    default: undefined as string | undefined,
    defaultText: "(none)",
    parse: readableFile,
    description: "JSON file of deliberate differences (known-differences format), reported apart from the others.",
  },
  shadowTimeoutMs: {
    env: "SHADOW_TIMEOUT_MS",
    flag: "--shadow-timeout-ms",
    default: 1_800_000,
    defaultText: "1800000 (30 min)",
    parse: integer(100, 24 * 3_600_000),
    description: "Deadline of each shadow collect stream (init and get_tasks: at most 180 s); a shadow past it counts as timed out.",
  },
  shadowConcurrency: {
    env: "SHADOW_CONCURRENCY",
    flag: "--shadow-concurrency",
    default: 4,
    parse: integer(1, 1000),
    description: "Shadow calls at once; a call arriving while all are busy is answered as always and not compared (counted as skipped).",
  },
  shadowBufferBytes: {
    env: "SHADOW_BUFFER_BYTES",
    flag: "--shadow-buffer-bytes",
    default: 64 * MiB,
    defaultText: "67108864 (64 MiB)",
    parse: integer(MiB, 64 * 1024 * MiB),
    description: "Records held for comparison, in all (JSON bytes; a record is dropped once matched); a comparison that needs more is abandoned.",
  },
} satisfies Record<string, Setting<unknown>>;

type Settings = typeof SETTINGS;
export type ConfigKey = keyof Settings;
export type Config = Readonly<{ [K in ConfigKey]: ReturnType<Settings[K]["parse"]> }>;

const table = SETTINGS as Record<ConfigKey, Setting<unknown>>;

/** Each flag's name for `node:util.parseArgs` (`--port` → `port`) and its setting. */
const KEY_BY_FLAG = new Map((Object.keys(table) as ConfigKey[]).flatMap((key) => (table[key].flag ? [[table[key].flag.slice(2), key] as const] : [])));
const ARG_OPTIONS: ParseArgsConfig["options"] = { help: { type: "boolean", short: "h" } };
for (const [name, key] of KEY_BY_FLAG) ARG_OPTIONS[name] = { type: table[key].boolean ? "boolean" : "string" };

/**
 * The raw value of every setting given on the command line: `--flag value`,
 * `--flag=value`, and bare booleans (`--demo`) or `--demo=false`. parseArgs runs
 * non-strict so that every mistake is reported here, in the table's terms.
 */
function commandLineValues(argv: readonly string[]): Partial<Record<ConfigKey, string>> {
  const { tokens } = parseArgs({ args: [...argv], options: ARG_OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const values: Partial<Record<ConfigKey, string>> = {};
  for (const token of tokens) {
    if (token.kind === "option" && token.name === "help") continue;
    const key = token.kind === "option" ? KEY_BY_FLAG.get(token.name) : undefined;
    if (token.kind !== "option" || !key) throw new ConfigError(`unknown argument "${argv[token.index]}" (see --help)`);
    if (token.value !== undefined) values[key] = token.value;
    else if (table[key].boolean) values[key] = "true";
    else throw new ConfigError(`${token.rawName} needs a value`);
  }
  return values;
}

/** Whether the command line asks for `--help`. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes("--help") || argv.includes("-h");
}

/**
 * Builds the configuration from command-line arguments (without `node` and the
 * script) and environment. Throws `ConfigError` with a one-line explanation.
 */
export function loadConfig(argv: readonly string[] = [], env: NodeJS.ProcessEnv = {}): Config {
  const values = commandLineValues(argv);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(table) as ConfigKey[]) {
    const setting = table[key];
    const fromFlag = values[key];
    const fromEnv = setting.env ? env[setting.env] : undefined;
    if (fromFlag !== undefined) out[key] = setting.parse(fromFlag, setting.flag!);
    else if (fromEnv !== undefined && fromEnv !== "") out[key] = setting.parse(fromEnv, setting.env!);
    else out[key] = setting.default;
  }
  if (out.demo) out.replayEnabled = true;
  if (out.demo) out.consoleEnabled = true;
  return Object.freeze(out) as Config;
}

/**
 * The configuration once the port is bound: in demo mode without an explicit
 * AWS endpoint, AWS calls go to this server's own replay of the `demo` set.
 */
export function withBoundPort(config: Config, port: number): Config {
  if (!config.demo || config.awsEndpointUrl !== undefined) return config;
  const host = ownAddress(config.host);
  return Object.freeze({ ...config, awsEndpointUrl: `http://${host.includes(":") ? `[${host}]` : host}:${port}/replay/demo` });
}

/** Where this process reaches a server bound to `host`: a wildcard bind on loopback, a specific address only on itself. */
export const ownAddress = (host: string): string => (host === "::" || host === "0.0.0.0" || host === "" ? "127.0.0.1" : host);

/** One row per setting: name, environment variable, flag, default, description. */
export const configRows = (): Array<ConfigRow<ConfigKey>> => settingRows(table);
/** The `--help` text. */
export const configHelp = (): string => helpText(table);
/** The README's configuration table (a test keeps README.md in step with this). */
export const configMarkdownTable = (): string => markdownTable(configRows());
