/**
 * The console layout (CloudServiceType `json_metadata`, ec2-records.md 15) of each
 * EC2 type, in one place. Placeholder layouts until the per-type layouts of
 * `layouts/<type>.ts` land; each entry is then one import.
 */
import type { JsonObject } from "../../../common/json.js";
import type { Ec2Type } from "../record.js";

function minimalLayout(type: Ec2Type): JsonObject {
  return {
    view: {
      search: [{ key: "reference.resource_id", name: "Resource ID" }],
      table: {
        layout: {
          name: "Main Table",
          type: "query-search-table",
          options: {
            default_sort: { key: "name", desc: false },
            fields: [
              { key: "name", name: "Name", type: "text" },
              { key: "reference.resource_id", name: "Resource ID", type: "text" },
              { key: "account", name: "Account ID", type: "text" },
              { key: "region_code", name: "Region", type: "text" },
            ],
          },
        },
      },
      sub_data: { layouts: [{ name: type, type: "item", options: { fields: [{ key: "reference.resource_id", name: "Resource ID", type: "text" }] } }] },
    },
  };
}

export const LAYOUTS: Record<Ec2Type, JsonObject> = {
  AMI: minimalLayout("AMI"),
  LaunchTemplate: minimalLayout("LaunchTemplate"),
  AutoScalingGroup: minimalLayout("AutoScalingGroup"),
  EIP: minimalLayout("EIP"),
  Instance: minimalLayout("Instance"),
  SecurityGroup: minimalLayout("SecurityGroup"),
  Volume: minimalLayout("Volume"),
  Snapshot: minimalLayout("Snapshot"),
};
