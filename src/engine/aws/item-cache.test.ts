import { describe, expect, it } from "vitest";
import { ItemCache } from "./item-cache.js";

describe("ItemCache", () => {
  it("hits while the fingerprint is unchanged and misses after a change or expiry", async () => {
    // A monotonic clock well past 0 (lru-cache takes a start time of 0 for "no TTL").
    let now = 50_000;
    const cache = new ItemCache({ ttlMs: 1000, now: () => now });
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    const key = ItemCache.key("termination", "111", "us-east-1", "i-1");
    expect(await cache.getOrLoad(key, "running", load)).toBe(1);
    expect(await cache.getOrLoad(key, "running", load)).toBe(1);
    expect(await cache.getOrLoad(key, "stopped", load)).toBe(2); // state changed → reload
    now += 1000;
    expect(await cache.getOrLoad(key, "stopped", load)).toBe(2); // still within the TTL
    now += 1;
    expect(await cache.getOrLoad(key, "stopped", load)).toBe(3); // expired → reload
    expect(cache.hits).toBe(2);
    expect(cache.misses).toBe(3);
  });

  it("does not cache failures and evicts the least recently used entry when full", async () => {
    const cache = new ItemCache({ maxEntries: 2 });
    await expect(cache.getOrLoad("a", "f", () => Promise.reject(new Error("denied")))).rejects.toThrow("denied");
    expect(cache.size).toBe(0);
    cache.set("a", "f", 1);
    cache.set("b", "f", 2);
    expect(cache.get("a", "f")).toEqual({ value: 1 }); // "b" is now the least recently used
    cache.set("c", "f", 3);
    expect(cache.size).toBe(2);
    expect(cache.get("b", "f")).toBeUndefined();
    expect(cache.get("a", "f")).toEqual({ value: 1 });
    expect(cache.get("c", "f")).toEqual({ value: 3 });
  });

  it("with a TTL of 0 stores nothing but still shares a load in flight", async () => {
    const cache = new ItemCache({ ttlMs: 0 });
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    expect(await Promise.all([cache.getOrLoad("k", "f", load), cache.getOrLoad("k", "f", load)])).toEqual([1, 1]);
    expect(await cache.getOrLoad("k", "f", load)).toBe(2);
    expect(cache.size).toBe(0);
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

  it("does not hand a caller the value loading for another fingerprint", async () => {
    const cache = new ItemCache();
    const releases: Array<(v: string) => void> = [];
    const load = () => new Promise<string>((resolve) => releases.push(resolve));
    const before = cache.getOrLoad("k", "stopped", load);
    const after = cache.getOrLoad("k", "running", load);
    expect(releases).toHaveLength(2);
    releases[0]!("old");
    releases[1]!("new");
    expect(await Promise.all([before, after])).toEqual(["old", "new"]);
    expect(cache.get("k", "running")).toEqual({ value: "new" });
  });
});
