/**
 * Fixture replay: a local AWS endpoint for the real SDK. Placeholder until the
 * replay lands; mounted by the server under `/replay`.
 */
import { Hono } from "hono";

export interface ReplayOptions {
  /** Directory holding one sub-directory per fixture set. */
  fixturesDir: string;
}

export function createReplayRoutes(_options: ReplayOptions): Hono {
  const app = new Hono();
  app.all("*", (c) => c.json({ error: "replay not implemented" }, 501));
  return app;
}
