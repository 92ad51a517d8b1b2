import { describe, expect, it } from "vitest";
import { RoleCache, type CredentialProvider } from "./credentials.js";

/** A provider factory counting what it creates. */
function factory(): { create: () => CredentialProvider; created: () => number } {
  let n = 0;
  return {
    create: () => {
      const id = ++n;
      return () => Promise.resolve({ accessKeyId: `ASIA${id}`, secretAccessKey: "s" });
    },
    created: () => n,
  };
}

describe("RoleCache", () => {
  it("shares one provider per key", () => {
    const roles = new RoleCache();
    const { create, created } = factory();
    expect(roles.provider("k", create)).toBe(roles.provider("k", create));
    roles.provider("other", create);
    expect(created()).toBe(2);
  });

  it("drops a role (and the keys its provider holds) once unused for the idle TTL, not while in use", () => {
    let now = 10_000;
    const roles = new RoleCache({ idleTtlMs: 1000, now: () => now });
    const { create, created } = factory();
    const first = roles.provider("k", create);
    for (let i = 0; i < 5; i++) {
      now += 900; // used every 0.9 s: kept well past the TTL
      expect(roles.provider("k", create)).toBe(first);
    }
    now += 1001;
    expect(roles.provider("k", create)).not.toBe(first);
    expect(created()).toBe(2);
  });

  it("keeps at most `maxEntries` roles, dropping the least recently used", () => {
    const roles = new RoleCache({ maxEntries: 2 });
    const { create, created } = factory();
    const a = roles.provider("a", create);
    roles.provider("b", create);
    roles.provider("a", create);
    roles.provider("c", create);
    expect(roles.size).toBe(2);
    expect(roles.provider("a", create)).toBe(a);
    roles.provider("b", create); // dropped for "c": created again
    expect(created()).toBe(4);
  });
});
