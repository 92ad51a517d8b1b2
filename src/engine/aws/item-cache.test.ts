import { describe, expect, it } from "vitest";
import { ItemCache } from "./item-cache.js";

describe("ItemCache", () => {
  it("hits while the fingerprint is unchanged and misses after a change or expiry", async () => {
    let now = 0;
    const cache = new ItemCache({ ttlMs: 1000, now: () => now });
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    const key = ItemCache.key("termination", "111", "us-east-1", "i-1");
    expect(await cache.getOrLoad(key, "running", load)).toBe(1);
    expect(await cache.getOrLoad(key, "running", load)).toBe(1);
    expect(await cache.getOrLoad(key, "stopped", load)).toBe(2); // state changed → reload
    now += 1001;
    expect(await cache.getOrLoad(key, "stopped", load)).toBe(3); // expired → reload
    expect(cache.hits).toBe(1);
    expect(cache.misses).toBe(3);
  });

  it("does not cache failures and evicts the oldest entry when full", async () => {
    const cache = new ItemCache({ maxEntries: 2 });
    await expect(cache.getOrLoad("a", "f", () => Promise.reject(new Error("denied")))).rejects.toThrow("denied");
    expect(cache.size).toBe(0);
    cache.set("a", "f", 1);
    cache.set("b", "f", 2);
    cache.set("c", "f", 3);
    expect(cache.get("a", "f")).toBeUndefined();
    expect(cache.get("c", "f")).toEqual({ value: 3 });
  });
});

describe("ItemCache in-flight loads", () => {
  it("shares one load between concurrent callers of the same item and fingerprint", async () => {
    const cache = new ItemCache();
    let loads = 0;
    let release!: (v: number) => void;
    const load = () => {
      loads++;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const a = cache.getOrLoad("k", "f", load);
    const b = cache.getOrLoad("k", "f", load);
    release(42);
    expect(await Promise.all([a, b])).toEqual([42, 42]);
    expect(loads).toBe(1);
    expect(await cache.getOrLoad("k", "f", load)).toBe(42);
    expect(loads).toBe(1);
  });
});
