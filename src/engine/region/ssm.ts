/**
 * SSM's platform details of managed instances, an optional enrichment: when SSM is
 * denied or fails, `os.details` falls back to `PlatformDetails` and the failure is
 * only logged (an ErrorResource would disable garbage collection, docs/contract.md#silent-failure-hazards).
 */
import { chunks, forEachLimit } from "../../common/async.js";
import type { Logger } from "../../common/log.js";
import { collectAll } from "../aws/paginate.js";
import type { AwsSession } from "../aws/session.js";
import type { RegionListings } from "./listings.js";

/** Instance ids per call (AWS's filter limit) and chunks in flight. */
const IDS_PER_CALL = 100;
const CALLS_IN_FLIGHT = 4;

export function createSsmPlatformDetails(session: AwsSession, region: string, log: Logger): RegionListings["ssmPlatformDetails"] {
  return async (ids) => {
    const out = new Map<string, string>();
    if (ids.length === 0) return out;
    try {
      await forEachLimit(chunks([...new Set(ids)], IDS_PER_CALL), CALLS_IN_FLIGHT, async (chunk) => {
        const infos = await collectAll(
          session,
          "ssm:DescribeInstanceInformation",
          region,
          { Filters: [{ Key: "InstanceIds", Values: chunk }] },
          (o) => o.InstanceInformationList,
        );
        for (const info of infos) {
          if (!info.InstanceId || !info.PlatformName) continue;
          out.set(info.InstanceId, info.PlatformVersion ? `${info.PlatformName} ${info.PlatformVersion}` : info.PlatformName);
        }
      });
    } catch (err) {
      session.signal.throwIfAborted();
      log.warn("SSM instance information unavailable; os.details falls back to PlatformDetails", { region, err });
      return new Map();
    }
    return out;
  };
}
