import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { isPluginError } from "../common/errors.js";
import type { JsonObject, JsonValue } from "../common/json.js";
import { COLLECTOR_OPTIONS_SCHEMA, OPTIONS_OUTSIDE_FORM } from "./options-schema.js";
import { parseOptions } from "./options.js";

const schema = COLLECTOR_OPTIONS_SCHEMA as { order: string[]; properties: Record<string, Record<string, JsonValue>> };
const formKeys = Object.keys(schema.properties);

// Strict mode: no keyword ajv does not know, except `order`, the console's field order.
const ajv = new Ajv({ strict: true, allErrors: true });
ajv.addKeyword("order");
const validate = ajv.compile(COLLECTOR_OPTIONS_SCHEMA);

/** What the parser makes of `options` ("accepted" or the error code), with the endpoint override allowed (only the form's values are under test). */
function parse(options: JsonObject): string {
  try {
    parseOptions(options, { allowEndpointOverride: true });
    return "accepted";
  } catch (err) {
    if (!isPluginError(err)) throw err;
    expect(err.status).toBe("INVALID_ARGUMENT");
    return err.code;
  }
}

/** The keys `parseOptions` reads from `options`. */
function keysReadByParser(): string[] {
  const read = new Set<string>();
  const spy = new Proxy<JsonObject>({}, { get: (_, key) => (typeof key === "string" && read.add(key), undefined) });
  parseOptions(spy, { allowEndpointOverride: true });
  return [...read].sort();
}

describe("the options form and the options parser", () => {
  it("name the same keys: the form's, plus only the options it leaves out on purpose", () => {
    expect(keysReadByParser()).toEqual([...formKeys, ...OPTIONS_OUTSIDE_FORM].sort());
    expect(formKeys.filter((k) => (OPTIONS_OUTSIDE_FORM as readonly string[]).includes(k))).toEqual([]);
    expect(schema.order).toEqual(formKeys);
  });

  it("the README names the same options", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const paragraph = /Collector `options`: ([\s\S]*?)\n\n/.exec(readme)![1]!;
    const named = [...paragraph.matchAll(/`([a-z_]+)` \(/g)].map((m) => m[1]);
    expect(named.sort()).toEqual([...formKeys, ...OPTIONS_OUTSIDE_FORM].sort());
  });

  it("every field is one the console's form renders, with a label and a description", () => {
    for (const [key, property] of Object.entries(schema.properties)) {
      expect(property.title, key).toMatch(/^[A-Z]/);
      expect(property.description, key).toMatch(/\.$/);
      // The console has text, number, drop-down and list widgets; a boolean would get a text box that never validates.
      expect(["string", "integer", "number", "array"], key).toContain(property.type);
      if (property.enum) expect(property.type, key).toBe("string");
      if (property.type === "array") expect((property.items as JsonObject).type, key).toBe("string");
    }
  });

  const accepted: JsonObject[] = [
    // The demo's options (`npm start`, the console's prefilled form, every golden task).
    {},
    { region_filter: ["us-east-1"], vulnerable_ports: "22,3306", per_item_enrichment: "false", service_filter: ["EC2"] },
    { region_filter: [], vulnerable_ports: " 22 , 3389 ", per_item_enrichment: "true" },
    // Keys the parser ignores (sent by the platform or left from the Python plugin's collectors).
    { account_id: "111111111111", custom_asset_url: "https://example.com" },
    // The schema's own defaults and examples.
    ...Object.entries(schema.properties).flatMap(([key, p]) =>
      [...(p.default !== undefined ? [p.default] : []), ...((p.examples as JsonValue[] | undefined) ?? [])].map((v) => ({ [key]: v })),
    ),
  ];

  it.each(accepted.map((o) => [JSON.stringify(o), o] as const))("both accept %s", (_, options) => {
    expect(validate(options), JSON.stringify(validate.errors)).toBe(true);
    expect(parse(options)).toBe("accepted");
  });

  const rejected: Array<[JsonObject, string]> = [
    [{ region_filter: "us-east-1" }, "ERROR_INVALID_PARAMETER"],
    [{ region_filter: ["us-east-1", 1] }, "ERROR_INVALID_PARAMETER"],
    [{ service_filter: ["RDS"] }, "ERROR_INVALID_PARAMETER"],
    [{ service_filter: "EC2" }, "ERROR_INVALID_PARAMETER"],
    [{ vulnerable_ports: "22,ssh" }, "ERROR_VULNERABLE_PORTS"],
    [{ vulnerable_ports: "22;3306" }, "ERROR_VULNERABLE_PORTS"],
    [{ vulnerable_ports: ["22"] }, "ERROR_VULNERABLE_PORTS"],
    [{ per_item_enrichment: "no" }, "ERROR_INVALID_PARAMETER_TYPE"],
    [{ per_item_enrichment: 0 }, "ERROR_INVALID_PARAMETER_TYPE"],
  ];

  it.each(rejected.map(([o, code]) => [JSON.stringify(o), o, code] as const))("both refuse %s", (_, options, code) => {
    expect(validate(options)).toBe(false);
    expect(parse(options)).toBe(code);
  });

  // What API callers and stored collectors may send besides the form's values: the parser takes them too.
  const parserOnly: JsonObject[] = [
    { per_item_enrichment: false },
    { per_item_enrichment: true },
    { vulnerable_ports: 22 },
    ...formKeys.map((k) => ({ [k]: null })),
  ];

  it.each(parserOnly.map((o) => [JSON.stringify(o), o] as const))("the parser also accepts %s (outside the form)", (_, options) => {
    expect(validate(options)).toBe(false);
    expect(parse(options)).toBe("accepted");
  });

  it("the switch reads the form's strings and booleans alike", () => {
    const enrichment = (v: JsonValue) => parseOptions({ per_item_enrichment: v }, { allowEndpointOverride: false }).perItemEnrichment;
    expect([enrichment("false"), enrichment(false), enrichment("true"), enrichment(true), enrichment(null)]).toEqual([false, false, true, true, undefined]);
  });
});
