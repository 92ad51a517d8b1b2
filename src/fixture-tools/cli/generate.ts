/**
 * `npm run fixtures:generate -- --instances 100000 --regions 17 --seed 1 [--accounts 1] [--name gen] [--out dir]`
 * Writes a deterministic fixture set (default `fixtures/generated/<name>`, git-ignored).
 */
import { resolve } from "node:path";
import { generateFixtureSet } from "../generator.js";
import { SET_NAME } from "../../replay/fixture-schemas.js";
import { integer, parseCli } from "./args.js";

const USAGE = "usage: fixtures:generate -- [--instances N=1000] [--regions N=3 (1..17)] [--accounts N=1] [--seed N=1] [--name NAME] [--out DIR]";
const { values: args } = parseCli(
  { instances: { type: "string" }, regions: { type: "string" }, accounts: { type: "string" }, seed: { type: "string" }, name: { type: "string" }, out: { type: "string" } },
  USAGE,
);
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const instances = integer(args.instances as string | undefined, "instances", 1000);
const regions = integer(args.regions as string | undefined, "regions", 3);
const accounts = integer(args.accounts as string | undefined, "accounts", 1);
const seed = integer(args.seed as string | undefined, "seed", 1);
const name = (args.name as string | undefined) ?? `gen-${instances}-${regions}r-s${seed}`;
if (!SET_NAME.test(name)) {
  process.stderr.write(`--name must match ${SET_NAME}\n`);
  process.exit(2);
}
const outDir = resolve((args.out as string | undefined) ?? `fixtures/generated/${name}`);
const started = Date.now();
const definition = generateFixtureSet({ outDir, name, instances, regions, accounts, seed });
const keys = definition.accounts.map((a) => `${a.accountId}: ${a.users[0]!.accessKeyId} / ${a.users[0]!.secretAccessKey}`).join("\n  ");
process.stdout.write(`wrote ${outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s\nset "${name}", access keys:\n  ${keys}\n`);
