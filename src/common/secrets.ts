/**
 * Secret masking for logs and error texts. Keys are matched by name anywhere in
 * a structure. In free text (an AWS SDK error can echo credentials) AWS access
 * key ids are masked by shape, and other secrets only when the caller passes
 * their values (`knownSecrets`).
 */

const SECRET_KEY = /(secret|password|token|session|credential|authorization|private[_-]?key|access[_-]?key)/i;

/** Values that look like AWS access key ids (AKIA…, ASIA…). */
const ACCESS_KEY_ID = /\b(A3T[A-Z0-9]|AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|AKPA)[A-Z0-9]{12,}\b/g;

export const MASK = "***";

/** True when a property name denotes a secret (`aws_secret_access_key`, `token`, `sessionToken`, …). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Masks AWS access key ids and every known secret value inside free text. */
export function maskText(text: string, knownSecrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join(MASK);
  }
  return out.replace(ACCESS_KEY_ID, (id) => `${id.slice(0, 4)}${MASK}`);
}

/** A deep copy of `value` with secret-named properties replaced by `***` and key ids masked. */
export function maskValue(value: unknown, depth = 0): unknown {
  if (depth > 12) return "[depth]";
  if (typeof value === "string") return maskText(value);
  if (Array.isArray(value)) return value.map((v) => maskValue(v, depth + 1));
  if (value && typeof value === "object") {
    if (value instanceof Error) return maskText(String(value.message));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskProperty(k, v, depth + 1);
    return out;
  }
  return value;
}

/** `value` as property `key` may be shown: `***` when the key names a secret (and holds one), else `maskValue`. */
export function maskProperty(key: string, value: unknown, depth = 0): unknown {
  return isSecretKey(key) && value !== null && value !== undefined && value !== "" ? MASK : maskValue(value, depth);
}
