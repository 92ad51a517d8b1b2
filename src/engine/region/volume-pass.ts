/**
 * The region's single DescribeVolumes pass, read for two types at two times: the Instance type,
 * which comes first and shows a few fields of each instance's volumes, and the Volume type, which
 * comes late and needs every volume whole. So each page is projected to those few fields (a
 * `VolumeDisk` per volume, its repeated strings shared) and then parked off the heap
 * (docs/benchmarks.md#memory-of-a-region-task).
 */
import type { Volume } from "@aws-sdk/client-ec2";
import type { AwsSession } from "../aws/session.js";
import { REGION_WIDE_LISTINGS } from "./listing-table.js";
import type { VolumeDisk } from "./listings.js";
import type { PagedListing } from "./parked-pages.js";

export interface VolumePass {
  volumes: PagedListing<Volume>;
  /** By volume id. */
  disks: Map<string, VolumeDisk>;
}

/** One string object per distinct value: device names and volume types repeat across a region's volumes. */
function interner(): (value: string | undefined) => string | undefined {
  const pool = new Map<string, string>();
  return (value) => {
    if (value === undefined) return undefined;
    const known = pool.get(value);
    if (known !== undefined) return known;
    pool.set(value, value);
    return value;
  };
}

/** What an Instance record shows of `volume`. */
export function volumeDisk(volume: Volume, intern: (value: string | undefined) => string | undefined = (v) => v): VolumeDisk {
  return {
    Device: intern(volume.Attachments?.[0]?.Device),
    Size: volume.Size,
    VolumeType: intern(volume.VolumeType),
    Encrypted: volume.Encrypted,
    Iops: volume.Iops,
  };
}

export async function readVolumes(session: AwsSession, region: string): Promise<VolumePass> {
  const disks = new Map<string, VolumeDisk>();
  const intern = interner();
  const volumes = await REGION_WIDE_LISTINGS.volumes.read(session, region, (page) => {
    // Empty ids are left out like missing ones; a later volume with the same id replaces the earlier one.
    for (const volume of page) if (volume.VolumeId) disks.set(volume.VolumeId, volumeDisk(volume, intern));
  });
  return { volumes, disks };
}
