/**
 * `secret_data` and collector `options` parsing (docs/records.md#credentials-and-options).
 * Every failure is a `PluginError` with Cloudforet's exact texts.
 */
import { textOf, type JsonObject, type JsonValue } from "../common/json.js";
import { PluginError, invalidParameter, invalidParameterType, requiredParameter } from "../common/errors.js";
import type { AwsSecret } from "./aws/credentials.js";
import { SERVICES, type OptionKey } from "./options-schema.js";

export interface CollectorOptions {
  services: string[];
  /** Regions asked for, unvalidated (tasks.ts checks them against DescribeRegions); null = all enabled regions. */
  regionFilter: string[] | null;
  vulnerablePorts: string[] | null;
  /** A user-requested endpoint (only when the server allows overrides). */
  endpointUrl: string | undefined;
  /** Collector-level switch for per-item enrichment; undefined = server default. */
  perItemEnrichment: boolean | undefined;
}

function optionalString(v: JsonValue | undefined, path: string): string | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string") throw invalidParameterType(path, "str");
  return v;
}

/** An IAM role ARN in any partition (`arn:aws:iam::123456789012:role/path/Name`). */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** An AWS region code (`us-east-1`, `us-gov-west-1`, `ap-southeast-4`); anything else never reaches an SDK client. */
const REGION_CODE = /^[a-z]{2}(-[a-z]+){1,3}-\d{1,2}$/;

/** `value` when it has the shape of an AWS region code, else `ERROR_INVALID_PARAMETER` naming `key`. */
export function regionCode(value: string, key: string): string {
  if (!REGION_CODE.test(value)) throw invalidParameter(key, "not an AWS region code");
  return value;
}

export function parseSecret(secretData: JsonObject): AwsSecret {
  const required = (key: string): string => {
    const v = secretData[key];
    if (v === undefined || v === null || v === "") throw requiredParameter(`secret_data.${key}`);
    if (typeof v !== "string") throw invalidParameterType(`secret_data.${key}`, "str");
    return v;
  };
  const secret: AwsSecret = {
    accessKeyId: required("aws_access_key_id"),
    secretAccessKey: required("aws_secret_access_key"),
  };
  const sessionToken = optionalString(secretData.aws_session_token, "secret_data.aws_session_token");
  const roleArn = optionalString(secretData.role_arn, "secret_data.role_arn");
  const externalId = optionalString(secretData.external_id, "secret_data.external_id");
  if (sessionToken) secret.sessionToken = sessionToken;
  // Checked here: AWS would refuse it as a ValidationError, which reads as an AWS failure rather than bad input.
  if (roleArn && !ROLE_ARN.test(roleArn)) throw invalidParameter("secret_data.role_arn", "not an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)");
  if (roleArn) secret.roleArn = roleArn;
  if (externalId) secret.externalId = externalId;
  return secret;
}

function stringList(value: JsonValue | undefined, key: string): string[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    throw invalidParameter(`options.${key}`, `${key} must be a list of strings, got ${JSON.stringify(value)}`);
  }
  return value as string[];
}

/** `"22,3306"` (or `22`) → the entries as written; a non-integer entry → `ERROR_VULNERABLE_PORTS`. */
export function parseVulnerablePorts(value: JsonValue | undefined): string[] | null {
  if (value === undefined || value === null || value === "") return null;
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value : null;
  const entries = text?.split(",");
  if (!entries || entries.some((e) => !/^\s*\d+\s*$/.test(e))) {
    throw new PluginError("ERROR_VULNERABLE_PORTS", `Vulnerable port option settings are incorrect. : ${textOf(value)}`, "INVALID_ARGUMENT");
  }
  return entries;
}

export interface ParseOptionsSettings {
  /** Whether `options.endpoint_url` may redirect AWS calls (server configuration). */
  allowEndpointOverride: boolean;
}

/** `true` / `false`, or the console form's `"true"` / `"false"` (options-schema.ts); absent → undefined. */
function optionalSwitch(value: JsonValue | undefined, key: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  throw invalidParameterType(`options.${key}`, "bool");
}

export function parseOptions(options: JsonObject, settings: ParseOptionsSettings): CollectorOptions {
  // Read only through the keys the options schema declares (options-schema.ts).
  const option = (key: OptionKey): JsonValue | undefined => options[key];
  const services = stringList(option("service_filter"), "service_filter") ?? [...SERVICES];
  for (const s of services) {
    if (!(SERVICES as readonly string[]).includes(s))
      throw invalidParameter("options.service_filter", `unknown service ${JSON.stringify(s)}; supported: ${SERVICES.join(", ")}`);
  }
  const endpointUrl = optionalString(option("endpoint_url"), "options.endpoint_url");
  if (endpointUrl !== undefined) {
    if (!settings.allowEndpointOverride) {
      throw invalidParameter("options.endpoint_url", "endpoint override is disabled by the server configuration");
    }
    if (!/^https?:\/\/[^\s/]+/.test(endpointUrl)) throw invalidParameter("options.endpoint_url", "must be an http(s) URL");
  }
  return {
    services,
    regionFilter: stringList(option("region_filter"), "region_filter"),
    vulnerablePorts: parseVulnerablePorts(option("vulnerable_ports")),
    endpointUrl,
    perItemEnrichment: optionalSwitch(option("per_item_enrichment"), "per_item_enrichment"),
  };
}
