/**
 * One AWS operation as the replay implements it: the input members it accepts, its handler, and what the
 * handler knows about the call it answers (`CallContext`). Each service module exports its operations by
 * action name (`ServiceHandlers`); dispatch.ts finds them, checks the input and calls them.
 */
import type { AccountFixture, FixtureSet, RegionFixtures } from "./fixture-store.js";
import type { AwsService } from "../common/aws-services.js";
import type { SessionStore } from "./sessions.js";

export type Principal =
  | { kind: "user"; accountId: string; userName: string; accessKeyId: string }
  | { kind: "role"; accountId: string; roleName: string; sessionName: string; accessKeyId: string; roleId: string };

export interface CallContext {
  set: FixtureSet;
  service: AwsService;
  action: string;
  account: AccountFixture;
  region: string;
  principal: Principal;
  /** This account's resources in the call's region. */
  fixtures: RegionFixtures;
  sessions: SessionStore;
  now: () => number;
}

export type Handler = (input: Record<string, unknown>, ctx: CallContext) => Record<string, unknown>;
export interface Operation {
  /** Input members the replay implements; any other member sent gets an error instead of being ignored. */
  accepts: readonly string[];
  handle: Handler;
}

export type ServiceHandlers = Readonly<Record<string, Operation>>;
