/**
 * Secret masking for logs and error texts. Keys are matched by name anywhere in
 * a structure. In free text (an AWS SDK error can echo credentials) AWS access
 * key ids are masked by shape, and secret values wherever they are known: those
 * of every call in progress (`holdSecrets`, so any log line written during the
 * call is masked at the source, whoever writes it) and those a caller passes
 * (`knownSecrets`).
 */

const SECRET_KEY = /(secret|password|token|session|credential|authorization|private[_-]?key|access[_-]?key)/i;

/** Values that look like AWS access key ids (AKIA…, ASIA…). */
const ACCESS_KEY_ID = /\b(A3T[A-Z0-9]|AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|AKPA)[A-Z0-9]{12,}\b/g;

export const MASK = "***";

/** True when a property name denotes a secret (`aws_secret_access_key`, `token`, `sessionToken`, …). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Shorter values would mask ordinary words. */
const MIN_SECRET_LENGTH = 4;

/** Secret values held by the calls in progress, with how many calls hold each. */
const held = new Map<string, number>();
/** Every held value, longest first (a value inside a longer one must not split it), as one pattern. */
let heldPattern: RegExp | undefined;

function rebuildHeldPattern(): void {
  const values = [...held.keys()].sort((a, b) => b.length - a.length);
  heldPattern = values.length === 0 ? undefined : new RegExp(values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
}

/**
 * Masks `values` in every text masked from now on (log lines, error texts, records), until the returned
 * function is called: a call holds its `secret_data` for as long as it runs.
 */
export function holdSecrets(values: Iterable<string>): () => void {
  const mine = [...new Set(values)].filter((v) => v.length >= MIN_SECRET_LENGTH);
  for (const v of mine) held.set(v, (held.get(v) ?? 0) + 1);
  if (mine.length > 0) rebuildHeldPattern();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const v of mine) {
      const n = held.get(v)! - 1;
      if (n === 0) held.delete(v);
      else held.set(v, n);
    }
    if (mine.length > 0) rebuildHeldPattern();
  };
}

/** The values of `secretData` to hold: those of secret-named keys, and the external id (a shared secret of a role's trust policy). */
export function secretValuesOf(secretData: Record<string, unknown>): string[] {
  return Object.entries(secretData).flatMap(([key, value]) => (typeof value === "string" && (isSecretKey(key) || key === "external_id") ? [value] : []));
}

/** Masks AWS access key ids, the held secrets and every known secret value inside free text. */
export function maskText(text: string, knownSecrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (secret && secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join(MASK);
  }
  if (heldPattern) out = out.replace(heldPattern, MASK);
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
