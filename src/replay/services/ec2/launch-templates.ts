/** Launch templates and their versions (`$Latest`, `$Default`, numbers, min/max). */
import { AwsError } from "../../aws-error.js";
import { applyFilters, get } from "../../filters.js";
import type { Item } from "../../fixture-format.js";
import type { Operation } from "../../operation.js";
import { paginate } from "../../pagination.js";
import { selectByIds } from "../common.js";
import { page } from "./common.js";

export const describeLaunchTemplates: Operation = {
  accepts: ["LaunchTemplateIds", "LaunchTemplateNames", "Filters", "MaxResults", "NextToken"],
  handle(input, ctx) {
    let templates = selectByIds(
      ctx.fixtures.list("launchTemplates"),
      input.LaunchTemplateIds,
      "LaunchTemplateId",
      (missing) => new AwsError("InvalidLaunchTemplateId.NotFound", `The specified launch template, with template ID ${missing[0]}, does not exist.`),
    );
    templates = selectByIds(
      templates,
      input.LaunchTemplateNames,
      "LaunchTemplateName",
      (missing) =>
        new AwsError(
          "InvalidLaunchTemplateName.NotFoundException",
          `At least one of the launch templates specified in the request does not exist. (${missing[0]})`,
        ),
    );
    const filtered = applyFilters(templates, input.Filters, { "launch-template-name": (t) => t.LaunchTemplateName, "create-time": (t) => t.CreateTime });
    const { items, next } = paginate(filtered, input, page(1, 200), ctx);
    return { LaunchTemplates: items, NextToken: next };
  },
};

/** Resolves `$Latest`, `$Default` and numbers against one template's versions. */
function versionMatches(version: Item, template: Item | undefined, wanted: string[]): boolean {
  return wanted.some((w) => {
    if (w === "$Latest") return version.VersionNumber === template?.LatestVersionNumber;
    if (w === "$Default") return version.DefaultVersion === true;
    return String(version.VersionNumber) === w;
  });
}

export const describeLaunchTemplateVersions: Operation = {
  accepts: ["LaunchTemplateId", "LaunchTemplateName", "Versions", "MinVersion", "MaxVersion", "Filters", "MaxResults", "NextToken"],
  handle(input, ctx) {
    const templates = ctx.fixtures.list("launchTemplates");
    const versions = input.Versions as string[] | undefined;
    const id = input.LaunchTemplateId as string | undefined;
    const name = input.LaunchTemplateName as string | undefined;
    let template: Item | undefined;
    if (id !== undefined || name !== undefined) {
      template = templates.find((t) => (id === undefined || t.LaunchTemplateId === id) && (name === undefined || t.LaunchTemplateName === name));
      if (!template) {
        throw id !== undefined
          ? new AwsError("InvalidLaunchTemplateId.NotFound", `The specified launch template, with template ID ${id}, does not exist.`)
          : new AwsError("InvalidLaunchTemplateName.NotFoundException", `The specified launch template, with template name ${name}, does not exist.`);
      }
    } else if (!versions?.length || versions.some((v) => v !== "$Latest" && v !== "$Default")) {
      throw new AwsError(
        "MissingParameter",
        "The request must contain the parameter LaunchTemplateName or LaunchTemplateId, or specify only $Latest or $Default versions.",
      );
    }
    const byId = new Map(templates.map((t) => [t.LaunchTemplateId, t]));
    let rows = ctx.fixtures.list("launchTemplateVersions").filter((v) => !template || v.LaunchTemplateId === template.LaunchTemplateId);
    if (versions?.length) rows = rows.filter((v) => versionMatches(v, byId.get(v.LaunchTemplateId), versions));
    if (input.MinVersion !== undefined) rows = rows.filter((v) => Number(v.VersionNumber) >= Number(input.MinVersion));
    if (input.MaxVersion !== undefined) rows = rows.filter((v) => Number(v.VersionNumber) <= Number(input.MaxVersion));
    const filtered = applyFilters(
      rows,
      input.Filters,
      { "is-default-version": (v) => v.DefaultVersion, "image-id": (v) => get(v, "LaunchTemplateData", "ImageId") },
      false,
    );
    const { items, next } = paginate(filtered, input, page(1, 200), ctx);
    return { LaunchTemplateVersions: items, NextToken: next };
  },
};
