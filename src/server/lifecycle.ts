/**
 * Process state for readiness, health and graceful shutdown. The server is
 * `starting` until it listens, `serving` until shutdown begins, then `draining`
 * (health NOT_SERVING, /readyz 503, no new calls) and finally `stopped`.
 *
 * Two signals drive handlers: `drainSignal` fires when draining starts (Health
 * watchers report NOT_SERVING and end), `callSignal` fires when the grace period
 * is over and every in-flight call must stop (a `collect` then ends with an
 * error status, never OK).
 *
 * Readiness also waits for what the served services depend on (the plugin's
 * engine), given as a `ReadinessCheck`: the server knows nothing of it.
 */
import { setMaxListeners } from "node:events";

export type Phase = "starting" | "serving" | "draining" | "stopped";

/** `undefined` when a dependency is ready, otherwise why not (a short text for `/readyz`). */
export type ReadinessCheck = () => string | undefined;

/** Why the server is not ready: its phase, or `unavailable` with the dependency's reason while serving. */
export type NotReady = { status: Exclude<Phase, "serving"> } | { status: "unavailable"; reason: string };

export interface Lifecycle {
  readonly phase: Phase;
  /** True only while `serving` with the dependency ready. */
  readonly ready: boolean;
  /** `undefined` when `ready`; otherwise why not. */
  readonly notReady: NotReady | undefined;
  /** True once shutdown has begun (`draining` or `stopped`): no new calls, health NOT_SERVING. */
  readonly draining: boolean;
  /** Aborted when draining starts. */
  readonly drainSignal: AbortSignal;
  /** Aborted when in-flight calls must stop; passed to Connect as `shutdownSignal`. */
  readonly callSignal: AbortSignal;
  /** Number of RPCs currently running. */
  readonly inFlight: number;
  markServing(): void;
  startDraining(): void;
  /** Aborts every in-flight call with `reason` (a ConnectError). */
  abortCalls(reason: unknown): void;
  markStopped(): void;
  /** Registers a running call; call the returned function exactly once when it ends. */
  trackCall(): () => void;
  /** Resolves when no call is in flight, or after `timeoutMs`; true if idle. */
  whenIdle(timeoutMs: number): Promise<boolean>;
}

export function createLifecycle(dependency: ReadinessCheck = () => undefined): Lifecycle {
  let phase: Phase = "starting";
  let inFlight = 0;
  const drain = new AbortController();
  const calls = new AbortController();
  // Every running call and health watcher listens on these: no listener limit (Node warns at 11).
  setMaxListeners(0, drain.signal, calls.signal);
  const idleWaiters = new Set<() => void>();

  const shuttingDown = () => phase === "draining" || phase === "stopped";
  const notReady = (): NotReady | undefined => {
    if (phase !== "serving") return { status: phase };
    const reason = dependency();
    return reason === undefined ? undefined : { status: "unavailable", reason };
  };

  const notifyIdle = () => {
    if (inFlight > 0) return;
    for (const wake of idleWaiters) wake();
    idleWaiters.clear();
  };

  return {
    get phase() {
      return phase;
    },
    get ready() {
      return notReady() === undefined;
    },
    get notReady() {
      return notReady();
    },
    get draining() {
      return shuttingDown();
    },
    drainSignal: drain.signal,
    callSignal: calls.signal,
    get inFlight() {
      return inFlight;
    },
    markServing() {
      if (phase === "starting") phase = "serving";
    },
    startDraining() {
      if (shuttingDown()) return;
      phase = "draining";
      drain.abort();
    },
    abortCalls(reason) {
      if (!calls.signal.aborted) calls.abort(reason);
    },
    markStopped() {
      phase = "stopped";
    },
    trackCall() {
      inFlight++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        inFlight--;
        notifyIdle();
      };
    },
    whenIdle(timeoutMs) {
      if (inFlight === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          idleWaiters.delete(wake);
          resolve(inFlight === 0);
        }, timeoutMs);
        idleWaiters.add(wake);
      });
    },
  };
}
