import { afterEach, describe, expect, it, vi } from "vitest";
import { PluginError } from "../common/errors.js";
import type { EngineApi } from "../engine/api.js";
import { lazyEngine } from "./lazy-engine.js";

const tasks = [{ resource_type: "inventory.Region" }];
const engine: EngineApi = {
  async verify() {},
  getTasks: () => Promise.resolve(tasks),
  async *collect() {},
};
const params = { options: {}, secretData: {} };
const signal = new AbortController().signal;

/** A loader whose every call is counted and answered by the next queued outcome. */
function scriptedLoader(...outcomes: Array<"fail" | "ok">) {
  const loader = vi.fn((): Promise<EngineApi> =>
    outcomes.shift() === "fail" ? Promise.reject(new Error(`disk error ${loader.mock.calls.length}`)) : Promise.resolve(engine),
  );
  return loader;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("lazy engine", () => {
  it("loads nothing until asked, then once for concurrent first calls", async () => {
    let release!: (e: EngineApi) => void;
    const loader = vi.fn(() => new Promise<EngineApi>((resolve) => (release = resolve)));
    const lazy = lazyEngine(loader);
    expect(loader).not.toHaveBeenCalled();
    expect(lazy.readiness()).toBe("collection engine not loaded yet");

    const calls = [lazy.getTasks(params, signal), lazy.getTasks(params, signal), lazy.verify(params, signal), lazy.load()];
    expect(lazy.readiness()).toBe("collection engine loading");
    release(engine);
    await expect(Promise.all(calls)).resolves.toEqual([tasks, tasks, undefined, engine]);
    expect(loader).toHaveBeenCalledTimes(1);
    expect(lazy.readiness()).toBeUndefined();
    await lazy.getTasks(params, signal);
    expect(loader).toHaveBeenCalledTimes(1);
  });

  it("does not keep a failed load: the call fails with ERROR_UNAVAILAVBLE, the next call loads again", async () => {
    const loader = scriptedLoader("fail", "ok");
    const lazy = lazyEngine(loader, { retryInitialMs: 60_000 });
    const err = await lazy.getTasks(params, signal).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PluginError);
    expect((err as PluginError).status).toBe("UNAVAILABLE");
    expect((err as PluginError).wireMessage).toBe("ERROR_UNAVAILAVBLE: Server is unavailable. (reason = collection engine failed to load: disk error 1)");
    expect(lazy.readiness()).toBe("collection engine failed to load: disk error 1");

    await expect(lazy.getTasks(params, signal)).resolves.toEqual(tasks);
    expect(loader).toHaveBeenCalledTimes(2);
    expect(lazy.readiness()).toBeUndefined();
  });

  it("a collect whose load fails ends with the same error", async () => {
    const lazy = lazyEngine(scriptedLoader("fail"), { retryInitialMs: 60_000 });
    const drained = (async () => {
      for await (const record of lazy.collect({ ...params, filter: {}, taskOptions: undefined }, signal)) void record;
    })();
    await expect(drained).rejects.toMatchObject({ code: "ERROR_UNAVAILAVBLE", status: "UNAVAILABLE" });
  });

  it("retries a failed load in the background with a doubling delay, capped, until it loads", async () => {
    vi.useFakeTimers();
    const loader = scriptedLoader("fail", "fail", "fail", "fail", "ok");
    const delays: number[] = [];
    const lazy = lazyEngine(loader, { retryInitialMs: 1_000, retryMaxMs: 3_000, onLoadFailed: (_err, retryInMs) => delays.push(retryInMs) });
    await expect(lazy.load()).rejects.toBeInstanceOf(PluginError);
    expect(delays).toEqual([1_000]);

    await vi.advanceTimersByTimeAsync(999);
    expect(loader).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(loader).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(loader).toHaveBeenCalledTimes(3);
    // Capped: 4 s would follow, 3 s is the longest wait.
    await vi.advanceTimersByTimeAsync(3_000);
    expect(loader).toHaveBeenCalledTimes(4);
    expect(delays).toEqual([1_000, 2_000, 3_000, 3_000]);
    expect(lazy.readiness()).toBe("collection engine failed to load: disk error 4");

    await vi.advanceTimersByTimeAsync(3_000);
    expect(loader).toHaveBeenCalledTimes(5);
    expect(lazy.readiness()).toBeUndefined();
    // Loaded: no retry is left pending.
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a call that loads before the background retry is due leaves nothing to retry", async () => {
    vi.useFakeTimers();
    const loader = scriptedLoader("fail", "ok");
    const lazy = lazyEngine(loader, { retryInitialMs: 1_000 });
    await expect(lazy.load()).rejects.toBeInstanceOf(PluginError);
    await expect(lazy.getTasks(params, signal)).resolves.toEqual(tasks);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(loader).toHaveBeenCalledTimes(2);
  });
});
