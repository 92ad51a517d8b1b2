/**
 * What the server tells the console page (`GET /console/settings.json`): whether
 * it runs the demo, and the request fields the forms start with. Shared by the
 * server's route (which writes it; a type-only import, nothing of the page runs
 * on the server) and the page (which reads it).
 */
import type { JsonObject } from "@bufbuild/protobuf";

/** Request fields the console's forms start with. */
export interface ConsoleDefaults {
  options?: JsonObject;
  secretData?: JsonObject;
  /** Absent: `collect` plans every task itself. */
  taskOptions?: JsonObject;
}

export interface ConsoleSettings {
  /** The server runs `--demo` (AWS calls go to its own fixture replay). */
  demo: boolean;
  defaults?: ConsoleDefaults;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The settings from an untrusted JSON value: unknown or mistyped fields are dropped. */
export function readSettings(value: unknown): ConsoleSettings {
  if (!isObject(value)) return { demo: false };
  const defaults: ConsoleDefaults = {};
  if (isObject(value.defaults)) {
    for (const key of ["options", "secretData", "taskOptions"] as const) {
      const field = value.defaults[key];
      if (isObject(field)) defaults[key] = field;
    }
  }
  return { demo: value.demo === true, defaults };
}
