import { describe, expect, it } from "vitest";
import { boundedPath, createShadowMetrics, MAX_SERIES } from "./metrics.js";

describe("boundedPath", () => {
  it("keeps the first three steps, stops at a tags step, and names a whole record", () => {
    expect(boundedPath("")).toBe("(record)");
    expect(boundedPath("resource.json_data.Description")).toBe("resource.json_data.Description");
    expect(boundedPath("resource.json_data.compute.az")).toBe("resource.json_data.compute.…");
    expect(boundedPath("resource.tags.team")).toBe("resource.tags.…");
    expect(boundedPath("resource.json_data.Tags[].Value")).toBe("resource.json_data.Tags[].…");
  });
});

describe("createShadowMetrics", () => {
  it(`counts differences by type and bounded path, and past ${MAX_SERIES} pairs as (other)`, async () => {
    const metrics = createShadowMetrics({ inFlight: () => 0, bufferedBytes: () => 0 });
    const group = (i: number) => ({ category: "difference" as const, type: `T${i}`, path: "resource.x", kind: "changed" as const, count: 2, examples: [] });
    metrics.differences(
      "collect",
      Array.from({ length: MAX_SERIES + 3 }, (_, i) => group(i)),
    );
    const text = await metrics.registry.metrics();
    expect(text).toContain('shadow_differences_total{method="collect",category="difference",kind="changed",type="T0",path="resource.x"} 2');
    expect(text).toContain(`type="T${MAX_SERIES - 1}"`);
    expect(text).not.toContain(`type="T${MAX_SERIES}"`);
    expect(text).toContain('shadow_differences_total{method="collect",category="difference",kind="changed",type="(other)",path="(other)"} 6');
  });
});
