/**
 * `npm run fixtures:validate -- <set>… [--fixtures DIR]`
 * Loads and validates every file of each named set; prints the first problem
 * (file and JSON path) and exits 1, or prints what was checked.
 */
import { resolve } from "node:path";
import { FixtureError } from "../../replay/fixture-format.js";
import { FixtureStore } from "../../replay/fixture-store.js";
import { parseCli } from "./args.js";

const USAGE = "usage: fixtures:validate -- <set>... [--fixtures DIR=fixtures]";
const { values, positionals } = parseCli({ fixtures: { type: "string" } }, USAGE, true);
if (values.help || positionals.length === 0) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(values.help ? 0 : 2);
}
const store = new FixtureStore(resolve((values.fixtures as string | undefined) ?? "fixtures"));
let failed = false;
for (const name of positionals) {
  try {
    const set = store.get(name);
    if (!set) throw new Error(`no fixture set '${name}' under ${store.root}`);
    const started = Date.now();
    set.loadAll();
    const regions = set.definition.accounts.reduce((n, a) => n + a.enabledRegions.length, 0);
    process.stdout.write(`${name}: valid (${set.definition.accounts.length} account(s), ${regions} enabled region(s), ${Date.now() - started} ms)\n`);
  } catch (err) {
    failed = true;
    process.stderr.write(`${err instanceof FixtureError ? err.message : (err as Error).message}\n`);
  }
}
process.exit(failed ? 1 : 0);
