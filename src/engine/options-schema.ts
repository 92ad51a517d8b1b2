/**
 * The collector options form: `Collector.init` returns `COLLECTOR_OPTIONS_SCHEMA` as
 * `metadata.options_schema`, and Cloudforet's console renders it when a collector is created or its options
 * are edited (docs/contract.md#init-metadata). It is also the one list of the option keys `parseOptions`
 * (options.ts) reads: the parser reads options only through `OptionKey`, and options-schema.test.ts checks
 * that both sides name the same keys and accept the same values.
 *
 * Kept to what the console's form renders: `type` string, integer, array (of strings, with `items.enum` for
 * choices) or object, `enum` on strings (a drop-down), `title` (the label), `examples[0]` (the placeholder),
 * `default` (pre-filled, and then sent), `order`; it has no widget for booleans, so the on/off option is a
 * string choice. Nothing is imported: `init` answers from this module before the engine and the AWS SDK load.
 */
import type { JsonObject } from "../common/json.js";

/** The cloud service groups this plugin collects. */
export const SERVICES = ["EC2"] as const;

/** The options the form offers, each with its JSON Schema. */
const FORM_OPTIONS = {
  region_filter: {
    title: "Regions",
    description: "Collect only these regions: codes of regions enabled in the account. Empty: every enabled region.",
    type: "array",
    items: { type: "string" },
    examples: [["us-east-1", "ap-northeast-2"]],
  },
  vulnerable_ports: {
    title: "Vulnerable ports",
    description:
      "Comma-separated port numbers. Inbound security-group rules that expose one of them are marked (data.ip_permissions.vulnerable_ports, detected_vulnerable_ports).",
    type: "string",
    pattern: "^\\s*\\d+\\s*(,\\s*\\d+\\s*)*$",
    examples: ["22,3306,3389"],
  },
  per_item_enrichment: {
    title: "Per-item enrichment",
    description:
      'The per-item AWS calls: termination protection, volume product codes, image launch permissions. "false" skips them and sends those fields as null (for very large accounts). Not set: the server\'s COLLECTOR_PER_ITEM_ENRICHMENT (on by default).',
    type: "string",
    enum: ["true", "false"],
  },
  service_filter: {
    title: "Services",
    description: "Cloud service groups to collect; this plugin collects EC2 only.",
    type: "array",
    items: { type: "string", enum: [...SERVICES] },
    default: [...SERVICES],
  },
} satisfies Record<string, JsonObject>;

export type FormOptionKey = keyof typeof FORM_OPTIONS;

/**
 * Read by `parseOptions` but not offered in the form: refused unless the server runs with
 * `COLLECTOR_ALLOW_ENDPOINT_OVERRIDE=true` (a lab setting), so a field would lead nearly every user into an error.
 */
export const OPTIONS_OUTSIDE_FORM = ["endpoint_url"] as const;

/** Every option key `parseOptions` may read. */
export type OptionKey = FormOptionKey | (typeof OPTIONS_OUTSIDE_FORM)[number];

/** The `options_schema` of the init metadata (a fresh copy per caller: `pluginMetadata` clones it). */
export const COLLECTOR_OPTIONS_SCHEMA: Readonly<JsonObject> = Object.freeze({
  type: "object",
  // The console sorts fields by title unless told.
  order: Object.keys(FORM_OPTIONS),
  properties: FORM_OPTIONS,
});
