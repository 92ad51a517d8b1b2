/**
 * Validation against a JSON Schema (ajv), reported the way every fixture error is: the JSON path of the first
 * problem (`$.accounts[0].users[1].accessKeyId`) and what was expected there. A schema says what it expects
 * in a leaf's `description` ("12-digit account id"); without one, the message is derived from the keyword
 * (`const`, `enum`, `type`, `pattern`).
 */
import { Ajv, type AnySchemaObject, type ErrorObject, type SchemaObject } from "ajv";

export interface SchemaProblem {
  /** JSON path from the checked value's root (`$`). */
  path: string;
  problem: string;
}

/** Checks a value in place (filling schema defaults); returns its first problem, if any. */
export type SchemaCheck = (value: unknown) => SchemaProblem | undefined;

// verbose: errors carry the failing schema and value, which the messages are made of. The schemas are
// checked against the JSON Schema meta-schema by their tests rather than at every start, where compiling
// the meta-schema doubled the cost of compiling them (about 100 ms).
const ajv = new Ajv({ allErrors: false, verbose: true, useDefaults: true, allowUnionTypes: true, validateSchema: false });

export function compileCheck(schema: SchemaObject): SchemaCheck {
  const validate = ajv.compile(schema);
  return (value) => (validate(value) ? undefined : describe(validate.errors![0]!, value));
}

const kindOf = (value: unknown): string => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value);

/** What a schema accepts, in words. */
function expected(schema: AnySchemaObject | undefined): string {
  if (!schema) return "a valid value";
  if (typeof schema.description === "string") return schema.description;
  if ("const" in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.join(", ")}`;
  const type = [schema.type ?? []].flat().join(" or ");
  if (typeof schema.pattern === "string") return `${type || "string"} matching /${schema.pattern}/`;
  return type || "a valid value";
}

/** `/accounts/0/users` of `root` → `$.accounts[0].users` (array indexes in brackets, odd keys quoted). */
function jsonPath(root: unknown, pointer: string): string {
  let path = "$";
  let node = root;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    path += Array.isArray(node) ? `[${key}]` : member(key);
    node = (node as Record<string, unknown> | undefined)?.[key];
  }
  return path;
}

const member = (key: string) => (/^[A-Za-z_$][\w$-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`);

function describe(error: ErrorObject, root: unknown): SchemaProblem {
  const at = jsonPath(root, error.instancePath);
  const parent = error.parentSchema;
  if (error.propertyName !== undefined) return { path: `${at}${member(error.propertyName)}`, problem: `invalid key: expected ${expected(parent)}` };
  switch (error.keyword) {
    case "additionalProperties":
      return { path: `${at}${member(String(error.params.additionalProperty))}`, problem: "unknown key" };
    case "required": {
      const missing = String(error.params.missingProperty);
      return {
        path: `${at}${member(missing)}`,
        problem: `expected ${expected((parent?.properties as Record<string, AnySchemaObject> | undefined)?.[missing])}, got nothing`,
      };
    }
    case "type":
      return { path: at, problem: `expected ${expected(parent)}, got ${kindOf(error.data)}` };
    default:
      return { path: at, problem: `expected ${expected(parent)}` };
  }
}
