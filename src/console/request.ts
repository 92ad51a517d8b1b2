/**
 * The request fields as typed into the forms: JSON objects from text areas,
 * `secret_data` from its fields. Pure: the page passes the texts in.
 */
import type { JsonObject } from "@bufbuild/protobuf";

/** A form field that does not hold what its RPC needs; `field` is the id of its input. */
export class InputError extends Error {
  override readonly name = "InputError";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Parses a text area holding a JSON object; blank text is `undefined` (the field is left out). */
export function parseObjectField(field: string, label: string, text: string): JsonObject | undefined {
  if (text.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InputError(field, `${label} is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new InputError(field, `${label} must be a JSON object ({ … }).`);
  return value as JsonObject;
}

export interface SecretField {
  /** The `secret_data` key. */
  key: string;
  label: string;
  hint?: string;
  placeholder?: string;
  /** Masked unless "Show secrets" is ticked. */
  sensitive?: boolean;
}

/** The `secret_data` the collector reads (README "Credentials, verify and options"). */
export const SECRET_FIELDS: readonly SecretField[] = [
  { key: "aws_access_key_id", label: "Access key ID", placeholder: "AKIA…" },
  { key: "aws_secret_access_key", label: "Secret access key", sensitive: true },
  { key: "aws_session_token", label: "Session token", hint: "temporary keys", sensitive: true },
  { key: "role_arn", label: "Role ARN", hint: "optional", placeholder: "arn:aws:iam::…:role/…" },
  { key: "external_id", label: "External ID", hint: "optional" },
];

/** `secret_data` from its fields by key; empty fields are left out. */
export function secretDataOf(fields: ReadonlyArray<{ key: string; value: string }>): JsonObject {
  const secretData: JsonObject = {};
  for (const { key, value } of fields) if (value.trim() !== "") secretData[key] = value.trim();
  return secretData;
}

/** A value for a text area: pretty JSON, or blank for none. */
export function objectText(value: JsonObject | undefined): string {
  return value === undefined ? "" : JSON.stringify(value, null, 2);
}
