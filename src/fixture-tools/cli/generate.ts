/**
 * `fixtures generate` (`npm run fixtures:generate -- --instances 100000 --regions 17 --seed 1 [--accounts 1] [--name gen] [--out dir]`):
 * writes a deterministic fixture set (default `fixtures/generated/<name>`, git-ignored).
 * A development tool: the CLI loads it only where the development build put it.
 */
import { resolve } from "node:path";
import { EXIT, integerFlag, parse, showHelp, stringFlag, UsageError } from "../../cli/args.js";
import { SET_NAME } from "../../replay/fixture-schemas.js";
import { generateFixtureSet } from "../generator.js";

export const HELP = `Usage: cloudforet-ec2 fixtures generate [--instances N] [--regions N] [--accounts N] [--seed N] [--name NAME] [--out DIR]

Writes a deterministic fixture set of any size (a development tool: npm run fixtures:generate).

  --instances N   instances per account (default 1000)
  --regions N     enabled regions per account, 1 to 17 (default 3)
  --accounts N    accounts (default 1)
  --seed N        random seed (default 1)
  --name NAME     set name (default gen-<instances>-<regions>r-s<seed>)
  --out DIR       where to write it (default fixtures/generated/<name>)`;

export function run(argv: readonly string[]): number {
  const { values, help } = parse(argv, {
    instances: { type: "string" },
    regions: { type: "string" },
    accounts: { type: "string" },
    seed: { type: "string" },
    name: { type: "string" },
    out: { type: "string" },
  });
  if (help) return showHelp(HELP);
  const instances = integerFlag(values, "instances", 1000);
  const regions = integerFlag(values, "regions", 3);
  const accounts = integerFlag(values, "accounts", 1);
  const seed = integerFlag(values, "seed", 1);
  const name = stringFlag(values, "name") ?? `gen-${instances}-${regions}r-s${seed}`;
  if (!SET_NAME.test(name)) throw new UsageError(`--name must match ${SET_NAME}`);
  const outDir = resolve(stringFlag(values, "out") ?? `fixtures/generated/${name}`);
  const started = Date.now();
  const definition = generateFixtureSet({ outDir, name, instances, regions, accounts, seed });
  const keys = definition.accounts.map((a) => `${a.accountId}: ${a.users[0]!.accessKeyId} / ${a.users[0]!.secretAccessKey}`).join("\n  ");
  process.stdout.write(`wrote ${outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s\nset "${name}", access keys:\n  ${keys}\n`);
  return EXIT.ok;
}
