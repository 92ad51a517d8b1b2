/** EC2 images: DescribeImages (owners, deprecation as AWS hides it) and DescribeImageAttribute (owned images only). */
import { applyFilters, type FilterTable } from "../../filters.js";
import type { Operation } from "../../operation.js";
import { paginate } from "../../pagination.js";
import { notFound, selectByIds } from "../common.js";
import { byKey, ownerOf, page, unknownAttribute } from "./common.js";

const IMAGE_FILTERS: FilterTable = {
  "image-id": (i) => i.ImageId,
  "owner-id": (i) => i.OwnerId,
  "owner-alias": (i) => i.ImageOwnerAlias,
  name: (i) => i.Name,
  state: (i) => i.State,
  "is-public": (i) => i.Public,
  platform: (i) => i.Platform,
  architecture: (i) => i.Architecture,
  "image-type": (i) => i.ImageType,
};

export const describeImages: Operation = {
  accepts: ["ImageIds", "Owners", "Filters", "MaxResults", "NextToken", "IncludeDeprecated"],
  handle(input, ctx) {
    let images = selectByIds(ctx.fixtures.list("images"), input.ImageIds, "ImageId", notFound("InvalidAMIID.NotFound", "image id"));
    if (Array.isArray(input.Owners) && input.Owners.length > 0) {
      const owners = (input.Owners as string[]).map((o) => ownerOf(ctx, o));
      images = images.filter((i) => owners.includes(i.OwnerId as string) || owners.includes(i.ImageOwnerAlias as string));
    }
    // AWS hides deprecated images unless asked, except from their owner.
    if (input.IncludeDeprecated !== true) {
      images = images.filter((i) => i.OwnerId === ctx.account.accountId || typeof i.DeprecationTime !== "string" || Date.parse(i.DeprecationTime) > ctx.now());
    }
    images = applyFilters(images, input.Filters, IMAGE_FILTERS);
    const { items, next } = paginate(images, input, page(5, 1000, "cap"), ctx);
    return { Images: items, NextToken: next };
  },
};

const IMAGE_ATTRIBUTES: Record<string, [string, unknown]> = {
  launchPermission: ["LaunchPermissions", []],
  productCodes: ["ProductCodes", []],
  blockDeviceMapping: ["BlockDeviceMappings", []],
  description: ["Description", {}],
  bootMode: ["BootMode", {}],
  imdsSupport: ["ImdsSupport", {}],
  deregistrationProtection: ["DeregistrationProtection", {}],
  lastLaunchedTime: ["LastLaunchedTime", {}],
};

export const describeImageAttribute: Operation = {
  accepts: ["ImageId", "Attribute"],
  handle(input, ctx) {
    const image = byKey(ctx, "images", "ImageId").get(input.ImageId);
    if (!image || image.OwnerId !== ctx.account.accountId) throw notFound("InvalidAMIID.NotFound", "image id")([String(input.ImageId)]);
    const spec = IMAGE_ATTRIBUTES[String(input.Attribute)];
    if (!spec) throw unknownAttribute(input.Attribute);
    const [member, fallback] = spec;
    const stored = byKey(ctx, "imageAttributes", "ImageId").get(image.ImageId);
    return { ImageId: image.ImageId, [member]: stored?.[member] ?? fallback };
  },
};
