/**
 * The region's single DescribeInstances pass: streamed page by page to the Instance
 * type, and summarised for the types that only need to know of every instance
 * (SecurityGroup, AutoScalingGroup), so the region is listed once.
 */
import type { Instance } from "@aws-sdk/client-ec2";
import { paginate } from "../aws/paginate.js";
import type { AwsSession } from "../aws/session.js";
import type { InstanceSummary, RegionListings } from "./listings.js";

/** Instance states the collector reports (terminated instances are excluded). */
export const INSTANCE_STATES = ["pending", "running", "shutting-down", "stopping", "stopped"];

function summarize(i: Instance): InstanceSummary {
  return {
    InstanceId: i.InstanceId,
    State: i.State,
    SubnetId: i.SubnetId,
    VpcId: i.VpcId,
    PrivateIpAddress: i.PrivateIpAddress,
    PrivateDnsName: i.PrivateDnsName,
    PublicIpAddress: i.PublicIpAddress,
    PublicDnsName: i.PublicDnsName,
    Architecture: i.Architecture,
    SecurityGroups: i.SecurityGroups,
    Tags: i.Tags,
    InstanceLifecycle: i.InstanceLifecycle,
  };
}

export function createInstancePass(session: AwsSession, region: string): Pick<RegionListings, "instancePages" | "instanceSummaries"> {
  async function* describeInstancePages(): AsyncGenerator<Instance[]> {
    for await (const page of paginate(session, "ec2:DescribeInstances", region, { Filters: [{ Name: "instance-state-name", Values: INSTANCE_STATES }] })) {
      yield (page.Reservations ?? []).flatMap((r) => r.Instances ?? []);
    }
  }
  let summaries: Promise<InstanceSummary[]> | undefined;
  let passStarted = false;

  async function drainSummaries(): Promise<InstanceSummary[]> {
    const out: InstanceSummary[] = [];
    for await (const page of describeInstancePages()) for (const i of page) out.push(summarize(i));
    return out;
  }

  async function* instancePages(): AsyncGenerator<Instance[]> {
    if (passStarted) {
      // Someone else drove the pass already (summaries first): list again rather than hold every instance.
      yield* describeInstancePages();
      return;
    }
    passStarted = true;
    const collected: InstanceSummary[] = [];
    let settle!: { resolve: (v: InstanceSummary[]) => void; reject: (e: unknown) => void };
    summaries = new Promise<InstanceSummary[]>((resolve, reject) => (settle = { resolve, reject }));
    summaries.catch(() => undefined);
    const pass = describeInstancePages();
    let done = false;
    try {
      for (let next = await pass.next(); !next.done; next = await pass.next()) {
        for (const i of next.value) collected.push(summarize(i));
        yield next.value;
      }
      done = true;
      settle.resolve(collected);
    } catch (err) {
      done = true;
      settle.reject(err);
      throw err;
    } finally {
      // The consumer stopped early: the pass already running goes on for the summaries (no second listing).
      if (!done) {
        const drain = async () => {
          for await (const page of pass) for (const i of page) collected.push(summarize(i));
          return collected;
        };
        drain().then(settle.resolve, settle.reject);
      }
    }
  }

  function instanceSummaries(): Promise<InstanceSummary[]> {
    if (!summaries) {
      passStarted = true;
      summaries = drainSummaries();
      summaries.catch(() => undefined);
    }
    return summaries;
  }

  return { instancePages, instanceSummaries };
}
