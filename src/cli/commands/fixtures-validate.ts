/**
 * `fixtures validate <set>…`: loads and validates every file of each named
 * set; prints the first problem (file and JSON path) and exits 1, or prints
 * what was checked. Uses only the replay, so it is in the production build.
 */
import { resolve } from "node:path";
import { EXIT, parse, showHelp, stringFlag, UsageError } from "../args.js";

export const HELP = `Usage: cloudforet-ec2 fixtures validate <set>... [--fixtures-dir DIR]

Loads and validates every file of each fixture set; prints the first problem of an invalid set
(file and JSON path) on stderr. Exit code 1 when a set is invalid, 2 on a usage error.

  --fixtures-dir DIR   where the sets are (default: the repository's fixtures/, or FIXTURES_DIR)`;

export async function run(argv: readonly string[]): Promise<number> {
  const { values, positionals, help } = parse(argv, { "fixtures-dir": { type: "string" } }, true);
  if (help) return showHelp(HELP);
  if (positionals.length === 0) throw new UsageError("name at least one fixture set");
  const [{ loadConfig }, { FixtureError }, { FixtureStore }] = await Promise.all([
    import("../../common/config.js"),
    import("../../replay/fixture-format.js"),
    import("../../replay/fixture-store.js"),
  ]);
  const store = new FixtureStore(resolve(stringFlag(values, "fixtures-dir") ?? loadConfig([], process.env).fixturesDir));
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
  return failed ? EXIT.failedResources : EXIT.ok;
}
