/**
 * A fixture set that differs from the demo set in three known ways, all in
 * account 111111111111's ap-northeast-2 security groups: one group missing
 * (the default one), one value changed (the app group's description) and one
 * group extra (a copy of the app group under another id).
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO } from "../server/built.js";

export const VARIANT_REGION = "ap-northeast-2";
export const MISSING_GROUP = "sg-000000000000000ca";
export const CHANGED_GROUP = "sg-000000000000000c9";
export const EXTRA_GROUP = "sg-000000000000000cb";
export const CHANGED_DESCRIPTION = "App servers, described otherwise";

interface SecurityGroup {
  GroupId: string;
  GroupName: string;
  Description: string;
  SecurityGroupArn?: string;
  Tags?: Array<{ Key: string; Value: string }>;
}

/** Copies fixtures/ to a temporary directory and plants the three differences; returns the directory. */
export function variantFixtures(): string {
  const dir = mkdtempSync(join(tmpdir(), "shadow-variant-"));
  cpSync(join(REPO, "fixtures"), dir, { recursive: true });
  const file = join(dir, "demo/111111111111", VARIANT_REGION, "security-groups.json");
  const { SecurityGroups: groups, ...rest } = JSON.parse(readFileSync(file, "utf8")) as { SecurityGroups: SecurityGroup[] };
  const app = groups.find((g) => g.GroupId === CHANGED_GROUP)!;
  const extra: SecurityGroup = {
    ...structuredClone(app),
    GroupId: EXTRA_GROUP,
    GroupName: "demo-seoul-extra",
    SecurityGroupArn: app.SecurityGroupArn?.replace(CHANGED_GROUP, EXTRA_GROUP),
    Tags: [{ Key: "Name", Value: "demo-seoul-extra" }],
  };
  app.Description = CHANGED_DESCRIPTION;
  const planted = [...groups.filter((g) => g.GroupId !== MISSING_GROUP), extra];
  writeFileSync(file, JSON.stringify({ SecurityGroups: planted, ...rest }, null, 2));
  return dir;
}
