/**
 * Fixture replay: Hono routes that act as AWS service endpoints for a named
 * fixture set. Mounted by the server at `/replay`; an unmodified SDK client
 * with endpoint `http://host:port/replay/<set>` (or `/replay/<set>/~<profile>`
 * for a fault profile) talks to it. Admin routes per set:
 *   GET  /<set>/_stats         call counters (JSON)
 *   POST /<set>/_stats/reset
 *   GET  /<set>/_faults        the active run-time fault configuration
 *   PUT  /<set>/_faults        replace it (JSON FaultConfig)
 *   DELETE /<set>/_faults      back to the set's default
 */
import { Hono, type Context } from "hono";
import { log as rootLog, type Logger } from "../common/log.js";
import { AwsError } from "./aws-error.js";
import { dispatch, failure, type DispatchResult } from "./dispatch.js";
import { FaultState, parseFaultConfig } from "./faults.js";
import { FixtureError } from "./fixture-format.js";
import { FixtureStore, type FixtureSet } from "./fixture-store.js";
import { SET_NAME } from "./fixture-schemas.js";
import { SessionStore } from "./sessions.js";
import { Stats } from "./stats.js";

export interface ReplayOptions {
  /** Directory holding one sub-directory per fixture set (and `generated/<set>`). */
  fixturesDir: string;
  /** Re-compute each SigV4 signature with the fixture secret and reject mismatches. Default true. */
  verifySignatures?: boolean;
  /**
   * Where the routes are mounted. SigV4 signs the full path the client used;
   * when the host strips this prefix before handing the request over (Hono's
   * `mount`), it is put back for signature checks. Default `/replay`.
   */
  mountPath?: string;
  /** Clock in ms, for token buckets and session expiry. Default `Date.now`. */
  now?: () => number;
  /** Default: the process logger. */
  logger?: Logger;
}

interface SetState {
  set: FixtureSet;
  stats: Stats;
  /** The set's default faults, or what `PUT _faults` installed. */
  faults: FaultState;
  profiles: Map<string, FaultState>;
}

export function createReplayRoutes(options: ReplayOptions): Hono {
  const store = new FixtureStore(options.fixturesDir);
  const sessions = new SessionStore();
  const now = options.now ?? Date.now;
  const verifySignatures = options.verifySignatures ?? true;
  const mountPath = (options.mountPath ?? "/replay").replace(/\/$/, "");
  const log = (options.logger ?? rootLog).child({ component: "replay" });
  const states = new Map<string, SetState>();

  /** The set's state, or a JSON response explaining why there is none (a bad `set.json` is rethrown for AWS calls). */
  function stateOf(c: Context, rethrow = false): SetState | Response {
    const name = c.req.param("set") ?? "";
    if (!SET_NAME.test(name)) return c.json({ error: `invalid fixture set name '${name.slice(0, 64)}'` }, 400);
    const cached = states.get(name);
    if (cached) return cached;
    let set: FixtureSet | undefined;
    try {
      set = store.get(name);
    } catch (err) {
      if (!(err instanceof FixtureError)) throw err;
      log.error("fixture set failed to load", { set: name, err });
      if (rethrow) throw err;
      return c.json({ error: err.message }, 500);
    }
    if (!set) return c.json({ error: `no fixture set '${name}'` }, 404);
    const state: SetState = { set, stats: new Stats(), faults: new FaultState(set.definition.faults ?? {}, now), profiles: new Map() };
    states.set(name, state);
    return state;
  }

  async function serve(c: Context, profile?: string): Promise<Response> {
    const body = await c.req.text();
    let state: SetState | Response;
    try {
      state = stateOf(c, true);
    } catch (err) {
      // The SDK must see an AWS error naming the bad file, not a JSON body it cannot parse.
      return respond(failure({ headers: c.req.raw.headers, body }, new AwsError("InternalError", (err as Error).message, 500)));
    }
    if (state instanceof Response) return state;
    let faults = state.faults;
    if (profile !== undefined) {
      const config = state.set.definition.faultProfiles?.[profile];
      if (!config) return c.json({ error: `fixture set '${state.set.name}' has no fault profile '${profile}'` }, 404);
      faults = state.profiles.get(profile) ?? new FaultState(config, now);
      state.profiles.set(profile, faults);
    }
    const url = new URL(c.req.url);
    const signedPath = url.pathname.startsWith(`${mountPath}/`) ? url.pathname : `${mountPath}${url.pathname}`;
    const result = await dispatch(
      { method: c.req.method, path: signedPath, query: url.search.slice(1), headers: c.req.raw.headers, body, signal: c.req.raw.signal },
      { set: state.set, sessions, stats: state.stats, faults, verifySignatures, now },
    );
    if (result.status >= 500) log.warn("replay answered with a server error", { set: state.set.name, status: result.status, request_id: result.requestId });
    return respond(result);
  }

  function respond(result: DispatchResult): Response {
    return new Response(result.body, { status: result.status, headers: { "content-type": result.contentType, "x-amzn-requestid": result.requestId } });
  }

  const app = new Hono();
  app.get("/:set/_stats", (c) => {
    const state = stateOf(c);
    return state instanceof Response ? state : c.json(state.stats.snapshot());
  });
  app.post("/:set/_stats/reset", (c) => {
    const state = stateOf(c);
    if (state instanceof Response) return state;
    state.stats.reset();
    return c.json({ reset: true });
  });
  app.get("/:set/_faults", (c) => {
    const state = stateOf(c);
    return state instanceof Response ? state : c.json(state.faults.config);
  });
  app.put("/:set/_faults", async (c) => {
    const state = stateOf(c);
    if (state instanceof Response) return state;
    try {
      state.faults = new FaultState(parseFaultConfig(await c.req.json(), "_faults"), now);
    } catch (err) {
      return c.json({ error: (err as Error).message }, 400);
    }
    return c.json(state.faults.config);
  });
  app.delete("/:set/_faults", (c) => {
    const state = stateOf(c);
    if (state instanceof Response) return state;
    state.faults = new FaultState(state.set.definition.faults ?? {}, now);
    return c.json(state.faults.config);
  });
  const profileOf = (c: Context) => c.req.param("profile")!.slice(1);
  app.post("/:set/:profile{~[A-Za-z0-9][A-Za-z0-9_-]{0,63}}/", (c) => serve(c, profileOf(c)));
  app.post("/:set/:profile{~[A-Za-z0-9][A-Za-z0-9_-]{0,63}}", (c) => serve(c, profileOf(c)));
  app.post("/:set/", (c) => serve(c));
  app.post("/:set", (c) => serve(c));
  return app;
}
