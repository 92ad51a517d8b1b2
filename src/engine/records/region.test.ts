import { describe, expect, it } from "vitest";
import { regionRecord } from "./region.js";

describe("regionRecord", () => {
  it("carries the corrected names, coordinates and continents as strings", () => {
    expect(regionRecord("ca-west-1").resource).toEqual({
      name: "Canada West (Calgary)",
      region_code: "ca-west-1",
      provider: "aws",
      tags: { latitude: "51.0447", longitude: "-114.0719", continent: "north_america" },
    });
    expect(regionRecord("ap-south-2").resource.name).toBe("Asia Pacific (Hyderabad)");
    expect(regionRecord("us-gov-west-1").resource).toMatchObject({ name: "AWS GovCloud (US-West)", tags: { continent: "north_america" } });
    expect(regionRecord("global").resource.tags).toEqual({});
    expect(regionRecord("ap-east-1").matchRules).toEqual({ "1": ["provider", "region_code"] });
  });

  it("names an unknown region by its code instead of failing", () => {
    expect(regionRecord("xx-new-1")).toMatchObject({ state: "SUCCESS", resource: { name: "xx-new-1", region_code: "xx-new-1", provider: "aws", tags: {} } });
  });
});
