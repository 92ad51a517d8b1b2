/**
 * Request envelope checks shared by the handlers: the Python SDK's pydantic
 * models require these Structs and answer a missing one with
 * `ERROR_REQUIRED_PARAMETER: Required parameter. (key = <name>)`. A present
 * Struct is always an object, so type checks of nested values are the engine's.
 */
import { PluginError, requiredParameter } from "../common/errors.js";
import type { JsonObject } from "../common/json.js";

/** `value`, or `ERROR_REQUIRED_PARAMETER` naming the proto field `key` when absent. */
export function required(value: JsonObject | undefined, key: string): JsonObject {
  if (value === undefined) throw requiredParameter(key);
  return value;
}

/** The error a handler throws when its call was aborted: never end an aborted stream with OK. */
export function abortError(signal: AbortSignal): unknown {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new PluginError("ERROR_CANCELLED", "The request was cancelled.", "CANCELLED");
}
