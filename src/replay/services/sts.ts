/**
 * STS: GetCallerIdentity and AssumeRole. AssumeRole checks the role exists in
 * the target account of the set, trusts the caller's account, and gets the
 * external id it requires; the temporary keys it issues reach that account.
 */
import { AwsError } from "../aws-error.js";
import type { CallContext, ServiceHandlers } from "../operation.js";
import { roleIdFor } from "../sessions.js";

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

function callerIdentity(_input: Record<string, unknown>, ctx: CallContext) {
  const p = ctx.principal;
  if (p.kind === "user") {
    return { UserId: `AIDA${p.accessKeyId.slice(4, 21)}`, Account: p.accountId, Arn: `arn:aws:iam::${p.accountId}:user/${p.userName}` };
  }
  return { UserId: `${p.roleId}:${p.sessionName}`, Account: p.accountId, Arn: `arn:aws:sts::${p.accountId}:assumed-role/${p.roleName}/${p.sessionName}` };
}

const denied = (ctx: CallContext, roleArn: string) => {
  const caller = callerIdentity({}, ctx).Arn;
  return new AwsError("AccessDenied", `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
};

function assumeRole(input: Record<string, unknown>, ctx: CallContext) {
  const roleArn = typeof input.RoleArn === "string" ? input.RoleArn : "";
  const sessionName = typeof input.RoleSessionName === "string" ? input.RoleSessionName : "";
  const match = ROLE_ARN.exec(roleArn);
  if (!match) throw new AwsError("ValidationError", `${roleArn} is invalid`);
  if (!SESSION_NAME.test(sessionName)) {
    throw new AwsError(
      "ValidationError",
      "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
  }
  const externalId = input.ExternalId;
  if (externalId !== undefined && (typeof externalId !== "string" || !EXTERNAL_ID.test(externalId))) {
    throw new AwsError(
      "ValidationError",
      "1 validation error detected: Value at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*",
    );
  }
  const [, accountId, roleName] = match as unknown as [string, string, string];
  const role = ctx.set.account(accountId)?.roles.find((r) => r.roleName === roleName);
  if (!role || !role.trustedAccounts.includes(ctx.principal.accountId) || (role.externalId ?? undefined) !== (externalId ?? undefined)) {
    throw denied(ctx, roleArn);
  }
  const maxDuration = role.maxSessionDurationSeconds ?? 3600;
  const duration = input.DurationSeconds === undefined ? 3600 : Number(input.DurationSeconds);
  if (duration < 900 || duration > 43200) {
    throw new AwsError(
      "ValidationError",
      `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value ${duration < 900 ? "greater than or equal to 900" : "less than or equal to 43200"}`,
    );
  }
  if (duration > maxDuration) {
    throw new AwsError("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
  }
  const roleId = roleIdFor(roleArn);
  const expiresAt = ctx.now() + duration * 1000;
  const session = ctx.sessions.issue({ setName: ctx.set.name, accountId, roleName, roleId, sessionName, expiresAt }, ctx.now());
  return {
    Credentials: {
      AccessKeyId: session.accessKeyId,
      SecretAccessKey: session.secretAccessKey,
      SessionToken: session.sessionToken,
      Expiration: new Date(expiresAt).toISOString(),
    },
    AssumedRoleUser: { AssumedRoleId: `${roleId}:${sessionName}`, Arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}` },
    PackedPolicySize: 0,
  };
}

export const stsHandlers: ServiceHandlers = {
  GetCallerIdentity: { accepts: [], handle: callerIdentity },
  AssumeRole: { accepts: ["RoleArn", "RoleSessionName", "ExternalId", "DurationSeconds"], handle: assumeRole },
};
