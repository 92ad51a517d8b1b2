/**
 * The collection engine's published API: what the Cloudforet RPC handlers
 * (`src/plugin/`) call. The engine owns this contract; the plugin consumes it. The handlers
 * validate the envelope (required Structs) and translate records to protobuf;
 * everything AWS-specific (secret keys, options, tasks) is the engine's.
 * Every method throws `PluginError` for bad input and honours `signal`.
 */
import type { JsonObject } from "../common/json.js";
import type { CollectedRecord } from "./records/record.js";

/**
 * The collector options as a JSON Schema form, for `Collector.init`'s `options_schema`. Its module imports
 * nothing, so the plugin can answer `init` before the engine and the AWS SDK are loaded.
 */
export { COLLECTOR_OPTIONS_SCHEMA } from "./options-schema.js";

/** What every call carries besides its request. */
export interface CallParams {
  /** The caller's W3C trace id (from `traceparent`): every engine log line of the call carries it as `trace_id`. */
  traceId?: string;
}

export interface VerifyParams extends CallParams {
  options: JsonObject;
  secretData: JsonObject;
}

export interface GetTasksParams extends CallParams {
  options: JsonObject;
  secretData: JsonObject;
}

export interface CollectParams extends CallParams {
  options: JsonObject;
  secretData: JsonObject;
  filter: JsonObject;
  /** Absent (not `{}`) when the platform's `get_tasks` failed or returned nothing. */
  taskOptions: JsonObject | undefined;
}

export interface EngineApi {
  verify(params: VerifyParams, signal: AbortSignal): Promise<void>;
  /** Each entry becomes one `TaskInfo.task_options`. Never resolves to an empty list: fails instead. */
  getTasks(params: GetTasksParams, signal: AbortSignal): Promise<JsonObject[]>;
  /** Records in emission order; must throw (never return) when aborted or incomplete. */
  collect(params: CollectParams, signal: AbortSignal): AsyncIterable<CollectedRecord>;
}

export type { CollectedRecord };
