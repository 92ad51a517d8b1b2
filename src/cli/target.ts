/**
 * Where the RPC commands send their calls: a running server at any address
 * (`--endpoint`, gRPC or Connect), or, with `--fixture <set>`, this process:
 * the fixture replay on an ephemeral loopback port, the real engine pointed at
 * it, and the plugin's own services behind Connect's in-memory router
 * transport with the server's error mapping. No handler logic is repeated
 * here. Heavy modules load only once a command needs them.
 */
import type { Transport } from "@connectrpc/connect";
import type { JsonObject } from "../common/json.js";
import { isLogLevel } from "../common/log.js";
import { jsonObjectFlag, jsonObjectOptions, stringFlag, UsageError, type OptionSpec, type Parsed } from "./args.js";

export const TARGET_OPTIONS: OptionSpec = {
  endpoint: { type: "string" },
  protocol: { type: "string" },
  fixture: { type: "string" },
  "fixtures-dir": { type: "string" },
  account: { type: "string" },
  "log-level": { type: "string" },
  ...jsonObjectOptions("options"),
};

export const TARGET_HELP = `Where to call (one of):
  --endpoint URL         a running server (default http://127.0.0.1:50051)
    --protocol P         grpc (default; also the Python plugin) or connect
  --fixture SET          no server: this process, against the replay of fixture set SET
    --fixtures-dir DIR   where the sets are (default: the repository's fixtures/, or FIXTURES_DIR)
    --account ID         whose keys are the default secret (default: the set's first account)
    --log-level L        log lines of the engine and the replay on stderr: debug, info, warn, error
                         (default: none)
Request:
  --options JSON | --options-file FILE     collector options (default {})`;

export const SECRET_HELP = `  --secret JSON | --secret-file FILE      secret_data (default with --fixture: the account's keys)`;

export interface Target {
  transport: Transport;
  /** With `--fixture`: the chosen account's access keys. */
  defaultSecret?: JsonObject;
  close(): Promise<void>;
}

const DEFAULT_ENDPOINT = "http://127.0.0.1:50051";

export function openTarget(values: Parsed["values"]): Promise<Target> {
  const fixture = stringFlag(values, "fixture");
  if (fixture !== undefined) {
    for (const remote of ["endpoint", "protocol"]) if (values[remote] !== undefined) throw new UsageError(`--${remote} and --fixture exclude each other`);
    return inProcess(values, fixture);
  }
  for (const local of ["fixtures-dir", "account", "log-level"]) if (values[local] !== undefined) throw new UsageError(`--${local} needs --fixture`);
  return remote(values);
}

async function remote(values: Parsed["values"]): Promise<Target> {
  const endpoint = stringFlag(values, "endpoint") ?? DEFAULT_ENDPOINT;
  if (!/^https?:\/\/[^/]/.test(endpoint)) throw new UsageError(`--endpoint must be an http:// or https:// URL, got "${endpoint}"`);
  const protocol = stringFlag(values, "protocol") ?? "grpc";
  const { createConnectTransport, createGrpcTransport } = await import("@connectrpc/connect-node");
  switch (protocol) {
    case "grpc":
      return { transport: createGrpcTransport({ baseUrl: endpoint }), close: async () => {} };
    case "connect":
      return { transport: createConnectTransport({ baseUrl: endpoint, httpVersion: "1.1", useBinaryFormat: true }), close: async () => {} };
    default:
      throw new UsageError(`--protocol must be grpc or connect, got "${protocol}"`);
  }
}

async function inProcess(values: Parsed["values"], setName: string): Promise<Target> {
  const level = stringFlag(values, "log-level");
  if (level !== undefined && !isLogLevel(level)) throw new UsageError(`--log-level must be debug, info, warn or error, got "${level}"`);
  const [{ loadConfig }, { createLogger }, { FixtureStore }] = await Promise.all([
    import("../common/config.js"),
    import("../common/log.js"),
    import("../replay/fixture-store.js"),
  ]);
  const fixturesDir = stringFlag(values, "fixtures-dir") ?? loadConfig([], process.env).fixturesDir;
  const set = new FixtureStore(fixturesDir).get(setName);
  if (!set) throw new UsageError(`no fixture set "${setName}" under ${fixturesDir}`);
  const accountId = stringFlag(values, "account");
  const account = accountId === undefined ? set.definition.accounts[0] : set.definition.accounts.find((a) => a.accountId === accountId);
  if (!account) throw new UsageError(`fixture set "${setName}" has no account ${accountId}`);
  const user = account.users[0];
  // stderr is the user's: engine and replay log lines only when asked for (what went wrong is in the records or the error).
  const logger = level === undefined ? createLogger({ write: () => {} }) : createLogger({ level });
  // The SDK's Node-version note goes to the process log: without --log-level, keep it off stderr too.
  if (level === undefined) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

  const [{ createReplayRoutes }, { serve }, { Hono }, { createEngine }, { pluginServices }, { errorInterceptor }, { createRouterTransport }] =
    await Promise.all([
      import("../replay/index.js"),
      import("@hono/node-server"),
      import("hono"),
      import("../engine/index.js"),
      import("../plugin/services.js"),
      import("../server/interceptors/error-mapping.js"),
      import("@connectrpc/connect"),
    ]);
  const app = new Hono().route("/replay", createReplayRoutes({ fixturesDir, logger }));
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => resolve({ server, port: info.port }));
  });
  const engine = createEngine({ endpointUrl: `http://127.0.0.1:${port}/replay/${setName}`, log: logger.child({ component: "engine" }) });
  const services = pluginServices(engine);
  const transport = createRouterTransport(
    (router) => {
      for (const service of services) service.register(router);
    },
    { router: { interceptors: [errorInterceptor({ logger })] } },
  );
  return {
    transport,
    defaultSecret: user && { aws_access_key_id: user.accessKeyId, aws_secret_access_key: user.secretAccessKey },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
}

/** The `--options` object (default `{}`). */
export function optionsOf(values: Parsed["values"]): JsonObject {
  return jsonObjectFlag(values, "options") ?? {};
}

/** The `--secret` object, else the target's default; a usage error when there is neither. */
export function secretOf(values: Parsed["values"], target: Target): JsonObject {
  const secret = jsonObjectFlag(values, "secret") ?? target.defaultSecret;
  if (!secret) throw new UsageError("give --secret or --secret-file (or --fixture SET for its keys)");
  return secret;
}
