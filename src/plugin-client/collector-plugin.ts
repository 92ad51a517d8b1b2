/**
 * A client of a Cloudforet collector plugin in any language, knowing only its
 * endpoint: discovered through v1alpha reflection, called over gRPC with the
 * plugin's reflected message types, requests shaped exactly as the inventory
 * sends them (docs/contract.md#calls-and-parameters), answers as the inventory
 * reads them (JSON with proto field names).
 */
import type { JsonObject } from "../common/json.js";
import { connectPlugin, type PluginConnection } from "./connection.js";
import { discoverPlugin, type PluginDescriptors } from "./discovery.js";
import { createDynamicClient, type CallOptions, type DynamicClient } from "./dynamic-client.js";
import { createReflectionClient, type ReflectionClient } from "./reflection-client.js";

/** The full names of the contract's services. */
export const CONTRACT_SERVICES = {
  collector: "spaceone.api.inventory.plugin.Collector",
  job: "spaceone.api.inventory.plugin.Job",
  serverInfo: "spaceone.api.core.v1.ServerInfo",
  health: "grpc.health.v1.Health",
} as const;

/** What the inventory sends with every call (a real user token only when the plugin service calls init or verify). */
const PLATFORM_HEADERS = { token: "NO_TOKEN" };

export interface CollectRequest {
  options: JsonObject;
  secretData: JsonObject;
  /** Left out when absent or empty, as the inventory does. */
  taskOptions?: JsonObject;
}

export interface CollectorPlugin {
  readonly connection: PluginConnection;
  readonly reflection: ReflectionClient;
  readonly descriptors: PluginDescriptors;
  readonly client: DynamicClient;
  /** `Collector.init`: the PluginInfo. */
  init(options: JsonObject, call?: CallOptions): Promise<JsonObject>;
  verify(options: JsonObject, secretData: JsonObject, call?: CallOptions): Promise<JsonObject>;
  /** `Job.get_tasks`: the TasksInfo. */
  getTasks(options: JsonObject, secretData: JsonObject, call?: CallOptions): Promise<JsonObject>;
  /** `Collector.collect`: each ResourceInfo as it arrives; the iteration throws the stream's error status. */
  collect(request: CollectRequest, call?: CallOptions): AsyncIterable<JsonObject>;
  healthCheck(service: string, call?: CallOptions): Promise<JsonObject>;
  getVersion(call?: CallOptions): Promise<JsonObject>;
  close(): void;
}

/**
 * Connects and discovers; rejects when `list_services` cannot be had (no plugin there, or no v1alpha reflection).
 * `reflectionTimeoutMs`: a deadline for each reflection request (default none, as on the platform).
 */
export async function openCollectorPlugin(endpoint: string, { reflectionTimeoutMs }: { reflectionTimeoutMs?: number } = {}): Promise<CollectorPlugin> {
  const connection = connectPlugin(endpoint);
  try {
    const reflection = createReflectionClient(connection.transport, { timeoutMs: reflectionTimeoutMs });
    const descriptors = await discoverPlugin(reflection);
    return collectorPlugin(connection, reflection, descriptors);
  } catch (err) {
    connection.close();
    throw err;
  }
}

function collectorPlugin(connection: PluginConnection, reflection: ReflectionClient, descriptors: PluginDescriptors): CollectorPlugin {
  const client = createDynamicClient(connection.transport, descriptors.registry);
  const withHeaders = (call: CallOptions = {}): CallOptions => ({ ...call, headers: { ...PLATFORM_HEADERS, ...call.headers } });
  const { collector, job, serverInfo, health } = CONTRACT_SERVICES;
  return {
    connection,
    reflection,
    descriptors,
    client,
    init: (options, call) => client.unary(collector, "init", { options }, withHeaders(call)),
    verify: (options, secretData, call) => client.unary(collector, "verify", { options, secret_data: secretData }, withHeaders(call)),
    getTasks: (options, secretData, call) => client.unary(job, "get_tasks", { options, secret_data: secretData }, withHeaders(call)),
    collect: ({ options, secretData, taskOptions }, call) =>
      client.serverStream(
        collector,
        "collect",
        { options, secret_data: secretData, filter: {}, ...(taskOptions && Object.keys(taskOptions).length > 0 ? { task_options: taskOptions } : {}) },
        withHeaders(call),
      ),
    healthCheck: (service, call) => client.unary(health, "Check", { service }, call),
    getVersion: (call) => client.unary(serverInfo, "get_version", {}, withHeaders(call)),
    close: () => connection.close(),
  };
}
