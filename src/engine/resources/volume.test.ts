import { describe, expect, it } from "vitest";
import { AwsApiError } from "../aws/errors.js";
import { collectAll, dataOf, fakeRegion } from "../../../test/support/fake-region.js";
import { kmsKeys, volumeType } from "./volume.js";
import { snapshotType } from "./snapshot.js";

const created = new Date("2025-03-14T09:26:53.120Z");

describe("kmsKeys", () => {
  it("splits a key ARN and is null without a key", () => {
    expect(kmsKeys("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab")).toEqual({
      kms_key_arn: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab",
      kms_key_id: "1234abcd-12ab",
    });
    expect(kmsKeys("alias-without-slash")).toEqual({ kms_key_arn: "alias-without-slash", kms_key_id: "" });
    expect(kmsKeys(undefined)).toEqual({ kms_key_arn: null, kms_key_id: null });
  });
});

describe("volumeType", () => {
  const unattached = { VolumeId: "vol-2", Size: 100, VolumeType: "gp3" as const, State: "available" as const, CreateTime: created, Attachments: [], Tags: [] };
  const attached = {
    VolumeId: "vol-1",
    Size: 8,
    VolumeType: "io2" as const,
    CreateTime: created,
    Encrypted: true,
    KmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/k-1",
    Attachments: [{ InstanceId: "i-1", AttachTime: created, Device: "/dev/xvda", State: "attached" as const }],
    Tags: [{ Key: "aws:Name", Value: "root" }],
  };

  it("builds sizes in bytes, ISO dates, the ARN identity and the product-code attribute", async () => {
    const { ctx } = fakeRegion({
      volumes: () => [attached, unattached],
      volumeProductCodes: () => [{ ProductCodeId: "pc-1", ProductCodeType: "marketplace" }],
    });
    const [a, u] = await collectAll(volumeType.collect(ctx));
    expect(a!.resource).toMatchObject({
      name: "root",
      instance_type: "io2",
      instance_size: 8 * 1024 ** 3,
      launched_at: "2025-03-14T09:26:53.120000",
      reference: { resource_id: "arn:aws:ec2:us-east-1:123456789012:volume/vol-1" },
    });
    expect(dataOf(a!)).toMatchObject({
      size: 8589934592,
      Attachments: [{ AttachTime: "2025-03-14T09:26:53.120000", InstanceId: "i-1" }],
      attribute: { VolumeId: "vol-1", ProductCodes: [{ ProductCodeId: "pc-1", ProductCodeType: "marketplace" }] },
      kms_key_id: "k-1",
      name: "root",
    });
    expect(dataOf(u!)).toMatchObject({ Attachments: [], name: null, kms_key_arn: null, kms_key_id: null, State: "available" });
    expect(u!.resource.name).toBe("");
  });

  it("turns a failed per-volume call into an ErrorResource for that volume and keeps the others", async () => {
    const { ctx } = fakeRegion({
      volumes: () => [attached, unattached],
      volumeProductCodes: (v) => {
        if (v.VolumeId === "vol-1") throw new AwsApiError("ec2:DescribeVolumeAttribute", "us-east-1", "UnauthorizedOperation", "denied", "req-1");
        return [];
      },
    });
    const [failed, ok] = await collectAll(volumeType.collect(ctx));
    expect(failed!.state).toBe("FAILURE");
    expect(failed!.resource).toMatchObject({
      cloud_service_type: "Volume",
      region_code: "us-east-1",
      resource_id: "arn:aws:ec2:us-east-1:123456789012:volume/vol-1",
      api: "ec2:DescribeVolumeAttribute",
    });
    expect(failed!.message).toContain("ERROR_AWS_API: ec2:DescribeVolumeAttribute failed.");
    expect(ok!.state).toBe("SUCCESS");
  });

  it("shows an unknown attribute as null when attribute reading is switched off", async () => {
    const { ctx } = fakeRegion({ volumes: () => [unattached], volumeProductCodes: () => undefined });
    expect(dataOf((await collectAll(volumeType.collect(ctx)))[0]!).attribute).toBeNull();
  });
});

describe("snapshotType", () => {
  it("keeps GiB, always sends CompletionTime and converts every timestamp", async () => {
    const { ctx } = fakeRegion({
      snapshots: () => [
        {
          SnapshotId: "snap-1",
          VolumeSize: 30,
          StartTime: created,
          State: "pending" as const,
          Progress: "40%",
          RestoreExpiryTime: created,
          Tags: [{ Key: "Name", Value: "nightly" }],
        },
      ],
    });
    const [record] = await collectAll(snapshotType.collect(ctx));
    expect(record!.resource).toMatchObject({
      name: "nightly",
      instance_size: 30,
      launched_at: "2025-03-14T09:26:53.120000",
      reference: { resource_id: "arn:aws:ec2:us-east-1:123456789012:snapshot/snap-1" },
    });
    const data = dataOf(record!);
    expect(data).toMatchObject({
      CompletionTime: null,
      StartTime: "2025-03-14T09:26:53.120000",
      RestoreExpiryTime: "2025-03-14T09:26:53.120000",
      kms_key_arn: null,
      name: "nightly",
    });
    expect(data).not.toHaveProperty("size");
    expect(data).not.toHaveProperty("cloudwatch");
  });
});
