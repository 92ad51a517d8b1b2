/**
 * Required-parameter checks shared by the handlers: the Python SDK's pydantic
 * models require these Structs and answer a missing one with
 * `ERROR_REQUIRED_PARAMETER: Required parameter. (key = <name>)`. A present
 * Struct is always an object, so type checks of nested values are the engine's.
 */
import { requiredParameter } from "../common/errors.js";
import type { JsonObject } from "../common/json.js";

/** `value`, or `ERROR_REQUIRED_PARAMETER` naming the proto field `key` when absent. */
export function required(value: JsonObject | undefined, key: string): JsonObject {
  if (value === undefined) throw requiredParameter(key);
  return value;
}
