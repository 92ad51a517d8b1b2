/**
 * Wire faithfulness: every resource kind of the demo set goes fixture → replay
 * wire (XML or JSON named from the SDK schema) → the real SDK's parser → back
 * to fixture form, and must come back deep-equal. A wrong element name would
 * silently drop a member and fail here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { RESOURCE_FILES, type ResourceKind } from "../../src/replay/fixture-format.js";
import { FixtureStore } from "../../src/replay/fixture-store.js";
import { record, type Recording } from "../../src/fixture-tools/recorder.js";
import { DEMO_KEYS, FIXTURES_DIR, startReplay, type RunningReplay } from "./harness.js";

let replay: RunningReplay;
let recording: Recording;
const demo = new FixtureStore(FIXTURES_DIR).get("demo")!;

beforeAll(async () => {
  replay = await startReplay();
  recording = await record({
    accounts: [{ credentials: DEMO_KEYS.account1 }],
    regions: ["us-east-1"],
    endpoint: replay.endpoint("demo"),
    clientConfig: { retryStrategy: new ConfiguredRetryStrategy(2, () => 1) },
  });
});
afterAll(() => replay.close());

/** Per-item files where the replay fills AWS's default for items without an entry. */
const DEFAULTED: ReadonlySet<ResourceKind> = new Set(["instanceAttributes", "volumeAttributes"]);

describe("fixture → wire → SDK round trip", () => {
  const fixtures = demo.region("111111111111", "us-east-1");
  const kinds = (Object.keys(RESOURCE_FILES) as ResourceKind[]).filter((k) => k !== "securityGroupRules");

  it("the demo region holds every resource kind", () => {
    expect(kinds.filter((k) => !fixtures.has(k))).toEqual([]);
  });

  it.each(kinds)("%s", (kind) => {
    const recorded = recording.regions.get("111111111111/us-east-1")![kind];
    if (RESOURCE_FILES[kind].kind === "map") {
      expect(recorded).toEqual(fixtures.map(kind));
    } else if (DEFAULTED.has(kind)) {
      for (const entry of fixtures.list(kind)) expect(recorded).toContainEqual(entry);
    } else {
      expect(recorded).toEqual(fixtures.list(kind));
    }
  });
});
