/**
 * `fixtures <tool>`: the fixture tools. `validate` and `serve` use only the
 * replay and ship with the production build; `generate` and `record` are
 * development tools (src/fixture-tools), loaded from where the development
 * build puts them and reported as missing where it did not (the image).
 */
import { UsageError, showHelp } from "../args.js";
import type { CommandModule } from "../command.js";

export const HELP = `Usage: cloudforet-ec2 fixtures <tool> [options]   (cloudforet-ec2 fixtures <tool> --help)

Tools:
  validate <set>...   validate fixture sets (exit 1 when one is invalid)
  serve               serve the replay alone, e.g. for benchmarks
  generate            write a generated fixture set of any size       (development build only)
  record              record a real AWS account into a fixture set    (development build only)`;

/** Where the development build puts the development tools, relative to this module (src/ and dist/src/ alike). */
const DEV_TOOLS = new URL("../../fixture-tools/cli/", import.meta.url);

/** A development tool's module; a usage error naming the cause when this build does not have it. */
export async function loadDevTool(name: string, tools: URL = DEV_TOOLS): Promise<CommandModule> {
  const url = new URL(`${name}.js`, tools);
  try {
    // A computed specifier: the production build does not compile (or follow) the development tools.
    return (await import(url.href)) as CommandModule;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") throw err;
    throw new UsageError(
      `fixtures ${name} is a development tool and this build does not have it (${(err as Error).message.split("\n", 1)[0]}). ` +
        `Run it from a source checkout: npm run fixtures:${name} -- …`,
    );
  }
}

const TOOLS: Record<string, () => Promise<CommandModule>> = {
  validate: () => import("./fixtures-validate.js"),
  serve: () => import("./fixtures-serve.js"),
  generate: () => loadDevTool("generate"),
  record: () => loadDevTool("record"),
};

export async function run(argv: readonly string[]): Promise<number | undefined> {
  const [tool, ...rest] = argv;
  if (tool === undefined) throw new UsageError("name a tool: validate, serve, generate or record");
  if (tool === "--help" || tool === "-h" || tool === "help") return showHelp(HELP);
  const load = TOOLS[tool];
  if (!load) throw new UsageError(`unknown fixtures tool "${tool}" (validate, serve, generate, record)`);
  return (await load()).run(rest);
}
