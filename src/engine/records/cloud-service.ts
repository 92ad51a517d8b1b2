/** The CloudService record envelope shared by every EC2 type (docs/records.md#cloudservice-envelope). */
import type { JsonObject } from "../../common/json.js";
import { jsonData, toJsonValue } from "./json-data.js";
import { EC2_GROUP, PROVIDER, type CollectedRecord, type Ec2Type } from "./record.js";

export const CLOUD_SERVICE_MATCH_RULES: JsonObject = {
  "1": ["reference.resource_id", "provider", "cloud_service_type", "cloud_service_group", "account"],
};

export interface CloudServiceInput {
  type: Ec2Type;
  name: string | null;
  account: string;
  region: string;
  resourceId: string;
  externalLink: string;
  /** The `data` object; serialized to `json_data` with dates in upstream ISO form. */
  data: Record<string, unknown>;
  tags: Record<string, string>;
  ipAddresses?: string[];
  instanceType?: string | null;
  /** Struct number (double on the wire). Default 0. */
  instanceSize?: number;
  launchedAt?: string | null;
}

/** `{Key, Value}[]` → `{Key: Value}` (missing values become `""`). */
export function tagMap(tags: ReadonlyArray<{ Key?: string; Value?: string }> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? "";
  return out;
}

/** Value of the tag whose key is exactly `Name`, or `""`. */
export function nameTag(tags: ReadonlyArray<{ Key?: string; Value?: string }> | undefined): string {
  return tags?.find((t) => t.Key === "Name")?.Value ?? "";
}

/** Upstream's loose rule for EIP, Volume and Snapshot: the first tag whose key contains `Name`. */
export function looseNameTag(tags: ReadonlyArray<{ Key?: string; Value?: string }> | undefined): string {
  return tags?.find((t) => t.Key?.includes("Name"))?.Value ?? "";
}

/** The per-record `json_metadata` stub: "render me with my CloudServiceType's layouts". */
export function referenceStub(type: Ec2Type): string {
  return JSON.stringify({
    view: {
      sub_data: {
        reference: {
          resource_type: "inventory.CloudServiceType",
          options: { provider: PROVIDER, cloud_service_group: EC2_GROUP, cloud_service_type: type },
        },
      },
    },
  });
}

/** One successful `inventory.CloudService` record with all 16 resource keys. */
export function cloudServiceRecord(input: CloudServiceInput): CollectedRecord {
  return {
    state: "SUCCESS",
    resourceType: "inventory.CloudService",
    message: "",
    matchRules: CLOUD_SERVICE_MATCH_RULES,
    resource: {
      name: input.name,
      cloud_service_type: input.type,
      cloud_service_group: EC2_GROUP,
      provider: PROVIDER,
      ip_addresses: input.ipAddresses ?? [],
      account: input.account,
      instance_type: input.instanceType ?? null,
      instance_size: input.instanceSize ?? 0,
      launched_at: input.launchedAt ?? null,
      region_code: input.region,
      data: null,
      json_data: jsonData(input.data),
      metadata: null,
      json_metadata: referenceStub(input.type),
      reference: { resource_id: input.resourceId, external_link: input.externalLink },
      tags: toJsonValue(input.tags),
    },
  };
}
