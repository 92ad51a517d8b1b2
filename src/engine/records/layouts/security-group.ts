/** Console layout of EC2 / SecurityGroup. */
import {
  accountAndRegion,
  countWidgets,
  dynamicView,
  enumBadge,
  enumState,
  items,
  itemTab,
  list,
  search,
  tableTab,
  text,
  TONE,
  widgetsOf,
  type Field,
} from "./fields.js";

const { card } = widgetsOf("SecurityGroup");

const INSTANCE_STATE = { running: TONE.ok, pending: TONE.busy, stopping: TONE.busy, "shutting-down": TONE.busy, stopped: TONE.off } as const;

function ruleColumns(inbound: boolean): Field[] {
  return [
    text("Rule ID", "rule_id"),
    enumBadge("Protocol", "protocol_display", { ALL: "coral.600", TCP: "indigo.500", UDP: "peacock.500", ICMP: "violet.500" }),
    text("Port", "port_display"),
    text(inbound ? "Source" : "Destination", "source_display"),
    text("Description", "description_display"),
    ...(inbound
      ? [enumState("Vulnerable Port Exposed", "detected_vulnerable_ports", { true: TONE.bad, false: TONE.ok }), text("Vulnerable Ports", "vulnerable_ports")]
      : []),
  ];
}

export const securityGroupLayout = dynamicView({
  search: [
    search("Group ID", "data.GroupId"),
    search("Group Name", "data.GroupName"),
    search("VPC ID", "data.VpcId"),
    search("Instance ID", "data.instances.InstanceId"),
    search("Instance Count", "data.stats.instances_count", "integer"),
    search("Inbound Protocol", "data.ip_permissions.protocol_display"),
    search("Inbound Port", "data.ip_permissions.port_display"),
    search("Inbound Source", "data.ip_permissions.source_display"),
    search("Vulnerable Port Exposed", "data.ip_permissions.detected_vulnerable_ports", "boolean"),
    search("Outbound Protocol", "data.ip_permissions_egress.protocol_display"),
    search("Outbound Port", "data.ip_permissions_egress.port_display"),
    search("Outbound Destination", "data.ip_permissions_egress.source_display"),
    search("Account ID", "account"),
  ],
  table: {
    sort: { key: "data.GroupId", desc: false },
    fields: [
      text("Group ID", "data.GroupId"),
      text("VPC ID", "data.VpcId"),
      text("Description", "data.Description"),
      text("Instances", "data.stats.instances_count"),
      list("Inbound Sources", "data.ip_permissions", { subKey: "source_display" }),
      list("Inbound Ports", "data.ip_permissions", { subKey: "port_display" }),
      list("Outbound Destinations", "data.ip_permissions_egress", { subKey: "source_display", optional: true }),
      list("Instance IDs", "data.instances", { subKey: "InstanceId", optional: true }),
      text("Owner", "data.OwnerId", { optional: true }),
      ...accountAndRegion(),
    ],
  },
  tabs: [
    itemTab("Security Group", [
      text("Group ID", "data.GroupId"),
      text("Group Name", "data.GroupName"),
      text("Description", "data.Description"),
      text("VPC ID", "data.VpcId"),
      text("Owner", "data.OwnerId"),
      text("Instances", "data.stats.instances_count"),
    ]),
    tableTab("Inbound Rules", "data.ip_permissions", ruleColumns(true)),
    tableTab("Outbound Rules", "data.ip_permissions_egress", ruleColumns(false)),
    tableTab("Instances", "data.instances", [
      text("Instance ID", "InstanceId"),
      text("Name", "instance_name"),
      enumState("State", "State.Name", INSTANCE_STATE),
      text("Private IP", "PrivateIpAddress"),
      text("Public IP", "PublicIpAddress"),
      text("Public DNS", "PublicDnsName"),
      text("Subnet", "SubnetId"),
      text("VPC", "VpcId"),
      list("Security Groups", "SecurityGroups", { subKey: "GroupId" }),
    ]),
  ],
  widgets: [
    ...countWidgets("SecurityGroup"),
    card("Inbound Rule Total Count", items("data.ip_permissions")),
    card("Outbound Rule Total Count", items("data.ip_permissions_egress")),
    card("Related Instance Total Count", items("data.instances")),
  ],
});
