/**
 * docs/cloudforet.md's two `secret_data` JSON Schemas (access keys; assume role with external id) say what
 * `parseSecret` accepts: every secret a schema accepts, the parser accepts (with a role exactly when the
 * schema is the role's), and both schemas refuse what the parser refuses.
 */
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import { describe, expect, it } from "vitest";
import { isPluginError } from "../../src/common/errors.js";
import type { JsonObject } from "../../src/common/json.js";
import { parseSecret } from "../../src/engine/options.js";

const DOC = readFileSync(new URL("../../docs/cloudforet.md", import.meta.url), "utf8");

function documentedSchema(name: string): ValidateFunction {
  const block = new RegExp(`<!-- secret-schema: ${name} -->\\n\`\`\`json\\n([\\s\\S]*?)\\n\`\`\``).exec(DOC)?.[1];
  if (!block) throw new Error(`docs/cloudforet.md has no block marked secret-schema: ${name}`);
  // Strict, except that `not: {required: [...]}` may name a key the same schema does not declare.
  return new Ajv({ strict: true, strictRequired: false, allErrors: true }).compile(JSON.parse(block) as object);
}

const accessKeys = documentedSchema("access-keys");
const assumeRole = documentedSchema("assume-role");

/** The parser's verdict: the role it will assume, or the error code. */
function parse(secret: JsonObject): { role: string | undefined } | string {
  try {
    return { role: parseSecret(secret).roleArn };
  } catch (err) {
    if (!isPluginError(err)) throw err;
    return err.code;
  }
}

const KEYS = { aws_access_key_id: "AKIAEXAMPLEEXAMPLE00", aws_secret_access_key: "example/secret/key" };
const ROLE = { role_arn: "arn:aws:iam::222222222222:role/CloudforetReadOnly", external_id: "cloudforet-external-id" };

describe("the secret schemas of docs/cloudforet.md", () => {
  it.each([
    ["access keys", KEYS],
    ["temporary keys", { ...KEYS, aws_session_token: "token" }],
    ["keys with the Python plugin's region_name", { ...KEYS, region_name: "us-east-1" }],
  ])("access keys: %s are accepted by the schema and by the parser, without a role", (_, secret) => {
    expect(accessKeys(secret), JSON.stringify(accessKeys.errors)).toBe(true);
    expect(parse(secret)).toEqual({ role: undefined });
  });

  it.each([
    ["keys, role and external id", { ...KEYS, ...ROLE }],
    ["temporary keys, role and external id", { ...KEYS, ...ROLE, aws_session_token: "token" }],
  ])("assume role: %s are accepted by the schema and by the parser, with the role", (_, secret) => {
    expect(assumeRole(secret), JSON.stringify(assumeRole.errors)).toBe(true);
    expect(parse(secret)).toEqual({ role: ROLE.role_arn });
  });

  it.each([
    ["no secret key", { aws_access_key_id: KEYS.aws_access_key_id, ...ROLE }, "ERROR_REQUIRED_PARAMETER"],
    ["an empty access key id", { ...KEYS, ...ROLE, aws_access_key_id: "" }, "ERROR_REQUIRED_PARAMETER"],
    ["a numeric secret key", { ...KEYS, ...ROLE, aws_secret_access_key: 12345 }, "ERROR_INVALID_PARAMETER_TYPE"],
    ["a role ARN that is not a string", { ...KEYS, ...ROLE, role_arn: ["arn"] }, "ERROR_INVALID_PARAMETER_TYPE"],
    ["an external id that is not a string", { ...KEYS, ...ROLE, external_id: 7 }, "ERROR_INVALID_PARAMETER_TYPE"],
    ["a session token that is not a string", { ...KEYS, ...ROLE, aws_session_token: true }, "ERROR_INVALID_PARAMETER_TYPE"],
  ])("both schemas and the parser refuse %s", (_, secret, code) => {
    expect(accessKeys(secret)).toBe(false);
    expect(assumeRole(secret)).toBe(false);
    expect(parse(secret)).toBe(code);
  });

  it("the role schema requires the role and its external id; access keys alone are the other shape", () => {
    expect(assumeRole(KEYS)).toBe(false);
    expect(assumeRole({ ...KEYS, role_arn: ROLE.role_arn })).toBe(false);
    expect(parse({ ...KEYS, role_arn: ROLE.role_arn })).toEqual({ role: ROLE.role_arn });
  });
});
