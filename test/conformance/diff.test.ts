/**
 * `cloudforet-ec2 diff` between our server on the demo fixtures and a second
 * server on a copy edited in known ways: one snapshot removed, one value
 * changed (to a text holding the secret key, which must never be shown), one
 * snapshot added, one list reordered. The diff reports exactly those, the
 * reordered list as benign, and moves what a known-differences file explains
 * into its own section.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DiffReport } from "../../src/conformance/plugin-diff.js";
import { runCli } from "../cli/run-cli.js";
import { ensureBuilt, REPO } from "../server/built.js";
import { DEMO_SECRET, startOurServer, type RunningPlugin } from "./plugins.js";

interface Snapshot {
  SnapshotId: string;
  Description: string;
  Tags: Array<{ Key: string; Value: string }>;
}

const SNAPSHOTS = "demo/111111111111/us-east-1/snapshots.json";
const arn = (id: string) => `arn:aws:ec2:us-east-1:111111111111:snapshot/${id}`;

let dir: string;
let a: RunningPlugin;
let b: RunningPlugin;
/** What the edits did, read back from the copy. */
const edits = { removed: "", changed: "", changedFrom: "", added: "", reordered: "" };

/** The demo set copied to `dir`, its us-east-1 snapshots edited in the four known ways. */
function editedFixtures(dir: string): string {
  cpSync(join(REPO, "fixtures/demo"), join(dir, "demo"), { recursive: true });
  const file = join(dir, SNAPSHOTS);
  const { Snapshots: snapshots } = JSON.parse(readFileSync(file, "utf8")) as { Snapshots: Snapshot[] };
  const [changed, reordered, , removed] = snapshots as [Snapshot, Snapshot, Snapshot, Snapshot];
  expect(reordered.Tags.length).toBeGreaterThan(1);
  edits.changed = changed.SnapshotId;
  edits.changedFrom = changed.Description;
  changed.Description = `Copied with ${DEMO_SECRET.aws_secret_access_key} by mistake`;
  edits.reordered = reordered.SnapshotId;
  reordered.Tags.reverse();
  edits.removed = removed.SnapshotId;
  const added = { ...removed, SnapshotId: "snap-000000000000000ad", Description: "A snapshot only B has", Tags: [{ Key: "Name", Value: "extra" }] };
  edits.added = added.SnapshotId;
  const kept = snapshots.filter((s) => s !== removed);
  writeFileSync(file, JSON.stringify({ Snapshots: [...kept, added] }, null, 2));
  return dir;
}

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "conformance-diff-"));
  [a, b] = await Promise.all([startOurServer(), startOurServer(editedFixtures(join(dir, "fixtures")))]);
}, 180_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

const diff = (...extra: string[]) => runCli(["diff", "--endpoint", a.endpoint, "--against", b.endpoint, "--secret", JSON.stringify(DEMO_SECRET), ...extra]);

describe("cloudforet-ec2 diff", { timeout: 180_000 }, () => {
  it("reports exactly the edits: a record missing, one extra, one value changed, a reordered list as benign", async () => {
    const { code, stdout } = await diff("--format", "json");
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as DiffReport;
    const type = "CloudService EC2/Snapshot";
    const label = (id: string) => `${type} ${arn(id)}`;
    expect(report.summary.groups).toEqual([
      { category: "difference", type, path: "", kind: "extra", count: 1, examples: [{ record: label(edits.added) }] },
      { category: "difference", type, path: "", kind: "missing", count: 1, examples: [{ record: label(edits.removed) }] },
      {
        category: "difference",
        type,
        path: "resource.json_data.Description",
        kind: "changed",
        count: 1,
        examples: [{ record: label(edits.changed), a: edits.changedFrom, b: "Copied with *** by mistake" }],
      },
      {
        category: "benign",
        type,
        path: "resource.json_data.Tags",
        kind: "reordered",
        count: 1,
        examples: [expect.objectContaining({ record: label(edits.reordered) })],
      },
    ]);
    expect(report.summary.counts).toEqual({ difference: 3, benign: 1, known: 0 });
    expect(report.a.records).toBe(report.b.records);
    expect(report.summary.records.matched).toBe(report.a.records - 1);
    expect(report.same).toBe(false);
    expect(stdout).not.toContain(DEMO_SECRET.aws_secret_access_key);
  });

  it("prints the differences per type and key path, with examples and the benign ones apart", async () => {
    const { code, stdout } = await diff();
    expect(code).toBe(1);
    expect(stdout).toMatch(/^\d+ records matched by their match rules; 3 differences, 1 benign, 0 known$/m);
    expect(stdout).toMatch(new RegExp(`^CloudService EC2/Snapshot +\\(record\\) +missing +1 +CloudService EC2/Snapshot ${arn(edits.removed)}$`, "m"));
    expect(stdout).toMatch(/^CloudService EC2\/Snapshot +resource\.json_data\.Description +changed +1 +.*→ "Copied with \*\*\* by mistake"$/m);
    expect(stdout.split("BENIGN (the same items in another order)\n")[1]).toMatch(
      /^TYPE .*\nCloudService EC2\/Snapshot +resource\.json_data\.Tags +reordered +1 /,
    );
    expect(stdout).not.toContain(DEMO_SECRET.aws_secret_access_key);
  });

  it("differences a known-differences file explains are reported apart, with the reason", async () => {
    const known = join(dir, "known.json");
    const reason = "B's snapshots are described by another team";
    writeFileSync(known, JSON.stringify({ differences: [{ type: "CloudService EC2/*", path: "resource.json_data.Description", kind: "changed", reason }] }));
    const { code, stdout } = await diff("--format", "json", "--known-differences", known);
    expect(code).toBe(1);
    const { summary } = JSON.parse(stdout) as DiffReport;
    expect(summary.counts).toEqual({ difference: 2, benign: 1, known: 1 });
    expect(summary.groups.filter((g) => g.category === "known")).toEqual([
      expect.objectContaining({ path: "resource.json_data.Description", kind: "changed", reason }),
    ]);
  });

  it("the same plugin against itself: no differences, exit 0", async () => {
    const { code, stdout } = await runCli(["diff", "--endpoint", a.endpoint, "--against", a.endpoint, "--secret", JSON.stringify(DEMO_SECRET)]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/0 differences, 0 benign, 0 known\n\nno differences\n$/);
  });

  it("usage errors exit 2", async () => {
    const bad = join(dir, "bad-known.json");
    writeFileSync(bad, JSON.stringify({ differences: [{ path: "x" }] }));
    for (const [args, reason] of [
      [["diff", "--endpoint", "x:1"], /give --against HOST:PORT/],
      [["diff", "--endpoint", "x:1", "--against", "y:2"], /give --secret or --secret-file/],
      [["diff", "--endpoint", "x:1", "--against", "y:2", "--secret", "{}", "--known-differences", bad], /differences\[0\]: "reason" must say why/],
    ] as const) {
      const { code, stderr } = await runCli(args);
      expect(code, args.join(" ")).toBe(2);
      expect(stderr).toMatch(reason);
    }
  });
});
