/**
 * The JSON Schemas of the replay's own configuration files, written once, here: a set's `set.json` and a
 * fault configuration (set.json's `faults` and `faultProfiles` entries, and the body of `PUT _faults`).
 * fixture-store.ts and faults.ts declare the TypeScript types of what these schemas accept.
 * Resource files are checked against the AWS SDK's own schemas instead (fixture-format.ts).
 */
import { AWS_SERVICES } from "../common/aws-services.js";
import { FORMAT_VERSION } from "./fixture-format.js";
import { compileCheck } from "./schema-check.js";

/** Fixture set names (also fault profile names): safe as one path segment. */
export const SET_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const ACCOUNT_ID = /^\d{12}$/;
export const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ACCESS_KEY_ID = /^AKIA[A-Z0-9]{12,124}$/;
/** `*`, `service:*` or `service:Action`. */
const API = new RegExp(`^(\\*|(${AWS_SERVICES.join("|")}):(\\*|[A-Za-z0-9]+))$`);

export const FAULT_EFFECTS = [
  "throttle",
  "deny",
  "error",
  "latency",
  "hang",
  "repeat-token",
  "truncate",
  "malformed",
  "auth-failure",
  "expire",
  "region-disabled",
] as const;

const accountId = { type: "string", pattern: ACCOUNT_ID.source, description: "12-digit account id" };
const region = { type: "string", pattern: REGION.source, description: "region name such as us-east-1" };
const text = { type: "string", minLength: 1, description: "non-empty string" };
const nonNegativeInteger = { type: "integer", minimum: 0, description: "non-negative integer" };
const positiveNumber = { type: "number", exclusiveMinimum: 0, description: "positive number" };

const faultRule = {
  type: "object",
  required: ["effect"],
  properties: {
    effect: { enum: FAULT_EFFECTS },
    api: { type: "string", pattern: API.source, description: `*, service:* or service:Action (services: ${AWS_SERVICES.join(", ")})` },
    account: accountId,
    region,
    after: nonNegativeInteger,
    count: nonNegativeInteger,
    code: text,
    // What a Response can carry: an error status outside it would fail the answer, not the call.
    status: { type: "integer", minimum: 200, maximum: 599, description: "HTTP status 200..599" },
    ms: nonNegativeInteger,
    maxMs: nonNegativeInteger,
  },
  additionalProperties: false,
};

export const faultConfigSchema = {
  type: "object",
  properties: {
    tokenBuckets: {
      type: ["boolean", "object"],
      description: "boolean or object",
      properties: {
        capacity: positiveNumber,
        refillPerSecond: positiveNumber,
        refillScale: positiveNumber,
        rateChanges: {
          type: "array",
          items: {
            type: "object",
            required: ["afterMs", "refillPerSecond"],
            properties: { afterMs: nonNegativeInteger, refillPerSecond: positiveNumber },
            additionalProperties: false,
          },
        },
      },
      additionalProperties: false,
    },
    rules: { type: "array", items: faultRule },
  },
  additionalProperties: false,
};

const user = {
  type: "object",
  required: ["userName", "accessKeyId", "secretAccessKey"],
  properties: {
    userName: text,
    accessKeyId: { type: "string", pattern: ACCESS_KEY_ID.source, description: "AKIA… access key id" },
    secretAccessKey: text,
  },
  additionalProperties: false,
};

const role = {
  type: "object",
  required: ["roleName", "trustedAccounts"],
  properties: {
    roleName: text,
    trustedAccounts: { type: "array", items: accountId },
    externalId: text,
    maxSessionDurationSeconds: { type: "integer", minimum: 3600, maximum: 43200, description: "integer 3600..43200" },
  },
  additionalProperties: false,
};

const account = {
  type: "object",
  required: ["accountId", "users", "roles", "enabledRegions"],
  properties: {
    accountId,
    alias: text,
    users: { type: "array", items: user },
    roles: { type: "array", items: role },
    enabledRegions: { type: "array", items: region },
    disabledRegions: { type: "array", items: region, default: [] },
  },
  additionalProperties: false,
};

export const setDefinitionSchema = {
  // The format version first: a file of another version gets that answer, not a list of differences.
  allOf: [
    { type: "object", required: ["formatVersion"], properties: { formatVersion: { const: FORMAT_VERSION } } },
    {
      type: "object",
      required: ["name", "accounts"],
      properties: {
        formatVersion: true,
        name: text,
        description: text,
        accounts: { type: "array", minItems: 1, items: account, description: "non-empty array of accounts" },
        faults: { $ref: "#/$defs/faultConfig" },
        faultProfiles: {
          type: "object",
          propertyNames: { type: "string", pattern: SET_NAME.source, description: `profile name matching ${SET_NAME}` },
          additionalProperties: { $ref: "#/$defs/faultConfig" },
        },
      },
      additionalProperties: false,
    },
  ],
  $defs: { faultConfig: faultConfigSchema },
};

export const checkFaultConfig = compileCheck(faultConfigSchema);
export const checkSetDefinition = compileCheck(setDefinitionSchema);
