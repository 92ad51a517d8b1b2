import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startRedisServer, type RedisServer } from "../../../bench/support.js";
import { createLogger } from "../../common/log.js";
import { redisCodec } from "./cache/redis-store.js";
import { ItemCache, type ItemCacheOptions } from "./item-cache.js";

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

/** What the per-item calls cache: SDK objects with Dates, absent members and nested lists. */
const LAUNCH_TEMPLATE_VERSION = {
  LaunchTemplateId: "lt-0abc",
  VersionNumber: 3,
  CreateTime: new Date("2026-03-01T10:20:30.456Z"),
  DefaultVersion: undefined,
  LaunchTemplateData: { ImageId: "ami-1", BlockDeviceMappings: [{ DeviceName: "/dev/xvda", Ebs: { VolumeSize: 8 } }], TagSpecifications: [] },
};

const silent = createLogger({ write: () => {} });

describe("ItemCache with a store behind it", () => {
  const dirs: string[] = [];
  const caches: ItemCache[] = [];
  const open = (options: ItemCacheOptions) => {
    const cache = new ItemCache({ ttlMs: 60_000, log: silent, now: () => Date.now(), ...options });
    caches.push(cache);
    return cache;
  };
  const fileUrl = () => {
    const dir = mkdtempSync(join(tmpdir(), "item-cache-"));
    dirs.push(dir);
    return pathToFileURL(join(dir, "cache")).href;
  };
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(caches.splice(0).map((c) => c.close()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("file: a new cache on the same directory (a restarted process) answers without loading, the value intact, for the same fingerprint only", async () => {
    const url = fileUrl();
    const first = open({ storeUrl: url });
    expect(await first.getOrLoad("111:us-east-1:lt:lt-0abc", "[3,3]", () => Promise.resolve(LAUNCH_TEMPLATE_VERSION))).toBe(LAUNCH_TEMPLATE_VERSION);
    await first.close();

    const restarted = open({ storeUrl: url });
    let loads = 0;
    const load = () => Promise.resolve(`loaded ${++loads}`);
    const value = await restarted.getOrLoad("111:us-east-1:lt:lt-0abc", "[3,3]", load);
    expect(value).toStrictEqual(LAUNCH_TEMPLATE_VERSION);
    expect(loads).toBe(0);
    // The template changed: its stored value is of no use.
    expect(await restarted.getOrLoad("111:us-east-1:lt:lt-0abc", "[4,4]", load)).toBe("loaded 1");
    // Another account or region is another entry.
    expect(await restarted.getOrLoad("222:us-east-1:lt:lt-0abc", "[3,3]", load)).toBe("loaded 2");
    expect(restarted.stats).toMatchObject({ hits: 1, misses: 2, store: { kind: "file", hits: 1, misses: 2, errors: 0, timeouts: 0, healthy: true } });
  });

  it("file: the lifetime counts from the first load, in every process that reads the entry", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: 1_700_000_000_000 });
    const url = fileUrl();
    const first = open({ storeUrl: url });
    await first.getOrLoad("k", "f", () => Promise.resolve("first"));
    await first.close();
    vi.setSystemTime(Date.now() + 40_000);
    const later = open({ storeUrl: url });
    let loads = 0;
    const load = () => Promise.resolve(`reloaded ${++loads}`);
    expect(await later.getOrLoad("k", "f", load)).toBe("first");
    // 60 s after the first load, even the entry this process keeps has expired.
    vi.setSystemTime(Date.now() + 20_001);
    expect(await later.getOrLoad("k", "f", load)).toBe("reloaded 1");
  });

  describe("redis", () => {
    let redis: RedisServer;
    beforeAll(async () => {
      redis = await startRedisServer();
    });
    afterAll(async () => {
      await redis?.stop();
    });

    it("two caches on one Redis (two replicas) share what either loaded, the value intact", async () => {
      const a = open({ storeUrl: redis.url });
      const b = open({ storeUrl: `${redis.url}/0` });
      expect(await a.getOrLoad("111:us-east-1:lt:lt-0abc", "[3,3]", () => Promise.resolve(LAUNCH_TEMPLATE_VERSION))).toBe(LAUNCH_TEMPLATE_VERSION);
      // The write is in flight in the background: poll until b sees it.
      await vi.waitFor(async () => {
        const value = await b.getOrLoad("111:us-east-1:lt:lt-0abc", "[3,3]", () => Promise.reject(new Error("not shared yet")));
        expect(value).toStrictEqual(LAUNCH_TEMPLATE_VERSION);
      });
      // Another database of the same server is another namespace.
      const other = open({ storeUrl: `${redis.url}/1` });
      expect(await other.getOrLoad("111:us-east-1:lt:lt-0abc", "[3,3]", () => Promise.resolve("loaded"))).toBe("loaded");
      expect(b.stats.store).toMatchObject({ kind: "redis", hits: 1, errors: 0, healthy: true });
    });

    it("keeps Dates, undefined members and nested lists through its JSON", () => {
      const item = { fingerprint: "[3,3]", value: LAUNCH_TEMPLATE_VERSION, expiresAt: 1_700_000_060_000 };
      expect(redisCodec.decode(redisCodec.encode(item))).toStrictEqual(item);
      expect(redisCodec.decode(redisCodec.encode({ ...item, value: undefined })).value).toBeUndefined();
      expect(redisCodec.encode(item).length).toBeLessThan(JSON.stringify(item).length + 40);
    });
  });
});
