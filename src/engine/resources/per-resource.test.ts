import { describe, expect, it } from "vitest";
import { fakeRegion } from "../../../test/support/fake-region.js";
import { PluginError } from "../../common/errors.js";
import { textOf } from "../../common/json.js";
import { AwsApiError } from "../aws/errors.js";
import { errorRecord } from "../records/error-resource.js";
import type { CollectedRecord } from "../records/record.js";
import { perResource } from "./per-resource.js";

/** A stand-in record naming its item. */
const recordOf = (id: string) => ({ state: "SUCCESS", resource: { name: id } }) as unknown as CollectedRecord;
const nameOf = (r: CollectedRecord) => (r.state === "SUCCESS" ? r.resource.name : `error:${textOf(r.resource.resource_id)}`);

/** Builds that finish only when the test says so, counting how many run at once. */
function heldBuilds() {
  const release = new Map<string, () => void>();
  let running = 0;
  let most = 0;
  const build = (id: string) =>
    new Promise<CollectedRecord>((resolve) => {
      most = Math.max(most, ++running);
      release.set(id, () => {
        running--;
        resolve(recordOf(id));
      });
    });
  return { build, release, most: () => most };
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `r-${i}`);

async function drain(records: AsyncIterable<CollectedRecord>): Promise<{ names: unknown[]; err?: unknown }> {
  const names: unknown[] = [];
  try {
    for await (const r of records) names.push(nameOf(r));
    return { names };
  } catch (err) {
    return { names, err };
  }
}

describe("perResource", () => {
  it("runs at most `window` builds at once, starting the next as each record leaves", async () => {
    const { ctx } = fakeRegion({});
    const held = heldBuilds();
    const items = ids(10);
    const records = perResource(ctx, items, { type: "Volume", idOf: (id) => id, build: held.build, window: 3 });
    const first = records.next();
    await expect.poll(() => held.release.size).toBe(3);
    // Releasing later items first does not let more start: the window waits on the oldest.
    held.release.get("r-2")!();
    held.release.get("r-1")!();
    await new Promise((r) => setImmediate(r));
    expect(held.release.size).toBe(3);
    held.release.get("r-0")!();
    expect((await first).value).toEqual(recordOf("r-0"));
    const rest = drain(records);
    for (const id of items.slice(3)) {
      await expect.poll(() => held.release.has(id)).toBe(true);
      held.release.get(id)!();
    }
    expect((await rest).names).toEqual(items.slice(1));
    expect(held.most()).toBe(3);
  });

  it("yields records in input order whatever order the builds finish in", async () => {
    const { ctx } = fakeRegion({});
    const items = ids(20);
    // Later items finish first.
    const build = (id: string, index: number) => new Promise<CollectedRecord>((resolve) => setTimeout(() => resolve(recordOf(id)), (items.length - index) * 2));
    expect((await drain(perResource(ctx, items, { type: "Volume", idOf: (id) => id, build, window: 8 }))).names).toEqual(items);
  });

  it("turns a failed build into that resource's ErrorResource, logged, and goes on", async () => {
    const { ctx, logs } = fakeRegion({}, { region: "eu-west-1" });
    const denied = new AwsApiError("ec2:DescribeVolumeAttribute", "eu-west-1", "UnauthorizedOperation", "not allowed", "req-1");
    const build = (id: string) => (id === "r-1" ? Promise.reject(denied) : recordOf(id));
    const records: CollectedRecord[] = [];
    for await (const r of perResource(ctx, ids(3), { type: "Volume", idOf: (id) => `arn:${id}`, build })) records.push(r);
    expect(records).toEqual([recordOf("r-0"), errorRecord({ type: "Volume", region: "eu-west-1", resourceId: "arn:r-1" }, denied), recordOf("r-2")]);
    expect(logs).toContainEqual(
      expect.objectContaining({ level: "warn", msg: "resource build failed", type: "Volume", region: "eu-west-1", resource_id: "arn:r-1" }),
    );
  });

  it.each([
    ["rejected credentials", new AwsApiError("ec2:DescribeVolumeAttribute", "us-east-1", "AuthFailure", "bad keys", undefined)],
    ["a plugin error", new PluginError("ERROR_INVALID_CREDENTIALS", "AWS rejected the credentials.", "INVALID_ARGUMENT")],
  ])("rethrows %s when its turn comes, after the records before it", async (_what, fatal) => {
    const { ctx } = fakeRegion({});
    const build = (id: string) => (id === "r-2" ? Promise.reject(fatal) : recordOf(id));
    const { names, err } = await drain(perResource(ctx, ids(5), { type: "Volume", idOf: (id) => id, build }));
    expect(names).toEqual(["r-0", "r-1"]);
    expect(err).toBe(fatal);
  });

  it("stops with the signal's reason once the task is cancelled", async () => {
    const ac = new AbortController();
    const { ctx } = fakeRegion({});
    const records = perResource({ ...ctx, signal: ac.signal }, ids(4), { type: "Volume", idOf: (id) => id, build: recordOf });
    expect((await records.next()).value).toEqual(recordOf("r-0"));
    ac.abort(new Error("cancelled"));
    await expect(records.next()).rejects.toThrow("cancelled");
  });
});
