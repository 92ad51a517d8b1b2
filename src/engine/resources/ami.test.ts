import { describe, expect, it } from "vitest";
import { AwsApiError } from "../aws/errors.js";
import { collectAll, dataOf, fakeRegion } from "../../../test/support/fake-region.js";
import { amiType, creationDateIso } from "./ami.js";

const linux = { ImageId: "ami-1", Name: "app", ImageType: "machine" as const, CreationDate: "2024-01-02T03:04:05.000Z" };
const windows = { ImageId: "ami-2", Name: "win", ImageType: "machine" as const, Platform: "windows" as const, CreationDate: "2024-05-06T07:08:09.250Z" };

describe("creationDateIso", () => {
  it("rewrites AWS's string in upstream's format", () => {
    expect(creationDateIso("2024-01-02T03:04:05.000Z")).toBe("2024-01-02T03:04:05");
    expect(creationDateIso("2024-05-06T07:08:09.250Z")).toBe("2024-05-06T07:08:09.250000");
    expect(creationDateIso("not a date")).toBeNull();
    expect(creationDateIso(undefined)).toBeNull();
  });
});

describe("amiType", () => {
  it("keeps CreationDate as AWS's string, forces an empty Platform to Other Linux and adds launch permissions", async () => {
    const { ctx } = fakeRegion({
      ownedImages: () => [linux, windows],
      launchPermissions: (image) => (image.ImageId === "ami-2" ? [{ UserId: "210987654321" }] : []),
    });
    const [l, w] = await collectAll(amiType.collect(ctx));
    expect(dataOf(l!)).toMatchObject({
      Platform: "Other Linux",
      CreationDate: "2024-01-02T03:04:05.000Z",
      launch_permissions: [],
      Cloudtrail: { resource_type: "AWS::EC2::Ami" },
    });
    expect(dataOf(w!)).toMatchObject({ Platform: "windows", launch_permissions: [{ UserId: "210987654321" }] });
    expect(w!.resource).toMatchObject({ instance_type: "machine", launched_at: "2024-05-06T07:08:09.250000" });
  });

  it("logs a failed launch-permission read and sends null instead of an ErrorResource", async () => {
    const { ctx, logs } = fakeRegion({
      ownedImages: () => [linux],
      launchPermissions: () => {
        throw new AwsApiError("ec2:DescribeImageAttribute", "us-east-1", "UnauthorizedOperation", "denied", "req-9");
      },
    });
    const records = await collectAll(amiType.collect(ctx));
    expect(records.map((r) => r.state)).toEqual(["SUCCESS"]);
    expect(dataOf(records[0]!).launch_permissions).toBeNull();
    expect(logs.find((l) => l.msg === "launch permissions unavailable")).toMatchObject({
      level: "warn",
      image_id: "ami-1",
      err: { code: "UnauthorizedOperation" },
    });
  });

  it("sends null when launch permissions are switched off", async () => {
    const { ctx } = fakeRegion({ ownedImages: () => [linux], launchPermissions: () => undefined });
    expect(dataOf((await collectAll(amiType.collect(ctx)))[0]!).launch_permissions).toBeNull();
  });
});
