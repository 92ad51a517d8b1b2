/** A collected CloudService record as the inventory reads it (JSON, proto field names), for comparison tests. */
import type { JsonObject } from "../../src/common/json.js";

/** Our plugin's first-priority match rule for cloud services. */
export const CLOUD_SERVICE_RULES = { "1": ["reference.resource_id", "provider", "cloud_service_type", "cloud_service_group", "account"] };

/** An EC2 `type` (`Volume`, `Instance`, …) record of `id` in account 111111111111 whose json_data is `data`. */
export function cloudServiceRecord(type: string, id: string, data: JsonObject): JsonObject {
  return {
    state: "SUCCESS",
    resource_type: "inventory.CloudService",
    match_rules: CLOUD_SERVICE_RULES,
    resource: {
      cloud_service_group: "EC2",
      cloud_service_type: type,
      provider: "aws",
      account: "111111111111",
      reference: { resource_id: id },
      json_data: JSON.stringify(data),
    },
  };
}
