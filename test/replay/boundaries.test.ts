/**
 * The replay and its tooling stay where they belong: the production build (tsconfig.build.json, what
 * `npm start` runs and the image ships) compiles no fixture tool, benchmark or test, and imports no dev
 * dependency; the replay imports nothing from the engine or the fixture tools. tsc compiles every local
 * file its root files import, excluded or not, so the import graph is followed here as tsc follows it
 * (TypeScript's own import scanner, no type-check: fast).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const repoPath = (file: string) => relative(REPO, file).split(sep).join("/");

interface Imports {
  /** Local files (repository paths). */
  files: string[];
  /** Bare specifiers (packages, `node:` modules). */
  packages: string[];
}

function importsOf(file: string): Imports {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  const out: Imports = { files: [], packages: [] };
  for (const { fileName } of importedFiles) {
    if (!fileName.startsWith(".")) {
      out.packages.push(fileName);
      continue;
    }
    const target = resolve(dirname(file), fileName);
    const source = target.endsWith(".js") ? `${target.slice(0, -3)}.ts` : target;
    if (!existsSync(source)) throw new Error(`${repoPath(file)} imports ${fileName}, which does not exist`);
    out.files.push(source);
  }
  return out;
}

/** Every local file reachable from `roots`, with the bare specifiers each one imports. */
function closure(roots: readonly string[]): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const queue = [...roots];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    const { files, packages } = importsOf(file);
    seen.set(file, packages);
    queue.push(...files);
  }
  return seen;
}

function rootFilesOf(tsconfig: string): string[] {
  const path = join(REPO, tsconfig);
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (!parsed || parsed.errors.length > 0) throw new Error(`cannot read ${tsconfig}`);
  return parsed.fileNames.map((f) => resolve(f));
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
const packageOf = (specifier: string) =>
  specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");

const manifest = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { devDependencies: Record<string, string> };

describe("production build", () => {
  const production = closure(rootFilesOf("tsconfig.build.json"));
  const compiled = [...production.keys()].map(repoPath);

  it("compiles the server and the replay, and no fixture tool, benchmark or test", () => {
    expect(compiled).toContain("src/main.ts");
    expect(compiled).toContain("src/replay/index.ts");
    expect(compiled.filter((f) => f.startsWith("src/fixture-tools/") || f.startsWith("bench/") || f.startsWith("test/") || f.endsWith(".test.ts"))).toEqual([]);
  });

  it("imports no dev dependency (the image installs none): @aws-sdk/credential-providers is the fixture recorder's alone", () => {
    expect(manifest.devDependencies).toHaveProperty("@aws-sdk/credential-providers");
    const devImports = [...production].flatMap(([file, packages]) =>
      packages.filter((p) => packageOf(p) in manifest.devDependencies).map((p) => `${repoPath(file)}: ${p}`),
    );
    expect(devImports).toEqual([]);
  });

  it("the development build adds the fixture tools and the benchmarks", () => {
    const dev = [...closure(rootFilesOf("tsconfig.dev.json")).keys()].map(repoPath);
    expect(dev).toEqual(expect.arrayContaining([...compiled, "src/fixture-tools/cli/record.ts", "src/fixture-tools/generator.ts", "bench/run.ts"]));
  });
});

describe("import boundaries", () => {
  it("the replay imports nothing from the engine, the plugin, the server or the fixture tools", () => {
    const replay = rootFilesOf("tsconfig.build.json").filter((f) => repoPath(f).startsWith("src/replay/"));
    const reached = [...closure(replay).keys()].map(repoPath);
    expect(reached).toContain("src/replay/dispatch.ts");
    expect(reached.filter((f) => !f.startsWith("src/replay/") && !f.startsWith("src/common/"))).toEqual([]);
  });

  it("the engine imports nothing from the plugin or the server, and the server nothing from the engine or the plugin", () => {
    const roots = rootFilesOf("tsconfig.build.json");
    const reachedFrom = (dir: string) => [...closure(roots.filter((f) => repoPath(f).startsWith(dir))).keys()].map(repoPath);
    const engine = reachedFrom("src/engine/");
    expect(engine).toContain("src/engine/collect.ts");
    expect(engine.filter((f) => f.startsWith("src/plugin/") || f.startsWith("src/server/"))).toEqual([]);
    const server = reachedFrom("src/server/");
    expect(server).toContain("src/server/server.ts");
    expect(server.filter((f) => f.startsWith("src/engine/") || f.startsWith("src/plugin/"))).toEqual([]);
  });
});
