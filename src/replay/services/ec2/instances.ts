/** EC2 instances: DescribeInstances (pages count instances, not reservations), DescribeInstanceAttribute, DescribeInstanceTypes. */
import { AwsError, invalidParameterValue } from "../../aws-error.js";
import { applyFilters, get, type FilterTable } from "../../filters.js";
import type { Item } from "../../fixture-format.js";
import type { CallContext, Operation } from "../../operation.js";
import { paginate } from "../../pagination.js";
import { notFound, selectByIds } from "../common.js";
import { byKey, page, unknownAttribute } from "./common.js";

interface InstanceRow {
  reservation: Item;
  instance: Item;
}

const INSTANCE_FILTERS: FilterTable = {
  "instance-state-name": (i) => get(i, "State", "Name"),
  "instance-state-code": (i) => get(i, "State", "Code"),
  "instance-id": (i) => i.InstanceId,
  "instance-type": (i) => i.InstanceType,
  "image-id": (i) => i.ImageId,
  "vpc-id": (i) => i.VpcId,
  "subnet-id": (i) => i.SubnetId,
  "availability-zone": (i) => get(i, "Placement", "AvailabilityZone"),
  "instance-lifecycle": (i) => i.InstanceLifecycle,
  platform: (i) => i.Platform,
  "private-ip-address": (i) => i.PrivateIpAddress,
  "ip-address": (i) => i.PublicIpAddress,
  "instance.group-id": (i) => ((i.SecurityGroups as Item[] | undefined) ?? []).map((g) => g.GroupId),
  "network-interface.network-interface-id": (i) => ((i.NetworkInterfaces as Item[] | undefined) ?? []).map((n) => n.NetworkInterfaceId),
};

function instanceRows(ctx: CallContext): InstanceRow[] {
  return ctx.fixtures.memo("instanceRows", () =>
    ctx.fixtures
      .list("instances")
      .flatMap((reservation) => ((reservation.Instances as Item[] | undefined) ?? []).map((instance) => ({ reservation, instance }))),
  );
}

/** Groups a page of instances back into their reservations, each holding only the page's instances. */
function regroup(rows: readonly InstanceRow[]): Item[] {
  const out: Item[] = [];
  let last: InstanceRow["reservation"] | undefined;
  for (const row of rows) {
    if (row.reservation !== last) {
      out.push({ ...row.reservation, Instances: [] });
      last = row.reservation;
    }
    (out[out.length - 1]!.Instances as Item[]).push(row.instance);
  }
  return out;
}

export const describeInstances: Operation = {
  accepts: ["InstanceIds", "Filters", "MaxResults", "NextToken"],
  handle(input, ctx) {
    if (Array.isArray(input.InstanceIds) && input.InstanceIds.length > 0 && input.MaxResults !== undefined) {
      throw new AwsError("InvalidParameterCombination", "The parameter instancesSet cannot be used with the parameter maxResults");
    }
    let rows: readonly InstanceRow[] = instanceRows(ctx);
    const ids = input.InstanceIds;
    if (Array.isArray(ids) && ids.length > 0) {
      const selected = selectByIds(
        rows.map((r) => r.instance),
        ids,
        "InstanceId",
        notFound("InvalidInstanceID.NotFound", "instance ID"),
      );
      const wanted = new Set(selected);
      rows = rows.filter((r) => wanted.has(r.instance));
    }
    if (Array.isArray(input.Filters) && input.Filters.length > 0) {
      const kept = new Set(
        applyFilters(
          rows.map((r) => r.instance),
          input.Filters,
          INSTANCE_FILTERS,
        ),
      );
      rows = rows.filter((r) => kept.has(r.instance));
    }
    const { items, next } = paginate(rows, input, page(5, 1000), ctx);
    return { Reservations: regroup(items), NextToken: next };
  },
};

function findInstance(ctx: CallContext, id: unknown): Item {
  const instance = ctx.fixtures.memo("instancesById", () => new Map(instanceRows(ctx).map((r) => [r.instance.InstanceId, r.instance]))).get(id);
  if (!instance) throw notFound("InvalidInstanceID.NotFound", "instance ID")([String(id)]);
  return instance;
}

/** Attribute name → output member (and its default when the fixture has no value). */
const INSTANCE_ATTRIBUTES: Record<string, [string, (instance: Item) => unknown]> = {
  disableApiTermination: ["DisableApiTermination", () => ({ Value: false })],
  disableApiStop: ["DisableApiStop", () => ({ Value: false })],
  instanceType: ["InstanceType", (i) => ({ Value: i.InstanceType })],
  instanceInitiatedShutdownBehavior: ["InstanceInitiatedShutdownBehavior", () => ({ Value: "stop" })],
  ebsOptimized: ["EbsOptimized", (i) => ({ Value: i.EbsOptimized ?? false })],
  sourceDestCheck: ["SourceDestCheck", (i) => ({ Value: i.SourceDestCheck ?? true })],
  rootDeviceName: ["RootDeviceName", (i) => ({ Value: i.RootDeviceName })],
  blockDeviceMapping: ["BlockDeviceMappings", (i) => i.BlockDeviceMappings ?? []],
  productCodes: ["ProductCodes", (i) => i.ProductCodes ?? []],
  groupSet: ["Groups", (i) => i.SecurityGroups ?? []],
  userData: ["UserData", () => ({})],
};

export const describeInstanceAttribute: Operation = {
  accepts: ["InstanceId", "Attribute"],
  handle(input, ctx) {
    const instance = findInstance(ctx, input.InstanceId);
    const spec = INSTANCE_ATTRIBUTES[String(input.Attribute)];
    if (!spec) throw unknownAttribute(input.Attribute);
    const [member, fallback] = spec;
    const stored = byKey(ctx, "instanceAttributes", "InstanceId").get(instance.InstanceId);
    return { InstanceId: instance.InstanceId, [member]: stored?.[member] ?? fallback(instance) };
  },
};
export const describeInstanceTypes: Operation = {
  accepts: ["InstanceTypes", "MaxResults", "NextToken"],
  handle(input, ctx) {
    const all = ctx.fixtures.list("instanceTypes");
    const types = selectByIds(all, input.InstanceTypes, "InstanceType", (missing) =>
      invalidParameterValue(`The following supplied instance types do not exist: [${missing.join(", ")}]`),
    );
    const { items, next } = paginate(types, input, page(5, 100, "error", 100), ctx);
    return { InstanceTypes: items, NextToken: next };
  },
};
