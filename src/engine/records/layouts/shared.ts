/** Colour maps used by more than one layout. */
import { TONE, type Color } from "./fields.js";

/** Instance `lifecycle` values we emit: `on-demand` when AWS gives none (fix #2), else AWS's `InstanceLifecycle`. */
export const LIFECYCLE_COLORS = {
  "on-demand": "blue.400",
  spot: "indigo.500",
  scheduled: "coral.600",
  "capacity-block": "peacock.500",
  "interruptible-capacity-reservation": "violet.500",
} as const satisfies Record<string, Color>;

export const LOAD_BALANCER_TYPE_COLORS = { application: "indigo.500", network: "coral.600", gateway: "peacock.500" } as const satisfies Record<string, Color>;

export const LOAD_BALANCER_SCHEME_COLORS = { "internet-facing": "indigo.500", internal: "coral.600" } as const satisfies Record<string, Color>;

/** Every `VolumeState`. */
export const VOLUME_STATE_COLORS = {
  "in-use": TONE.ok,
  available: TONE.info,
  creating: TONE.busy,
  deleting: TONE.busy,
  deleted: TONE.off,
  error: TONE.bad,
} as const satisfies Record<string, Color>;

/** Every `VolumeType`, with the name AWS's console gives it. */
export const VOLUME_TYPE_LABELS = {
  gp3: "General Purpose SSD (gp3)",
  gp2: "General Purpose SSD (gp2)",
  io2: "Provisioned IOPS SSD (io2)",
  io1: "Provisioned IOPS SSD (io1)",
  st1: "Throughput Optimized HDD (st1)",
  sc1: "Cold HDD (sc1)",
  standard: "Magnetic (standard)",
} as const;

/** Every `VolumeType`. */
export const VOLUME_TYPE_COLORS = {
  gp3: "indigo.500",
  gp2: "indigo.300",
  io2: "coral.600",
  io1: "coral.400",
  st1: "peacock.500",
  sc1: "peacock.300",
  standard: "gray.500",
} as const satisfies Record<keyof typeof VOLUME_TYPE_LABELS, Color>;
