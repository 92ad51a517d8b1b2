/**
 * The Hono app behind the RPC routes: liveness, readiness, the optional fixture
 * replay under `/replay`, and JSON for everything else (404s and errors).
 */
import type { HttpBindings } from "@hono/node-server";
import { Hono } from "hono";
import { mount } from "hono/mount";
import type { Logger } from "../common/log.js";
import type { Lifecycle } from "./lifecycle.js";

export interface HttpAppOptions {
  lifecycle: Lifecycle;
  logger: Logger;
  /** Loads the replay app on first use; omitted when replay is disabled. */
  replay?: () => Promise<Hono>;
}

export function createHttpApp({ lifecycle, logger, replay }: HttpAppOptions): Hono<{ Bindings: HttpBindings }> {
  const app = new Hono<{ Bindings: HttpBindings }>();

  // Alive as long as the process answers at all, draining included.
  app.get("/healthz", (c) => c.json({ status: "alive" }));
  app.get("/readyz", (c) => (lifecycle.ready ? c.json({ status: "ready" }) : c.json({ status: lifecycle.phase }, 503)));

  if (replay) {
    app.all("/replay/*", mount(async (request, ...rest) => (await replay()).fetch(request, ...rest)));
  }

  app.notFound((c) => c.json({ error: "not found", path: c.req.path }, 404));
  app.onError((err, c) => {
    logger.error("http route failed", { path: c.req.path, err });
    return c.json({ error: `ERROR_UNKNOWN: ${err.message}` }, 500);
  });
  return app;
}
