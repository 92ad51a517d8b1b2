/** `inventory.ErrorResource` records (docs/records.md#errorresource): in-band failures that keep the stream going. */
import { isPluginError } from "../../common/errors.js";
import { maskText } from "../../common/secrets.js";
import { AwsApiError } from "../aws/errors.js";
import { EC2_GROUP, PROVIDER, type CollectedRecord } from "./record.js";

export interface ErrorContext {
  /** The cloud service type the failure concerns (`Instance`, …), or the task's kind (`Region`, `CloudServiceType`). */
  type: string;
  region?: string;
  /** Set when one resource failed; absent for a failed listing. */
  resourceId?: string;
}

/** The `ERROR_CODE: text` of any failure, secrets masked. */
export function errorText(err: unknown): string {
  if (err instanceof AwsApiError || isPluginError(err)) return err.wireMessage;
  const message = err instanceof Error ? err.message : String(err);
  return `ERROR_UNKNOWN: ${maskText(message)}`;
}

export function errorRecord(ctx: ErrorContext, err: unknown): CollectedRecord {
  return {
    state: "FAILURE",
    resourceType: "inventory.ErrorResource",
    message: errorText(err),
    matchRules: {},
    resource: {
      provider: PROVIDER,
      cloud_service_group: EC2_GROUP,
      cloud_service_type: ctx.type,
      resource_type: "inventory.CloudService",
      ...(ctx.region ? { region_code: ctx.region } : {}),
      ...(ctx.resourceId ? { resource_id: ctx.resourceId } : {}),
      ...(err instanceof AwsApiError ? { api: err.api, aws_error_code: err.code } : {}),
    },
  };
}
