/**
 * The protocol-free form of one `ResourceInfo`: what the engine yields and the
 * plugin layer turns into a protobuf message.
 */
import type { JsonObject } from "../../common/json.js";

export type ResourceType =
  "inventory.CloudService" | "inventory.CloudServiceType" | "inventory.Region" | "inventory.ErrorResource" | "inventory.Namespace" | "inventory.Metric";

export interface CollectedRecord {
  state: "SUCCESS" | "FAILURE";
  resourceType: ResourceType;
  /** Empty on success; the `ERROR_CODE: text` on failure. */
  message: string;
  /** `{"1": [paths…]}`, or `{}` for types the inventory does not match. */
  matchRules: JsonObject;
  resource: JsonObject;
}

/** The eight EC2 cloud service types, in upstream's emission order. */
export const EC2_TYPES = ["AMI", "LaunchTemplate", "AutoScalingGroup", "EIP", "Instance", "SecurityGroup", "Volume", "Snapshot"] as const;
export type Ec2Type = (typeof EC2_TYPES)[number];

export const PROVIDER = "aws";
export const EC2_GROUP = "EC2";
