import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateFixtureSet } from "./generator.js";
import { FixtureStore } from "../replay/fixture-store.js";

const tmp = mkdtempSync(join(tmpdir(), "replay-gen-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const visit = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) visit(path);
      else out.set(relative(dir, path), readFileSync(path));
    }
  };
  visit(dir);
  return out;
}

describe("generator", () => {
  it("same seed ⇒ identical bytes; another seed ⇒ different data", () => {
    const options = { name: "g", instances: 700, regions: 3, accounts: 2, seed: 42 };
    generateFixtureSet({ ...options, outDir: join(tmp, "a") });
    generateFixtureSet({ ...options, outDir: join(tmp, "b") });
    generateFixtureSet({ ...options, seed: 43, outDir: join(tmp, "c") });
    const a = files(join(tmp, "a"));
    const b = files(join(tmp, "b"));
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [name, bytes] of a) expect(bytes.equals(b.get(name)!), name).toBe(true);
    const c = files(join(tmp, "c"));
    const instancesA = [...a].find(([n]) => n.endsWith("instances.json"))![1];
    const instancesC = [...c].find(([n]) => n.endsWith("instances.json"))![1];
    expect(instancesA.equals(instancesC)).toBe(false);
  });

  it("produces a valid, consistent and realistic set", () => {
    const store = new FixtureStore(tmp);
    const set = store.get("a")!;
    set.loadAll();
    let total = 0;
    const states = new Map<string, number>();
    let spot = 0;
    let windows = 0;
    let publicIps = 0;
    for (const account of set.definition.accounts) {
      for (const region of account.enabledRegions) {
        const r = set.region(account.accountId, region);
        const instances = r.list("instances").flatMap((res) => res.Instances as Array<Record<string, any>>);
        total += instances.length;
        const subnets = new Set(r.list("subnets").map((s) => s.SubnetId));
        const groups = new Set(r.list("securityGroups").map((g) => g.GroupId));
        const volumes = new Map(r.list("volumes").map((v) => [v.VolumeId, v as Record<string, any>]));
        for (const i of instances) {
          states.set(i.State.Name, (states.get(i.State.Name) ?? 0) + 1);
          if (i.InstanceLifecycle === "spot") spot++;
          if (i.Platform === "windows") windows++;
          if (i.PublicIpAddress) publicIps++;
          expect(subnets.has(i.SubnetId)).toBe(true);
          for (const g of i.SecurityGroups) expect(groups.has(g.GroupId)).toBe(true);
          for (const m of i.BlockDeviceMappings) expect(volumes.get(m.Ebs.VolumeId)!.Attachments[0].InstanceId).toBe(i.InstanceId);
          expect(i.Tags.length).toBeGreaterThanOrEqual(3);
        }
        const byId = new Map(instances.map((i) => [i.InstanceId, i]));
        for (const group of r.list("autoScalingGroups") as Array<Record<string, any>>) {
          for (const member of group.Instances) {
            const tag = byId.get(member.InstanceId)!.Tags.find((t: { Key: string }) => t.Key === "aws:autoscaling:groupName");
            expect(tag.Value).toBe(group.AutoScalingGroupName);
          }
        }
        for (const [, targets] of Object.entries(r.map("targetHealth"))) {
          for (const t of targets as Array<Record<string, any>>) expect(byId.has(t.Target.Id) || instances.some((i) => i.PrivateIpAddress === t.Target.Id)).toBe(true);
        }
      }
    }
    expect(total).toBe(700);
    expect(states.get("running")! / total).toBeGreaterThan(0.7);
    expect(states.get("stopped")! / total).toBeGreaterThan(0.08);
    expect(spot / total).toBeGreaterThan(0.06);
    expect(windows / total).toBeGreaterThan(0.03);
    expect(publicIps / total).toBeGreaterThan(0.1);
  });
});
