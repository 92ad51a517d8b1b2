import { describe, expect, it } from "vitest";
import { AwsApiError } from "../aws/errors.js";
import { collectAll, dataOf, fakeRegion } from "../../../test/support/fake-region.js";
import { launchTemplateType } from "./launch-template.js";

const created = new Date("2024-08-01T02:03:04Z");
const template = {
  LaunchTemplateId: "lt-0aa11bb22cc33dd44",
  LaunchTemplateName: "api-lt",
  CreateTime: created,
  DefaultVersionNumber: 1,
  LatestVersionNumber: 3,
  Tags: [{ Key: "team", Value: "api" }],
};
const version = {
  LaunchTemplateId: template.LaunchTemplateId,
  VersionNumber: 3,
  VersionDescription: "canary",
  DefaultVersion: false,
  CreateTime: created,
  LaunchTemplateData: { ImageId: "ami-1", InstanceType: "t3.micro" as const, UserData: "IyEvYmluL3NoCg==" },
};

describe("launchTemplateType", () => {
  it("builds upstream's identity and the chosen version's keys", async () => {
    const { ctx } = fakeRegion({ launchTemplates: () => [template], launchTemplateVersion: () => version });
    const [record] = await collectAll(launchTemplateType.collect(ctx));
    expect(record!.resource).toMatchObject({
      name: "api-lt",
      launched_at: "2024-08-01T02:03:04",
      instance_type: null,
      tags: { team: "api" },
      reference: {
        resource_id: "arn:aws:ec2:::launch_template/lt-0aa11bb22cc33dd44/v3",
        external_link: "https://console.aws.amazon.com/ec2autoscaling/home?region=us-east-1#/details?id=lt-0aa11bb22cc33dd44",
      },
    });
    expect(dataOf(record!)).toMatchObject({
      CreateTime: "2024-08-01T02:03:04",
      version: 3,
      version_description: "canary",
      ami_id: "ami-1",
      default_version: false,
      DefaultVersionNumber: 1,
      LatestVersionNumber: 3,
      launch_template_data: { UserData: "IyEvYmluL3NoCg==", InstanceType: "t3.micro" },
      arn: "arn:aws:ec2:::launch_template/lt-0aa11bb22cc33dd44/v3",
      launch_template_arn: "arn:aws:ec2:us-east-1:123456789012:launch-template/lt-0aa11bb22cc33dd44",
      cloudtrail: { resource_type: "AWS::AutoScaling::LaunchTemplate", LookupAttributes: [{ AttributeValue: "api-lt" }] },
    });
  });

  it('gives ami_id "" for a version without an image', async () => {
    const { ctx } = fakeRegion({ launchTemplates: () => [template], launchTemplateVersion: () => ({ ...version, LaunchTemplateData: {} }) });
    expect(dataOf((await collectAll(launchTemplateType.collect(ctx)))[0]!).ami_id).toBe("");
  });

  it("turns a failed version call into an ErrorResource for that template", async () => {
    const other = { ...template, LaunchTemplateId: "lt-2", LaunchTemplateName: "other" };
    const { ctx } = fakeRegion({
      launchTemplates: () => [template, other],
      launchTemplateVersion: (t) => {
        if (t.LaunchTemplateId === "lt-2") throw new AwsApiError("ec2:DescribeLaunchTemplateVersions", "us-east-1", "UnauthorizedOperation", "denied", "r");
        return version;
      },
    });
    const records = await collectAll(launchTemplateType.collect(ctx));
    expect(records.map((r) => r.state)).toEqual(["SUCCESS", "FAILURE"]);
    expect(records[1]!.resource).toMatchObject({
      cloud_service_type: "LaunchTemplate",
      resource_id: "arn:aws:ec2:::launch_template/lt-2/v3",
      region_code: "us-east-1",
    });
  });

  it("falls back to the latest version number for the identity when versions are not read", async () => {
    const { ctx } = fakeRegion({ launchTemplates: () => [template], launchTemplateVersion: () => undefined });
    const [record] = await collectAll(launchTemplateType.collect(ctx));
    expect(record!.resource).toMatchObject({ reference: { resource_id: "arn:aws:ec2:::launch_template/lt-0aa11bb22cc33dd44/v3" } });
    expect(dataOf(record!)).toMatchObject({ version: null, ami_id: null, launch_template_data: null, default_version: null });
  });
});
