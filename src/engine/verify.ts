/**
 * `Collector.verify` that verifies (docs/records.md#verify; upstream checks nothing):
 * the credentials (and the assumed role) work, DescribeRegions answers, and every
 * API of the table is tried once, cheaply (its probe); all denied required actions are
 * named in one error. Denied optional actions are only logged.
 */
import { PluginError } from "../common/errors.js";
import type { VerifyParams } from "./api.js";
import { API_NAMES, AWS_API_TABLE, type ApiName, type ProbeTarget } from "./aws/api-table.js";
import { isDenied, toAwsApiError } from "./aws/errors.js";
import { isCredentialFailure, credentialsError } from "./aws/credentials.js";
import type { AwsSession } from "./aws/session.js";
import { HOME_REGION, callerAccount, openTask, type EngineContext } from "./context.js";
import { enabledRegions } from "./tasks.js";

/** Sends `api`'s probe; true when AWS denied it. Credential failures and cancellation throw. */
async function isDeniedApi<A extends ApiName>(session: AwsSession, api: A, target: ProbeTarget): Promise<boolean> {
  try {
    await session.send(api, target.region, AWS_API_TABLE[api].probe(target));
    return false;
  } catch (err) {
    session.signal.throwIfAborted();
    const e = toAwsApiError(err, api, target.region);
    if (isCredentialFailure(e)) throw credentialsError(e, api, target.region);
    // Anything but a denial (NotFound for a made-up id, validation) proves the action is allowed.
    return isDenied(e);
  }
}

/** Tries every API of the table once, concurrently; resolves to the denied ones in table order. */
export async function deniedActions(session: AwsSession, account: string, region: string): Promise<ApiName[]> {
  const denied = await Promise.all(API_NAMES.map((api) => isDeniedApi(session, api, { account, region })));
  return API_NAMES.filter((_, i) => denied[i]);
}

export async function verify(ctx: EngineContext, params: VerifyParams, signal: AbortSignal): Promise<void> {
  const { session } = openTask(ctx, params, signal);
  try {
    const account = await callerAccount(session, HOME_REGION);
    await enabledRegions(session);
    const denied = await deniedActions(session, account, HOME_REGION);
    const missing = denied.filter((api) => AWS_API_TABLE[api].required);
    const missingOptional = denied.filter((api) => !AWS_API_TABLE[api].required);
    if (missingOptional.length) {
      ctx.log.warn("verify: optional actions denied; the fields they fill fall back", { actions: missingOptional });
    }
    if (missing.length) {
      throw new PluginError(
        "ERROR_INSUFFICIENT_PERMISSIONS",
        `The credentials lack IAM actions the collector needs. (missing = ${missing.join(", ")})`,
        "INVALID_ARGUMENT",
      );
    }
    ctx.log.info("verify passed", { account, aws_calls: session.callCount() });
  } finally {
    session.destroy();
  }
}
