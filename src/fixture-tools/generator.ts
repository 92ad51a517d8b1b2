/**
 * Deterministic synthetic fixture sets for scale tests and benchmarks. A
 * seeded PRNG per account × region makes every region reproducible on its own;
 * instances are written to disk as they are generated (only small summaries
 * stay in memory for the relations), so 100k instances need little memory.
 * Same options ⇒ identical bytes. Mix (docs/decisions.md#synthetic-data): ~80 % running, 15 %
 * stopped, a few pending/stopping/shutting-down; 10–15 % spot; 5–10 % Windows;
 * 20–30 % public IPv4; 3–15 tags, 1–4 volumes, 1–3 ENIs; 2–6 AZs per region.
 * The steps of one region are in generator/region.ts.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FORMAT_VERSION } from "../replay/fixture-format.js";
import type { AccountFixture, SetDefinition } from "../replay/fixture-store.js";
import { generateRegion } from "./generator/region.js";

export interface GeneratorOptions {
  /** Output directory (replaced). */
  outDir: string;
  /** Set name written to set.json (default: the directory name). */
  name: string;
  /** Total instances over all accounts and regions (default 1000). */
  instances?: number;
  /** Regions per account, taken in order from a list of 17 commercial regions (default 3). */
  regions?: number;
  /** Accounts (default 1). */
  accounts?: number;
  /** PRNG seed (default 1). */
  seed?: number;
}

export const GENERATOR_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "ca-central-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-central-1",
  "eu-north-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-south-1",
  "sa-east-1",
];

/** Generates a fixture set; returns its definition (with the access keys to use). */
export function generateFixtureSet(options: GeneratorOptions): SetDefinition {
  const total = options.instances ?? 1000;
  const regionCount = options.regions ?? 3;
  const accountCount = options.accounts ?? 1;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(total) || total < 0) throw new Error("instances must be a non-negative integer");
  if (!Number.isInteger(regionCount) || regionCount < 1 || regionCount > GENERATOR_REGIONS.length)
    throw new Error(`regions must be 1..${GENERATOR_REGIONS.length}`);
  if (!Number.isInteger(accountCount) || accountCount < 1 || accountCount > 99) throw new Error("accounts must be 1..99");
  rmSync(options.outDir, { recursive: true, force: true });
  mkdirSync(options.outDir, { recursive: true });
  const regions = GENERATOR_REGIONS.slice(0, regionCount);
  const accounts: AccountFixture[] = Array.from({ length: accountCount }, (_, a) => {
    const accountId = `${String(seed % 1000).padStart(3, "0")}0000000${String(a + 1).padStart(2, "0")}`;
    return {
      accountId,
      alias: `generated-${a + 1}`,
      users: [
        {
          userName: "generator",
          accessKeyId: `AKIAGEN${String(seed % 1e6).padStart(6, "0")}${String(a + 1).padStart(7, "0")}`,
          secretAccessKey: `generated-secret-${a + 1}`,
        },
      ],
      roles: [{ roleName: "CloudforetCollector", trustedAccounts: [], externalId: "generated-external-id" }],
      enabledRegions: regions,
      disabledRegions: ["af-south-1"],
    };
  });
  for (const account of accounts) account.roles[0]!.trustedAccounts = accounts.map((a) => a.accountId);
  const slots = accountCount * regionCount;
  accounts.forEach((account, a) => {
    regions.forEach((region, r) => {
      const slot = a * regionCount + r;
      const count = Math.floor(total / slots) + (slot < total % slots ? 1 : 0);
      generateRegion({ dir: join(options.outDir, account.accountId, region), account: account.accountId, region, count, seed, regionIndex: r });
    });
  });
  const definition: SetDefinition = {
    formatVersion: FORMAT_VERSION,
    name: options.name,
    description: `Generated: ${total} instances, ${accountCount} account(s) x ${regionCount} region(s), seed ${seed}`,
    accounts,
  };
  writeFileSync(join(options.outDir, "set.json"), `${JSON.stringify(definition, null, 2)}\n`);
  return definition;
}
