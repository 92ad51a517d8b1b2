/**
 * Builds the browser console: `main.ts` and `console.css` bundled and minified
 * by esbuild under content-hashed names (the server lets browsers keep them for
 * ever), and `index.html` pointing at them. Offline: everything comes from
 * node_modules and gen/. Build tooling, so outside the production build:
 * `npm run build` runs it through `build-cli.ts`; tests call `buildConsole`.
 */
import { readFile, rm, stat, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { build } from "esbuild";

export interface ConsoleBuildOptions {
  /** `src/console`. */
  sourceDir: string;
  /** Emptied first: the server serves whatever is in it, and old hashed bundles must not pile up. */
  outDir: string;
}

export interface ConsoleBuild {
  dir: string;
  /** Every file written, with its size in bytes. */
  files: Array<{ name: string; bytes: number }>;
}

/** The page's references to its bundle, as written in `src/console/index.html`. */
const PLACEHOLDERS = { js: "/console/console.js", css: "/console/console.css" };

export async function buildConsole({ sourceDir, outDir }: ConsoleBuildOptions): Promise<ConsoleBuild> {
  await rm(outDir, { recursive: true, force: true });
  const result = await build({
    entryPoints: [
      { in: join(sourceDir, "main.ts"), out: "console" },
      { in: join(sourceDir, "console.css"), out: "console" },
    ],
    entryNames: "[name]-[hash]",
    outdir: outDir,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    metafile: true,
    logLevel: "warning",
  });
  const outputs = Object.keys(result.metafile.outputs).map((output) => basename(output));
  let html = await readFile(join(sourceDir, "index.html"), "utf8");
  for (const output of outputs) {
    const placeholder = output.endsWith(".js") ? PLACEHOLDERS.js : PLACEHOLDERS.css;
    if (!html.includes(placeholder)) throw new Error(`${sourceDir}/index.html does not reference ${placeholder}`);
    html = html.replace(placeholder, `/console/${output}`);
  }
  await writeFile(join(outDir, "index.html"), html);
  const files = await Promise.all([...outputs, "index.html"].map(async (name) => ({ name, bytes: (await stat(join(outDir, name))).size })));
  return { dir: outDir, files };
}
