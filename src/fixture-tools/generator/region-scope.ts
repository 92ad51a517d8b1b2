/** What every step of a region's generation shares, and the small vocabulary its resources are made of. */
import type { Item } from "../../replay/fixture-format.js";
import type { Random } from "./random.js";

export interface RegionScope {
  account: string;
  region: string;
  /** Instances to generate in this region. */
  count: number;
  /** The region's own PRNG: steps must draw from it in a fixed order (same options ⇒ identical bytes). */
  rnd: Random;
  /** 2–6 availability zones. */
  azs: string[];
  /** Second octet of the region's first `10.x.0.0/16` VPC. */
  base: number;
}

/** What later steps need to know of an instance once it is written (relations: volumes, groups, targets). */
export interface InstanceSummary {
  id: string;
  type: string;
  az: string;
  subnet: string;
  ip: string;
  state: string;
  group?: string;
  lifecycle?: string;
  platform?: string;
  imageId: string;
  volumes: string[];
}

/** The region's VPCs (the default VPC last) and their subnets, one per VPC and AZ in that order. */
export interface Network {
  vpcs: Item[];
  subnets: Item[];
  /** VPCs other than the default one. */
  vpcCount: number;
}

/** [name, vCPUs, memory MiB, network performance] */
export const TYPES: ReadonlyArray<[string, number, number, string]> = [
  ["t3.micro", 2, 1024, "Up to 5 Gigabit"],
  ["t3.small", 2, 2048, "Up to 5 Gigabit"],
  ["t3.medium", 2, 4096, "Up to 5 Gigabit"],
  ["t3.large", 2, 8192, "Up to 5 Gigabit"],
  ["m5.large", 2, 8192, "Up to 10 Gigabit"],
  ["m5.xlarge", 4, 16384, "Up to 10 Gigabit"],
  ["m6i.2xlarge", 8, 32768, "Up to 12.5 Gigabit"],
  ["c5.large", 2, 4096, "Up to 10 Gigabit"],
  ["c6g.xlarge", 4, 8192, "Up to 10 Gigabit"],
  ["r5.xlarge", 4, 32768, "Up to 10 Gigabit"],
  ["r6i.4xlarge", 16, 131072, "Up to 12.5 Gigabit"],
  ["g4dn.xlarge", 4, 16384, "Up to 25 Gigabit"],
];
export const APPS = ["web", "api", "worker", "batch", "db", "cache", "search", "etl", "auth", "billing", "gateway", "reports"];
export const ENVS = ["production", "staging", "development", "qa"];
export const TEAMS = ["platform", "payments", "data", "growth", "infra", "mobile", "sre", "analytics"];
export const OWNERS = ["Zoë Ångström", "山田太郎", "김민수", "José Núñez", "Ørjan Søvik", "Priya Ramaswamy", "Łukasz Wróbel", "Chen Wei"];
/** The owner id of Amazon's public images. */
export const AMAZON = "137112412989";

/** Every generated time is relative to this instant, never to the clock. */
export const BASE_TIME = Date.UTC(2026, 0, 1);
export const DAY_MS = 86400000;
export const iso = (ms: number) => new Date(ms).toISOString();

export const tags = (pairs: Array<[string, string]>) => pairs.map(([Key, Value]) => ({ Key, Value }));
