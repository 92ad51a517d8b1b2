/** EBS volumes, streamed to volumes.json: each instance's volumes (some with a snapshot or a product code), then a few unattached ones. */
import type { Item } from "../../replay/fixture-format.js";
import { listWriter } from "./list-writer.js";
import { BASE_TIME, DAY_MS, iso, tags, type InstanceSummary, type RegionScope } from "./region-scope.js";

export interface VolumeExtras {
  /** About one volume in ten has a completed snapshot. */
  snapshots: Item[];
  /** About one volume in a hundred carries a marketplace product code. */
  volumeAttributes: Item[];
}

export function writeVolumes({ account, region, count, rnd, azs }: RegionScope, dir: string, instances: readonly InstanceSummary[]): VolumeExtras {
  const volumeWriter = listWriter(dir, "volumes");
  const snapshots: Item[] = [];
  const volumeAttributes: Item[] = [];
  for (const s of instances) {
    s.volumes.forEach((volumeId, i) => {
      const type = rnd.pick(["gp3", "gp3", "gp3", "gp2", "io1", "st1"]);
      const size = i === 0 ? (s.platform ? 50 : 8 * rnd.int(1, 4)) : rnd.pick([20, 50, 100, 200, 500, 1000]);
      const encrypted = rnd.chance(0.4);
      volumeWriter.add({
        AvailabilityZone: s.az,
        CreateTime: iso(BASE_TIME - rnd.int(1, 700) * DAY_MS),
        Encrypted: encrypted,
        Size: size,
        SnapshotId: "",
        State: "in-use",
        VolumeId: volumeId,
        VolumeType: type,
        Iops: type === "gp3" ? 3000 : type === "io1" ? 1000 : undefined,
        ...(type === "gp3" ? { Throughput: 125 } : {}),
        MultiAttachEnabled: false,
        ...(encrypted ? { KmsKeyId: `arn:aws:kms:${region}:${account}:key/${rnd.hex(8)}-${rnd.hex(4)}-4${rnd.hex(3)}-8${rnd.hex(3)}-${rnd.hex(12)}` } : {}),
        Attachments: [
          {
            AttachTime: iso(BASE_TIME - DAY_MS),
            Device: i === 0 ? (s.platform ? "/dev/sda1" : "/dev/xvda") : `/dev/sd${"fghij"[i]}`,
            InstanceId: s.id,
            State: "attached",
            VolumeId: volumeId,
            DeleteOnTermination: i === 0,
          },
        ],
        Tags: rnd.chance(0.5) ? tags([["Name", `${s.id}-vol-${i}`]]) : [],
      });
      if (rnd.chance(0.01)) volumeAttributes.push({ VolumeId: volumeId, ProductCodes: [{ ProductCodeId: rnd.hex(25), ProductCodeType: "marketplace" }] });
      if (rnd.chance(0.1)) {
        snapshots.push({
          Description: `backup of ${volumeId}`,
          Encrypted: encrypted,
          OwnerId: account,
          Progress: "100%",
          SnapshotId: rnd.id("snap"),
          StartTime: iso(BASE_TIME - rnd.int(1, 90) * DAY_MS),
          CompletionTime: iso(BASE_TIME - rnd.int(0, 1) * DAY_MS),
          State: "completed",
          VolumeId: volumeId,
          VolumeSize: size,
          StorageTier: "standard",
          Tags: [],
        });
      }
    });
  }
  const unattached = Math.ceil(count / 100);
  for (let u = 0; u < unattached; u++) {
    volumeWriter.add({
      AvailabilityZone: rnd.pick(azs),
      CreateTime: iso(BASE_TIME - rnd.int(1, 700) * DAY_MS),
      Encrypted: false,
      Size: rnd.pick([10, 100]),
      SnapshotId: "",
      State: "available",
      VolumeId: rnd.id("vol"),
      VolumeType: "gp3",
      Iops: 3000,
      Throughput: 125,
      MultiAttachEnabled: false,
      Attachments: [],
      Tags: tags([["Name", `orphan-${u + 1}`]]),
    });
  }
  volumeWriter.close();
  return { snapshots, volumeAttributes };
}
