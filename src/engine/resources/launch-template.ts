/** EC2 / LaunchTemplate: each template with the version upstream shows (docs/records.md#launchtemplate). */
import type { LaunchTemplate, LaunchTemplateVersion } from "@aws-sdk/client-ec2";
import { cloudServiceRecord, tagMap } from "../records/cloud-service.js";
import { isoOrNull } from "../records/json-data.js";
import type { CollectedRecord } from "../records/record.js";
import { cloudtrailPointer } from "./aws-pointers.js";
import { perResource } from "./per-resource.js";
import type { RegionContext, ResourceTypeModule } from "./types.js";

/**
 * Upstream's identity: no region, no account, and the version number (kept, it is the resource id).
 * Without a version (reading versions switched off) the template's latest version number stands in,
 * which is the version upstream's unfiltered first element denotes.
 */
export function launchTemplateResourceId(template: LaunchTemplate, version: LaunchTemplateVersion | undefined): string {
  const number = version?.VersionNumber ?? template.LatestVersionNumber;
  return `arn:aws:ec2:::launch_template/${template.LaunchTemplateId ?? ""}/v${number ?? ""}`;
}

/** The ARN AWS itself uses for a launch template (an addition; `arn` keeps upstream's identity form). */
export function launchTemplateAwsArn(template: LaunchTemplate, region: string, account: string): string {
  return `arn:aws:ec2:${region}:${account}:launch-template/${template.LaunchTemplateId ?? ""}`;
}

/**
 * The LaunchTemplate `data`; also embedded as `launch_template` in AutoScalingGroup records.
 * `version` is undefined when versions are not read: its keys are then null.
 */
export function launchTemplateData(
  template: LaunchTemplate,
  version: LaunchTemplateVersion | undefined,
  region: string,
  account: string,
): Record<string, unknown> {
  const templateData = version?.LaunchTemplateData;
  return {
    ...template,
    CreateTime: isoOrNull(template.CreateTime),
    version: version?.VersionNumber ?? null,
    version_description: version?.VersionDescription ?? null,
    ami_id: version ? (templateData?.ImageId ?? "") : null,
    default_version: version?.DefaultVersion ?? null,
    launch_template_data: templateData ?? null,
    arn: launchTemplateResourceId(template, version),
    launch_template_arn: launchTemplateAwsArn(template, region, account),
    cloudtrail: cloudtrailPointer(region, "AWS::AutoScaling::LaunchTemplate", template.LaunchTemplateName ?? ""),
  };
}

export function launchTemplateRecord(
  template: LaunchTemplate,
  version: LaunchTemplateVersion | undefined,
  ctx: Pick<RegionContext, "region" | "account">,
): CollectedRecord {
  return cloudServiceRecord({
    type: "LaunchTemplate",
    name: template.LaunchTemplateName ?? "",
    account: ctx.account,
    region: ctx.region,
    resourceId: launchTemplateResourceId(template, version),
    externalLink: `https://console.aws.amazon.com/ec2autoscaling/home?region=${ctx.region}#/details?id=${template.LaunchTemplateId ?? ""}`,
    data: launchTemplateData(template, version, ctx.region, ctx.account),
    tags: tagMap(template.Tags),
    launchedAt: isoOrNull(template.CreateTime),
  });
}

export const launchTemplateType: ResourceTypeModule = {
  type: "LaunchTemplate",
  async *collect(ctx) {
    const templates = await ctx.listings.launchTemplates();
    yield* perResource(ctx, templates, {
      type: "LaunchTemplate",
      // The version is unknown when its call failed: the id names the latest version, as a record without a version does.
      idOf: (t) => (t.LaunchTemplateId ? launchTemplateResourceId(t, undefined) : undefined),
      // A failed DescribeLaunchTemplateVersions is a per-resource failure (docs/records.md#failure-policy).
      build: async (t) => launchTemplateRecord(t, await ctx.listings.launchTemplateVersion(t), ctx),
    });
  },
};
