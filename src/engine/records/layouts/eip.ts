/** Console layout of EC2 / EIP (the "Address Pool" field uses a valid type, unlike upstream's `Badge`). */
import {
  accountAndRegion,
  badge,
  countWidgets,
  dynamicView,
  enumBadge,
  enumState,
  itemTab,
  records,
  search,
  searchEnum,
  text,
  TONE,
  widgetsOf,
} from "./fields.js";

/** The two values of `data.allocation_status` (fix #3). */
export const ALLOCATION_STATUS_COLORS = { "In-use": TONE.ok, Unused: TONE.busy } as const;
export const DOMAIN_COLORS = { vpc: "indigo.500", standard: "coral.600" } as const;
const DOMAIN_LABELS = { vpc: "VPC", standard: "Standard" } as const satisfies Record<keyof typeof DOMAIN_COLORS, string>;

const status = () => enumState("Allocation Status", "data.allocation_status", ALLOCATION_STATUS_COLORS);
const { chart } = widgetsOf("EIP");

export const eipLayout = dynamicView({
  search: [
    search("Public IP", "data.PublicIp"),
    search("Allocation ID", "data.AllocationId"),
    searchEnum("Allocation Status", "data.allocation_status", Object.keys(ALLOCATION_STATUS_COLORS)),
    search("Instance ID", "data.InstanceId"),
    search("Private IP", "data.PrivateIpAddress"),
    search("Public DNS", "data.public_dns"),
    search("Network Interface", "data.NetworkInterfaceId"),
    search("NAT Gateway", "data.nat_gateway_id"),
    searchEnum("Domain", "data.Domain", DOMAIN_LABELS),
    search("Address Pool", "data.PublicIpv4Pool"),
    search("Account ID", "account"),
  ],
  table: {
    sort: { key: "data.PublicIp", desc: false },
    fields: [
      text("Public IP", "data.PublicIp"),
      text("Allocation ID", "data.AllocationId"),
      status(),
      text("Instance", "data.InstanceId"),
      text("Private IP", "data.PrivateIpAddress"),
      text("Network Interface", "data.NetworkInterfaceId"),
      text("NAT Gateway", "data.nat_gateway_id"),
      enumBadge("Domain", "data.Domain", DOMAIN_COLORS),
      badge("Address Pool", "data.PublicIpv4Pool"),
      text("Public DNS", "data.public_dns", { optional: true }),
      text("Association ID", "data.AssociationId", { optional: true }),
      text("Network Border Group", "data.NetworkBorderGroup", { optional: true }),
      text("ENI Owner", "data.NetworkInterfaceOwnerId", { optional: true }),
      ...accountAndRegion(),
    ],
  },
  tabs: [
    itemTab("Elastic IP", [
      text("Public IP", "data.PublicIp"),
      text("Public DNS", "data.public_dns"),
      text("Allocation ID", "data.AllocationId"),
      status(),
      text("Association ID", "data.AssociationId"),
      text("Instance", "data.InstanceId"),
      text("Private IP", "data.PrivateIpAddress"),
      text("Network Interface", "data.NetworkInterfaceId"),
      text("Network Interface Owner", "data.NetworkInterfaceOwnerId"),
      text("NAT Gateway", "data.nat_gateway_id"),
      enumBadge("Domain", "data.Domain", DOMAIN_COLORS),
      badge("Address Pool", "data.PublicIpv4Pool"),
      text("Network Border Group", "data.NetworkBorderGroup"),
      text("Customer-Owned IP", "data.CustomerOwnedIp"),
      text("Customer-Owned IP Pool", "data.CustomerOwnedIpv4Pool"),
    ]),
  ],
  widgets: [...countWidgets("EIP"), chart("In-use/Unused Count", "DONUT", "data.allocation_status", records())],
});
