/**
 * The region's single DescribeInstances pass: streamed page by page to the Instance
 * type, and summarised for the types that only need to know of every instance
 * (SecurityGroup, AutoScalingGroup), so the region is listed once. The summaries are
 * parked page by page as the pass goes (docs/benchmarks.md#memory-of-a-region-task): no page's SDK
 * objects outlive the page.
 */
import type { Instance } from "@aws-sdk/client-ec2";
import { Semaphore } from "../../common/async.js";
import { paginate } from "../aws/paginate.js";
import type { AwsSession } from "../aws/session.js";
import type { InstanceSummary, PagedListing, RegionListings } from "./listings.js";
import { ParkedPages } from "./parked-pages.js";

/** Instance states the collector reports (terminated instances are excluded). */
export const INSTANCE_STATES = ["pending", "running", "shutting-down", "stopping", "stopped"];

/**
 * DescribeInstances pages held at once by the whole process, over every region task: a page of 1,000
 * instances is about 10 MB of SDK objects from its answer until the Instance type has streamed its
 * records, and 17 region tasks at once would otherwise hold 17 of them (docs/benchmarks.md#memory-of-a-region-task).
 * A slot is taken before the page is asked for and given back when the next one is (or the pass ends);
 * the tasks' CPU work is the same, only taken in turns.
 */
export const INSTANCE_PAGES_HELD = new Semaphore(4);

/**
 * Longest wait for a slot of the budget before a task goes on without one. A slot is held while the page's
 * records stream, so a caller that stops reading (a stalled client; Cloudforet puts no deadline on a collect)
 * holds it: the budget bounds memory under normal load, and must never stop other tasks for longer than this.
 */
export const PAGE_SLOT_MAX_WAIT_MS = 30_000;

export interface PageBudgetOptions {
  /** The pages held at once. Default `INSTANCE_PAGES_HELD`, the process's. */
  pagesHeld?: Semaphore;
  /** Default `PAGE_SLOT_MAX_WAIT_MS`. */
  slotMaxWaitMs?: number;
  /** Told when a page is asked for without a slot. */
  onOverBudget?: () => void;
}

/** A slot of `budget`, or none (a no-op release) once `maxWaitMs` passed without one. */
async function pageSlot(budget: Semaphore, signal: AbortSignal, maxWaitMs: number, onOverBudget: () => void): Promise<() => void> {
  if (budget.waiting === 0 && budget.running < budget.slots) return budget.acquire(signal);
  try {
    return await budget.acquire(AbortSignal.any([signal, AbortSignal.timeout(maxWaitMs)]));
  } catch {
    signal.throwIfAborted();
    onOverBudget();
    return () => {};
  }
}

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
  };
}

/** What the pass leaves for the types after Instance. */
interface PassSummary {
  summaries: PagedListing<InstanceSummary>;
  lifecycles: ReadonlyMap<string, string | undefined>;
}

/** Fills a `PassSummary` page by page. */
function summaryCollector(): { add(page: readonly Instance[]): void; done(): PassSummary } {
  const summaries = new ParkedPages<InstanceSummary>();
  const lifecycles = new Map<string, string | undefined>();
  return {
    add(page) {
      summaries.add(page.map(summarize));
      for (const i of page) if (i.InstanceId) lifecycles.set(i.InstanceId, i.InstanceLifecycle);
    },
    done: () => ({ summaries, lifecycles }),
  };
}

export function createInstancePass(
  session: AwsSession,
  region: string,
  { pagesHeld = INSTANCE_PAGES_HELD, slotMaxWaitMs = PAGE_SLOT_MAX_WAIT_MS, onOverBudget = () => {} }: PageBudgetOptions = {},
): Pick<RegionListings, "instancePages" | "instanceSummaries" | "instanceLifecycles"> {
  async function* describeInstancePages(): AsyncGenerator<Instance[]> {
    const pages = paginate(session, "ec2:DescribeInstances", region, { Filters: [{ Name: "instance-state-name", Values: INSTANCE_STATES }] });
    try {
      for (;;) {
        const release = await pageSlot(pagesHeld, session.signal, slotMaxWaitMs, onOverBudget);
        try {
          const page = await pages.next();
          if (page.done) return;
          const instances = (page.value.Reservations ?? []).flatMap((r) => r.Instances ?? []);
          // The instances live on in `instances` only, which the pass empties once the Instance type is done with it.
          page.value.Reservations = undefined;
          yield instances;
        } finally {
          release();
        }
      }
    } finally {
      await pages.return(undefined);
    }
  }
  let summary: Promise<PassSummary> | undefined;
  let passStarted = false;

  async function drainSummaries(): Promise<PassSummary> {
    const collector = summaryCollector();
    for await (const page of describeInstancePages()) collector.add(page);
    return collector.done();
  }

  async function* instancePages(): AsyncGenerator<Instance[]> {
    if (passStarted) {
      // Someone else drove the pass already (summaries first): list again rather than hold every instance.
      yield* describeInstancePages();
      return;
    }
    passStarted = true;
    const collector = summaryCollector();
    let settle!: { resolve: (v: PassSummary) => void; reject: (e: unknown) => void };
    summary = new Promise<PassSummary>((resolve, reject) => (settle = { resolve, reject }));
    summary.catch(() => undefined);
    const pass = describeInstancePages();
    let done = false;
    try {
      for (let next = await pass.next(); !next.done; next = await pass.next()) {
        collector.add(next.value);
        yield next.value;
        // The Instance type asks for the next page once it has this one's records: a page is 1,000 instances
        // (about 7.5 MB), which suspended generator frames (this one, the pass's) would otherwise hold
        // until the next page has arrived.
        next.value.length = 0;
      }
      done = true;
      settle.resolve(collector.done());
    } catch (err) {
      done = true;
      settle.reject(err);
      throw err;
    } finally {
      // The consumer stopped early: the pass already running goes on for the summaries (no second listing).
      if (!done) {
        const drain = async () => {
          for await (const page of pass) collector.add(page);
          return collector.done();
        };
        drain().then(settle.resolve, settle.reject);
      }
    }
  }

  function passSummary(): Promise<PassSummary> {
    if (!summary) {
      passStarted = true;
      summary = drainSummaries();
      summary.catch(() => undefined);
    }
    return summary;
  }

  return {
    instancePages,
    instanceSummaries: async () => (await passSummary()).summaries,
    instanceLifecycles: async () => (await passSummary()).lifecycles,
  };
}
