/** The region's images: Amazon's public Linux and Windows images, a few owned golden images, and their attributes. */
import type { Item } from "../../replay/fixture-format.js";
import { AMAZON, APPS, BASE_TIME, DAY_MS, iso, tags, TEAMS, type RegionScope } from "./region-scope.js";

export interface Images {
  /** What images.json lists: the public images, then the owned ones. */
  images: Item[];
  publicLinux: { id: string; name: string };
  publicWindows: { id: string; name: string };
  owned: Item[];
  /** An image some instances were launched from, absent from images.json (deregistered since). */
  deregistered: string;
}

export function generateImages({ account, rnd }: RegionScope): Images {
  const images: Item[] = [];
  const publicLinux = { id: rnd.id("ami"), name: "al2023-ami-2023.9.20260101.0-kernel-6.12-x86_64" };
  const publicWindows = { id: rnd.id("ami"), name: "Windows_Server-2025-English-Full-Base-2026.01.01" };
  for (const [img, platform] of [
    [publicLinux, undefined],
    [publicWindows, "windows"],
  ] as const) {
    images.push({
      Architecture: "x86_64",
      CreationDate: iso(BASE_TIME - 20 * DAY_MS),
      ImageId: img.id,
      ImageLocation: `amazon/${img.name}`,
      ImageType: "machine",
      Public: true,
      OwnerId: AMAZON,
      ImageOwnerAlias: "amazon",
      Name: img.name,
      State: "available",
      RootDeviceType: "ebs",
      RootDeviceName: platform ? "/dev/sda1" : "/dev/xvda",
      VirtualizationType: "hvm",
      Hypervisor: "xen",
      EnaSupport: true,
      PlatformDetails: platform ? "Windows" : "Linux/UNIX",
      UsageOperation: platform ? "RunInstances:0002" : "RunInstances",
      ...(platform ? { Platform: platform } : {}),
      BlockDeviceMappings: [
        {
          DeviceName: platform ? "/dev/sda1" : "/dev/xvda",
          Ebs: { DeleteOnTermination: true, SnapshotId: rnd.id("snap"), VolumeSize: platform ? 30 : 8, VolumeType: "gp3", Encrypted: false },
        },
      ],
    });
  }
  const owned = Array.from({ length: rnd.int(2, 6) }, (_, i) => {
    const id = rnd.id("ami");
    return {
      Architecture: "x86_64",
      CreationDate: iso(BASE_TIME - rnd.int(1, 400) * DAY_MS),
      ImageId: id,
      ImageLocation: `${account}/golden-${i + 1}`,
      ImageType: "machine",
      Public: false,
      OwnerId: account,
      Name: `golden-${rnd.pick(APPS)}-${i + 1}`,
      State: "available",
      RootDeviceType: "ebs",
      RootDeviceName: "/dev/xvda",
      VirtualizationType: "hvm",
      Hypervisor: "xen",
      EnaSupport: true,
      PlatformDetails: "Linux/UNIX",
      UsageOperation: "RunInstances",
      Tags: tags([
        ["Name", `golden-${i + 1}`],
        ["Team", rnd.pick(TEAMS)],
      ]),
      BlockDeviceMappings: [
        { DeviceName: "/dev/xvda", Ebs: { DeleteOnTermination: true, SnapshotId: rnd.id("snap"), VolumeSize: 8, VolumeType: "gp3", Encrypted: false } },
      ],
    };
  });
  images.push(...owned);
  const deregistered = rnd.id("ami");
  return { images, publicLinux, publicWindows, owned, deregistered };
}

/** Launch permissions of the owned images: about a third shared with another account. */
export function generateImageAttributes({ rnd }: RegionScope, { owned }: Images): Item[] {
  return owned.map((image) => ({
    ImageId: image.ImageId,
    LaunchPermissions: rnd.chance(0.3) ? [{ UserId: String(rnd.int(100000000000, 999999999999)) }] : [],
  }));
}
