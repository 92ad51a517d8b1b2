/**
 * Credentials from `secret_data`: static keys, optionally exchanged for a role's
 * temporary credentials. An assumed role is memoised in the engine's role cache for
 * each (keys, role ARN, external id, endpoint) and refreshed about five minutes before
 * it expires, so every client of every task shares one AssumeRole (the SDK's own
 * provider would call AssumeRole once per client). Keys are never logged.
 */
import { createHash, randomBytes } from "node:crypto";
import type { AwsCredentialIdentity } from "@smithy/types";
import { LRUCache } from "lru-cache";
import { PluginError } from "../../common/errors.js";
import { type AwsApiError, CREDENTIAL_ERROR_CODES, toAwsApiError } from "./errors.js";
import { checkResponses } from "./response-check.js";
import { sdk } from "./sdk.js";

export interface AwsSecret {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  roleArn?: string;
  externalId?: string;
}

export type CredentialProvider = () => Promise<AwsCredentialIdentity>;

export interface ProviderOptions {
  /** Region of the STS endpoint used for AssumeRole. */
  stsRegion: string;
  /** Explicit endpoint for every client (replay, AWS-compatible services); undefined = SDK default and `AWS_ENDPOINT_URL*`. */
  endpoint?: string;
  /** Retries and HTTP layer (timeouts, proxy) of the STS client, as the session's clients have them (`clientSettings`). */
  clientSettings?: Record<string, unknown>;
  /** Refresh this long before expiry. Default 5 minutes. */
  refreshMarginMs?: number;
  /** Where assumed roles are shared (the engine's). */
  roles: RoleCache;
}

const ROLE_DURATION_SECONDS = 3600;
const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;

export interface RoleCacheOptions {
  /** Roles (distinct keys × role × external id × endpoint) kept at most, least recently used dropped first. Default 1,000. */
  maxEntries?: number;
  /** A role not used for this long is dropped with the keys its provider holds. Default one hour (a role session). */
  idleTtlMs?: number;
  /** Milliseconds on a monotonic clock (tests inject a fake one). */
  now?: () => number;
}

/**
 * Assumed-role providers by a hash of everything that identifies them (never the clear secret).
 * Bounded and expiring: a provider holds the caller's keys, which must not stay in memory for
 * the life of the process once nobody collects with them.
 */
export class RoleCache {
  private readonly providers: LRUCache<string, CredentialProvider>;

  constructor(options: RoleCacheOptions = {}) {
    this.providers = new LRUCache<string, CredentialProvider>({
      max: options.maxEntries ?? 1000,
      ttl: options.idleTtlMs ?? ROLE_DURATION_SECONDS * 1000,
      updateAgeOnGet: true,
      ttlResolution: 0,
      ...(options.now ? { perf: { now: options.now } } : {}),
    });
  }

  /** The provider stored under `key`, created by `create` when absent or expired. */
  provider(key: string, create: () => CredentialProvider): CredentialProvider {
    let provider = this.providers.get(key);
    if (!provider) this.providers.set(key, (provider = create()));
    return provider;
  }

  get size(): number {
    return this.providers.size;
  }
}

/** Codes meaning "these credentials do not work", including a denied AssumeRole. */
export function isCredentialFailure(err: AwsApiError): boolean {
  return CREDENTIAL_ERROR_CODES.has(err.code) || (err.api === "sts:AssumeRole" && (err.code === "AccessDenied" || err.code === "AccessDeniedException"));
}

/** `ERROR_INVALID_CREDENTIALS` (docs/records.md#rejected-credentials) for rejected credentials, `ERROR_AWS_API` otherwise. */
export function credentialsError(err: unknown, api: string, region: string): PluginError {
  const e = toAwsApiError(err, api, region);
  if (isCredentialFailure(e)) {
    return new PluginError("ERROR_INVALID_CREDENTIALS", `AWS rejected the credentials. (reason = ${e.code}: ${e.awsMessage})`, "INVALID_ARGUMENT", {
      cause: e,
    });
  }
  return awsApiPluginError(e);
}

/** An `AwsApiError` as a `PluginError` carrying the same `ERROR_AWS_API` text. */
export function awsApiPluginError(e: AwsApiError): PluginError {
  return new PluginError("ERROR_AWS_API", e.detail, "INTERNAL", { cause: e });
}

function staticCredentials(secret: AwsSecret): AwsCredentialIdentity {
  return {
    accessKeyId: secret.accessKeyId,
    secretAccessKey: secret.secretAccessKey,
    ...(secret.sessionToken ? { sessionToken: secret.sessionToken } : {}),
  };
}

/** The provider for `secret`: static keys as they are, or the assumed role memoised in `options.roles`. */
export function credentialProvider(secret: AwsSecret, options: ProviderOptions): CredentialProvider {
  const base = staticCredentials(secret);
  const roleArn = secret.roleArn;
  if (!roleArn) return () => Promise.resolve(base);
  const key = createHash("sha256")
    .update(
      JSON.stringify([
        secret.accessKeyId,
        secret.secretAccessKey,
        secret.sessionToken ?? "",
        roleArn,
        secret.externalId ?? "",
        options.endpoint ?? "",
        options.stsRegion,
      ]),
    )
    .digest("hex");
  return options.roles.provider(key, () => assumeRoleProvider(base, roleArn, secret.externalId, options));
}

function assumeRoleProvider(base: AwsCredentialIdentity, roleArn: string, externalId: string | undefined, options: ProviderOptions): CredentialProvider {
  const margin = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  let current: Promise<AwsCredentialIdentity> | undefined;
  let expiresAt = 0;
  const assume = async (): Promise<AwsCredentialIdentity> => {
    const { STSClient, AssumeRoleCommand } = sdk.sts();
    const client = new STSClient({
      region: options.stsRegion,
      credentials: base,
      ...options.clientSettings,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    });
    checkResponses(client, "xml");
    try {
      const out = await client.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: `cloudforet-ec2-${randomBytes(4).toString("hex")}`,
          DurationSeconds: ROLE_DURATION_SECONDS,
          ...(externalId ? { ExternalId: externalId } : {}),
        }),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error("AssumeRole returned no credentials");
      const expiration = c.Expiration ?? new Date(Date.now() + ROLE_DURATION_SECONDS * 1000);
      expiresAt = expiration.getTime();
      return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration };
    } catch (err) {
      throw toAwsApiError(err, "sts:AssumeRole", options.stsRegion);
    } finally {
      client.destroy();
    }
  };
  return () => {
    if (!current || Date.now() >= expiresAt - margin) {
      // Callers arriving while AssumeRole is in flight share it.
      expiresAt = Number.POSITIVE_INFINITY;
      const attempt = assume();
      current = attempt;
      // A failed AssumeRole is not cached: the next caller tries again.
      attempt.catch(() => {
        if (current === attempt) current = undefined;
      });
    }
    return current;
  };
}
