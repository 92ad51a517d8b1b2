import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../../common/log.js";
import { GuardedStore } from "./guarded-store.js";
import type { CacheStore, StoredItem } from "./store.js";

/** A store whose answers the test controls: in time, late, failing, or unavailable. */
function controlledStore() {
  const state = { mode: "ok" as "ok" | "slow" | "failing", available: true, requests: 0, entries: new Map<string, StoredItem>() };
  const answer = <T>(value: T): Promise<T> => {
    state.requests++;
    if (state.mode === "failing") return Promise.reject(new Error("ECONNRESET"));
    if (state.mode === "slow") return new Promise(() => {});
    return Promise.resolve(value);
  };
  const store: CacheStore = {
    kind: "redis",
    where: "redis://cache:6379",
    get available() {
      return state.available;
    },
    get: (key) => answer(state.entries.get(key)),
    set: (key, item) => answer(void state.entries.set(key, item)),
    close: () => Promise.resolve(),
  };
  return { store, state };
}

function guarded(store: CacheStore) {
  const logs: Array<Record<string, unknown>> = [];
  const log = createLogger({ level: "debug", write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) });
  const guard = new GuardedStore("redis://cache:6379", log, { opTimeoutMs: 100, failuresToOpen: 3, retryAfterMs: 30_000, now: () => Date.now() }, () =>
    Promise.resolve(store),
  );
  return {
    guard,
    logs,
    outageLines: () => logs.filter((l) => l.level === "warn").length,
    recoveryLines: () => logs.filter((l) => l.msg === "per-item cache store answers again").length,
  };
}

const item = (fingerprint: string): StoredItem => ({ fingerprint, value: { on: true, at: new Date(5) }, expiresAt: Date.now() + 60_000 });

beforeEach(() => {
  // setImmediate stays real: the store's timeout waits one real event-loop turn for answers already in.
  vi.useFakeTimers({ now: 1_000_000, toFake: ["setTimeout", "clearTimeout", "Date", "performance"] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("GuardedStore", () => {
  it("answers a usable entry only for the same fingerprint and within its lifetime", async () => {
    const { store, state } = controlledStore();
    const { guard } = guarded(store);
    state.entries.set("k", item("running"));
    state.entries.set("old", { ...item("running"), expiresAt: Date.now() - 1 });
    expect(await guard.get("k", "running")).toEqual(item("running"));
    expect(await guard.get("k", "stopped")).toBeUndefined();
    expect(await guard.get("old", "running")).toBeUndefined();
    expect(await guard.get("absent", "running")).toBeUndefined();
    expect(guard.stats).toMatchObject({ hits: 1, misses: 3, errors: 0, timeouts: 0, healthy: true });
  });

  it("a slow store costs at most the timeout per request, then is left alone, and is used again once it answers; each outage logged once", async () => {
    const { store, state } = controlledStore();
    const { guard, outageLines, recoveryLines } = guarded(store);
    await guard.get("warm-up", "f");
    state.mode = "slow";
    // Hundreds of items asked at once: every one gives up after 100 ms, none waits longer.
    const asked = Array.from({ length: 300 }, (_, i) => guard.get(`i-${i}`, "f"));
    await vi.advanceTimersByTimeAsync(100);
    expect(await Promise.all(asked)).toEqual(Array(300).fill(undefined));
    expect(guard.stats).toMatchObject({ timeouts: 300, outages: 1, healthy: false });
    // Left alone: nothing is sent for 30 s, and nothing waits.
    const before = state.requests;
    expect(await guard.get("k", "f")).toBeUndefined();
    guard.set("k", item("f"));
    await vi.advanceTimersByTimeAsync(0);
    expect(state.requests).toBe(before);
    expect(guard.stats.skipped).toBe(2);
    // It answers again: the next request after the pause goes through and closes the outage.
    state.mode = "ok";
    await vi.advanceTimersByTimeAsync(30_000);
    state.entries.set("k", item("f"));
    expect(await guard.get("k", "f")).toEqual(item("f"));
    expect(guard.stats).toMatchObject({ outages: 1, healthy: true });
    expect(outageLines()).toBe(1);
    expect(recoveryLines()).toBe(1);
  });

  it("a stall of this process is not the store's fault: the answer that comes after it is used, once the bound is extended", async () => {
    const { store, state } = controlledStore();
    const { guard } = guarded(store);
    await guard.get("warm-up", "f");
    let answer!: (item: StoredItem) => void;
    store.get = () => new Promise((resolve) => (answer = resolve));
    const asked = guard.get("k", "f");
    await vi.advanceTimersByTimeAsync(0);
    // The event loop was blocked for 400 ms (a large page parsed): the 100 ms timer runs late.
    vi.setSystemTime(Date.now() + 400);
    await vi.advanceTimersByTimeAsync(100);
    answer(item("f"));
    expect(await asked).toEqual(item("f"));
    expect(guard.stats).toMatchObject({ timeouts: 0, hits: 1, healthy: true });
    // Not stalled: the bound holds.
    store.get = () => new Promise(() => {});
    const late = guard.get("k", "f");
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(await late).toBeUndefined();
    expect(guard.stats.timeouts).toBe(1);
    expect(state.requests).toBe(1);
  });

  it("skips an unavailable store (Redis reconnecting) without waiting, and counts failed writes without throwing", async () => {
    const { store, state } = controlledStore();
    const { guard, outageLines } = guarded(store);
    state.available = false;
    expect(await guard.get("k", "f")).toBeUndefined();
    expect(await guard.get("k", "f")).toBeUndefined();
    expect(state.requests).toBe(0);
    expect(guard.stats).toMatchObject({ skipped: 2, outages: 1 });
    state.available = true;
    state.mode = "failing";
    guard.set("a", item("f"));
    await vi.advanceTimersByTimeAsync(0);
    expect(guard.stats.errors).toBe(1);
    expect(outageLines()).toBe(1);
  });

  it("a store that cannot be opened leaves the cache in this process, said once", async () => {
    const logs: string[] = [];
    const guard = new GuardedStore("file:///nowhere", createLogger({ write: (line) => logs.push(line) }), {}, () =>
      Promise.reject(new Error("EACCES: permission denied")),
    );
    expect(await guard.get("k", "f")).toBeUndefined();
    guard.set("k", item("f"));
    expect(await guard.get("k", "f")).toBeUndefined();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain("could not be opened");
    expect(logs[0]).toContain("EACCES");
  });
});
