/**
 * `Collector.init` metadata: exactly the five keys the Python SDK keeps (docs/contract.md#init-metadata),
 * with the Python AWS plugin's values except `options_schema`, the engine's options form.
 * `collector_rules` and `concurrency` are deliberately absent: the Python plugin
 * could not send them and they would change platform behaviour.
 */
import type { JsonObject } from "../common/json.js";
import { COLLECTOR_OPTIONS_SCHEMA } from "../engine/api.js";

export const PLUGIN_METADATA: Readonly<JsonObject> = Object.freeze({
  supported_resource_type: ["inventory.CloudService", "inventory.CloudServiceType", "inventory.Region", "inventory.ErrorResource"],
  supported_schedules: ["hours"],
  supported_features: ["garbage_collection"],
  filter_format: [],
  options_schema: COLLECTOR_OPTIONS_SCHEMA,
});

/** A fresh copy, so no caller can mutate the shared answer. */
export function pluginMetadata(): JsonObject {
  return structuredClone(PLUGIN_METADATA);
}
