/**
 * The browser console's routes: the page at `/`, its bundle under `/console/`
 * (built into `dist/console/` by `src/console/build.ts`) and
 * `/console/settings.json`, which tells the page whether the server runs the demo
 * and what its forms start with.
 *
 * Every response carries a strict Content-Security-Policy: the page runs only its
 * own bundle and talks only to this origin (gRPC-Web). Files are served from an
 * in-memory table of the built directory's entries, so no request path ever
 * reaches the file system (no traversal).
 */
import { readdir, readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Hono, type Context } from "hono";
import type { ConsoleSettings } from "../../console/settings.js";

export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS = {
  "content-security-policy": CONSOLE_CSP,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/** esbuild's `[name]-[hash]` output names: their content never changes, so browsers may keep them for ever. */
const HASHED_NAME = /-[A-Z0-9]{8}\.(?:js|css)$/;

export interface ConsoleOptions {
  /** Sent as `/console/settings.json`. */
  settings: ConsoleSettings;
  /** The built console (`index.html` and its bundle). Default: `<repo>/dist/console`. */
  dir?: string;
}

interface Asset {
  body: Uint8Array<ArrayBuffer>;
  type: string;
  cacheControl: string;
}

/** `<repo>/dist/console`, whether this file runs from `src/server/http/` or `dist/src/server/http/`. */
function defaultConsoleDir(): string {
  const root = new URL("../../../", import.meta.url);
  return fileURLToPath(new URL(root.pathname.endsWith("/dist/") ? "console" : "dist/console", root));
}

async function loadAssets(dir: string): Promise<Map<string, Asset>> {
  const assets = new Map<string, Asset>();
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const type = CONTENT_TYPES[extname(entry.name)];
    if (!entry.isFile() || !type) continue;
    const cacheControl = HASHED_NAME.test(entry.name) ? "public, max-age=31536000, immutable" : "no-cache";
    assets.set(entry.name, { body: new Uint8Array(await readFile(join(dir, entry.name))), type, cacheControl });
  }
  if (!assets.has("index.html")) throw new Error(`no index.html in ${dir}`);
  return assets;
}

/** The console as a Hono app to mount at `/` (`app.route("/", createConsoleApp(...))`). */
export function createConsoleApp({ settings, dir = defaultConsoleDir() }: ConsoleOptions): Hono {
  // Read once, on first use; a failed read (console not built) is retried on the next request.
  let loading: Promise<Map<string, Asset>> | undefined;
  const assets = () =>
    (loading ??= loadAssets(dir).catch((err: unknown) => {
      loading = undefined;
      throw err;
    }));

  const serve = async (c: Context, name: string) => {
    let table: Map<string, Asset>;
    try {
      table = await assets();
    } catch {
      return c.text("The console is not built: run `npm run build`.\n", 503, SECURITY_HEADERS);
    }
    const asset = table.get(name);
    if (!asset) return c.text("Not found.\n", 404, SECURITY_HEADERS);
    return c.body(asset.body, 200, { ...SECURITY_HEADERS, "content-type": asset.type, "cache-control": asset.cacheControl });
  };

  const app = new Hono();
  app.get("/", (c) => serve(c, "index.html"));
  app.get("/console/settings.json", (c) => c.json(settings, 200, { ...SECURITY_HEADERS, "cache-control": "no-store" }));
  app.get("/console/:name", (c) => serve(c, c.req.param("name")));
  app.all("/console/*", (c) => c.text("Not found.\n", 404, SECURITY_HEADERS));
  return app;
}
