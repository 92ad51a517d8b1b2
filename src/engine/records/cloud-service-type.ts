/** `inventory.CloudServiceType` records for the eight EC2 types (docs/records.md#cloudservicetype). */
import { EC2_GROUP, EC2_TYPES, PROVIDER, type CollectedRecord, type Ec2Type } from "./record.js";
import { layoutJson } from "./layouts/index.js";

export const CLOUD_SERVICE_TYPE_MATCH_RULES = { "1": ["name", "group", "provider"] };

const ASSET = "https://spaceone-custom-assets.s3.ap-northeast-2.amazonaws.com/console-assets/icons/cloud-services/aws";

interface TypeInfo {
  isPrimary: boolean;
  isMajor: boolean;
  labels: string[];
  tags: Record<string, string>;
}

const TYPE_INFO: Record<Ec2Type, TypeInfo> = {
  AMI: { isPrimary: false, isMajor: false, labels: ["Compute"], tags: { "spaceone:icon": `${ASSET}/Amazon-AMI.svg` } },
  LaunchTemplate: { isPrimary: false, isMajor: false, labels: ["Compute"], tags: { "spaceone:icon": `${ASSET}/Amazon-EC2-Auto-Scaling.svg` } },
  AutoScalingGroup: { isPrimary: false, isMajor: false, labels: ["Compute"], tags: { "spaceone:icon": `${ASSET}/Amazon-EC2-Auto-Scaling.svg` } },
  EIP: { isPrimary: false, isMajor: true, labels: ["Networking", "Compute"], tags: { "spaceone:icon": `${ASSET}/Amazon-EC2_Elastic-IP-Address_light-bg.svg` } },
  Instance: {
    isPrimary: true,
    isMajor: true,
    labels: ["Compute", "Server"],
    tags: { "spaceone:icon": "https://spaceone-custom-assets.s3.ap-northeast-2.amazonaws.com/console-assets/icons/aws-ec2.svg" },
  },
  SecurityGroup: {
    isPrimary: false,
    isMajor: false,
    labels: ["Compute", "Security"],
    tags: { "spaceone:icon": `${ASSET}/Amazon-VPC_VPN-Gateway_dark-bg.svg` },
  },
  Volume: {
    isPrimary: true,
    isMajor: true,
    labels: ["Compute", "Storage"],
    tags: { "spaceone:icon": `${ASSET}/Amazon-Elastic-Block-Store-EBS.svg`, "spaceone:display_name": "EBS" },
  },
  Snapshot: { isPrimary: false, isMajor: false, labels: ["Compute", "Storage"], tags: { "spaceone:icon": `${ASSET}/Amazon-Elastic-Block-Store-EBS.svg` } },
};

export function cloudServiceTypeRecord(type: Ec2Type): CollectedRecord {
  const info = TYPE_INFO[type];
  return {
    state: "SUCCESS",
    resourceType: "inventory.CloudServiceType",
    message: "",
    matchRules: CLOUD_SERVICE_TYPE_MATCH_RULES,
    resource: {
      name: type,
      group: EC2_GROUP,
      provider: PROVIDER,
      is_primary: info.isPrimary,
      is_major: info.isMajor,
      metadata: null,
      json_metadata: layoutJson(type),
      service_code: "AmazonEC2",
      tags: info.tags,
      labels: info.labels,
    },
  };
}

/** The eight records, in upstream order. */
export function cloudServiceTypeRecords(): CollectedRecord[] {
  return EC2_TYPES.map(cloudServiceTypeRecord);
}
