/**
 * Consistent redaction of a recording: the same secret value always becomes
 * the same pseudonym, wherever it appears (ids, ARNs, DNS names, map keys),
 * so relations between resources survive. Redacted:
 *   - 12-digit account ids            → 9000000000NN
 *   - access key ids (AKIA…/ASIA…)    → AKIAREDACTED00000NNN
 *   - public IPv4 addresses           → 198.18.x.y (RFC 2544 benchmark range), also in `ec2-a-b-c-d` DNS names
 *   - global IPv6 addresses           → the first 32 bits become 2001:db8 (documentation prefix)
 *   - `Name` tag values (optionally every tag value) and resource names (groups, templates, load
 *     balancers, key pairs, …) → name-NNNN
 *   - `UserData` (launch template versions, launch configurations), where secrets often live → a fixed
 *     base64 placeholder
 * Private IPv4 addresses are kept: they identify nothing outside the account.
 */
import type { Item } from "../replay/fixture-format.js";
import type { Recording, RegionRecording } from "./recorder.js";

/** Members whose values are resource names chosen by the account owner. */
const NAME_MEMBERS = new Set([
  "GroupName",
  "KeyName",
  "LaunchTemplateName",
  "AutoScalingGroupName",
  "LaunchConfigurationName",
  "LoadBalancerName",
  "TargetGroupName",
  "PolicyName",
  "ScheduledActionName",
  "LifecycleHookName",
  "ComputerName",
  "AlarmName",
]);
/** Base64 of `# user data removed by redaction\n`: still valid user data, and it says what happened. */
export const USER_DATA_PLACEHOLDER = "IyB1c2VyIGRhdGEgcmVtb3ZlZCBieSByZWRhY3Rpb24K";

/** Names AWS itself gives meaning to. */
const KEEP_NAMES = new Set(["default", ""]);

const PRIVATE_V4 = [
  /^10\./,
  /^172\.(1[6-9]|2\d|3[01])\./,
  /^192\.168\./,
  /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./,
  /^127\./,
  /^169\.254\./,
  /^0\.0\.0\.0$/,
  /^255\./,
];

class Pseudonyms {
  private readonly map = new Map<string, string>();
  constructor(private readonly make: (n: number) => string) {}
  get(value: string): string {
    let pseudonym = this.map.get(value);
    if (!pseudonym) {
      pseudonym = this.make(this.map.size + 1);
      this.map.set(value, pseudonym);
    }
    return pseudonym;
  }
  has(value: string): boolean {
    return this.map.has(value);
  }
  keys(): string[] {
    return [...this.map.keys()];
  }
}

function walk(value: unknown, visit: (key: string | undefined, v: unknown, parent: unknown) => void, key?: string, parent?: unknown): void {
  visit(key, value, parent);
  if (Array.isArray(value)) for (const v of value) walk(v, visit, key, value);
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, visit, k, value);
}

export interface RedactionOptions {
  /** Also replace the values of every tag (except AWS's own `aws:` tags), not only `Name`. Default false. */
  allTagValues?: boolean;
}

/** A tag value to redact: `{Key, Value}` objects as EC2, Auto Scaling and ELBv2 write them. */
function isRedactedTag(parent: unknown, options: RedactionOptions): boolean {
  const key = (parent as Item | undefined)?.Key;
  if (typeof key !== "string") return false;
  return key === "Name" || (options.allTagValues === true && !key.startsWith("aws:"));
}

export function redactRecording(recording: Recording, options: RedactionOptions = {}): Recording {
  const accounts = new Pseudonyms((n) => `9000000000${String(n).padStart(2, "0")}`);
  const keys = new Pseudonyms((n) => `AKIAREDACTED${String(n).padStart(8, "0")}`);
  const ipv4 = new Pseudonyms((n) => `198.${18 + Math.floor(n / 65536)}.${Math.floor(n / 256) % 256}.${n % 256}`);
  const names = new Pseudonyms((n) => `name-${String(n).padStart(4, "0")}`);
  for (const account of recording.accounts) accounts.get(account.accountId);

  // Pass 1: learn which names are secret (Name tags and name members).
  for (const resources of recording.regions.values()) {
    walk(resources, (key, v, parent) => {
      if (typeof v !== "string" || KEEP_NAMES.has(v)) return;
      if (key !== undefined && NAME_MEMBERS.has(key)) names.get(v);
      if (key === "Value" && isRedactedTag(parent, options)) names.get(v);
      if (key === "Name" && parent && typeof (parent as Item).ImageId === "string" && (parent as Item).ImageOwnerAlias === undefined) names.get(v);
    });
  }
  const embeddedNames = names
    .keys()
    .filter((n) => n.length >= 4)
    .sort((a, b) => b.length - a.length);
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const nameRegex = embeddedNames.length > 0 ? new RegExp(`(?<![A-Za-z0-9_])(${embeddedNames.map(escape).join("|")})(?![A-Za-z0-9_])`, "g") : undefined;

  const v4 = (ip: string) => (PRIVATE_V4.some((r) => r.test(ip)) ? ip : ipv4.get(ip));
  const text = (s: string): string => {
    if (names.has(s)) return names.get(s);
    let out = s
      .replace(/(?<![0-9A-Za-z])\d{12}(?![0-9A-Za-z])/g, (id) => accounts.get(id))
      .replace(/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, (k) => keys.get(k))
      .replace(/(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?![\d.])/g, (ip) => v4(ip))
      .replace(/\b(ec2|ip)-(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})\b/g, (_m, p: string, a, b, c, d) => `${p}-${v4(`${a}.${b}.${c}.${d}`).replace(/\./g, "-")}`)
      .replace(/\b[23][0-9a-f]{3}:[0-9a-f]{1,4}:(?=[0-9a-f:]*)/gi, "2001:db8:");
    if (nameRegex) out = out.replace(nameRegex, (n) => names.get(n));
    return out;
  };
  const redact = (value: unknown): unknown => {
    if (typeof value === "string") return text(value);
    if (Array.isArray(value)) return value.map(redact);
    if (value && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [text(k), k === "UserData" && typeof v === "string" && v !== "" ? USER_DATA_PLACEHOLDER : redact(v)]),
      );
    }
    return value;
  };

  const regions = new Map<string, RegionRecording>();
  for (const [key, resources] of recording.regions) {
    const [account, region] = key.split("/") as [string, string];
    regions.set(`${accounts.get(account)}/${region}`, redact(resources) as RegionRecording);
  }
  return {
    accounts: recording.accounts.map((a) => ({ ...a, accountId: accounts.get(a.accountId) })),
    regions,
    warnings: recording.warnings.map(text),
  };
}
