/**
 * `npm run build:console [-- outDir]`, from the repository root: builds the
 * console into `dist/console` (or `outDir`). esbuild compiles this file into the
 * ignored `tmp/` for node to run, so no build tooling enters the production build.
 */
import { buildConsole } from "./build.js";

const { dir, files } = await buildConsole({ sourceDir: "src/console", outDir: process.argv[2] ?? "dist/console" });
process.stdout.write(`console built in ${dir}: ${files.map(({ name, bytes }) => `${name} ${(bytes / 1024).toFixed(1)} KiB`).join(", ")}\n`);
