/** DescribeRegions: the account's enabled regions, and its not-enabled opt-in regions with `AllRegions`. */
import { AwsError } from "../../aws-error.js";
import { applyFilters } from "../../filters.js";
import type { Item } from "../../fixture-format.js";
import type { Operation } from "../../operation.js";

/** Regions that must be enabled by the account owner before use (AWS "opt-in" regions). */
const OPT_IN_REGIONS = new Set([
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-south-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-west-1",
  "eu-central-2",
  "eu-south-1",
  "eu-south-2",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
]);

export const describeRegions: Operation = {
  accepts: ["RegionNames", "AllRegions", "Filters"],
  handle(input, ctx) {
    const enabled = ctx.account.enabledRegions.map((name) => ({
      RegionName: name,
      OptInStatus: OPT_IN_REGIONS.has(name) ? "opted-in" : "opt-in-not-required",
    }));
    const disabled = ctx.account.disabledRegions.map((name) => ({ RegionName: name, OptInStatus: "not-opted-in" }));
    let regions: Item[] = [...enabled, ...(input.AllRegions === true ? disabled : [])]
      .sort((a, b) => (a.RegionName < b.RegionName ? -1 : 1))
      .map((r) => ({ Endpoint: `ec2.${r.RegionName}.amazonaws.com`, ...r }));
    const names = input.RegionNames as string[] | undefined;
    if (names?.length) {
      const unknown = names.find((n) => !regions.some((r) => r.RegionName === n) && !ctx.account.disabledRegions.includes(n));
      if (unknown) throw new AwsError("InvalidParameterValue", `Invalid region: ${unknown}`);
      regions = [...enabled, ...disabled].map((r) => ({ Endpoint: `ec2.${r.RegionName}.amazonaws.com`, ...r })).filter((r) => names.includes(r.RegionName));
    }
    return {
      Regions: applyFilters(
        regions,
        input.Filters,
        { "region-name": (r) => r.RegionName, "opt-in-status": (r) => r.OptInStatus, endpoint: (r) => r.Endpoint },
        false,
      ),
    };
  },
};
