import { describe, expect, it } from "vitest";
import { readSettings } from "./settings.js";

describe("console settings", () => {
  it("keeps the known fields of the server's settings and drops the rest", () => {
    const defaults = { options: {}, secretData: { aws_access_key_id: "AKIAEXAMPLE" }, taskOptions: { region: "us-east-1" } };
    expect(readSettings({ demo: true, defaults })).toEqual({ demo: true, defaults });
    expect(readSettings({ demo: "yes", defaults: { options: [], secretData: "x", extra: {} } })).toEqual({ demo: false, defaults: {} });
    expect(readSettings(null)).toEqual({ demo: false });
  });
});
