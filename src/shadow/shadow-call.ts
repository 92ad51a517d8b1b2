/**
 * One call answered by the primary and sent to the shadow too. The primary's
 * side is fed by the interceptor (its request, then its answer or records and
 * how it ended); the shadow's side runs in the background with its own
 * deadline and abort signal. When both sides are done the two are compared as
 * the inventory reads them — records matched by match rules as they arrive
 * (collect), answers key path by key path (init, get_tasks), and how each
 * call ended — and the outcome handed to `done`.
 *
 * Nothing here can reach the primary: every entry point swallows its own
 * failures (logged; the comparison is given up), and the interceptor never
 * waits for anything of the shadow.
 */
import { toJson, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import type { JsonObject } from "../common/json.js";
import type { Logger } from "../common/log.js";
import { maskText } from "../common/secrets.js";
import type { KnownDifference } from "../compare/known-differences.js";
import type { RecordDifference } from "../compare/record-diff.js";
import type { DiffGroup } from "../compare/summary.js";
import { diffValues } from "../compare/value-diff.js";
import { PLATFORM_UNARY_DEADLINE_MS, secretValues } from "../conformance/contract.js";
import { answeredByUpstream } from "../gateway/upstream-error.js";
import { CONTRACT_SERVICES } from "../plugin-client/collector-plugin.js";
import { rpcFailure } from "../plugin-client/dynamic-client.js";
import type { BufferBudget } from "./buffer-budget.js";
import { createDiffGroups, type DiffGroups } from "./diff-groups.js";
import type { CallResult, CallStatus, ComparedCall, ShadowMethod } from "./report.js";
import type { ShadowPlugin } from "./shadow-plugin.js";
import { createStreamComparison, type StreamComparison } from "./stream-comparison.js";

export interface ShadowCallContext {
  method: ShadowMethod;
  /** The primary's request and answer types. */
  input: DescMessage;
  output: DescMessage;
  /** Headers for the shadow call (`traceparent`). */
  headers: Record<string, string>;
  traceId?: string;
  plugin: ShadowPlugin;
  budget: BufferBudget;
  known: readonly KnownDifference[];
  /** Deadline of a shadow collect stream; init and get_tasks get at most the platform's 180 s. */
  timeoutMs: number;
  logger: Logger;
  /** Called once, with the outcome and this call's groups. */
  done(call: ComparedCall, groups: readonly DiffGroup[]): void;
}

export interface ShadowCall {
  /** The primary's request message: starts the shadow call. */
  request(message: MessageShape<DescMessage>): void;
  /** A record the primary sent (collect), once the client has taken it. */
  primaryRecord(message: MessageShape<DescMessage>): void;
  /** The primary's answer (init, get_tasks). */
  primaryAnswer(message: MessageShape<DescMessage>): void;
  /** The primary's call ended, with its error if it failed. */
  primaryEnded(error?: unknown): void;
  /** The client went away before the primary ended: nothing to compare; the shadow call is cancelled. */
  primaryAbandoned(): void;
}

type PrimarySide = { kind: "ended"; status: CallStatus; answer?: JsonObject; ms: number } | { kind: "abandoned"; reason: string };

type ShadowSide =
  { kind: "ended"; status: CallStatus; answer?: JsonObject } | { kind: "timeout"; reason: string } | { kind: "failed"; reason: string } | { kind: "aborted" };

const OK: CallStatus = { status: "OK" };

const METHODS: Record<ShadowMethod, { service: string; name: string }> = {
  init: { service: CONTRACT_SERVICES.collector, name: "init" },
  get_tasks: { service: CONTRACT_SERVICES.job, name: "get_tasks" },
  collect: { service: CONTRACT_SERVICES.collector, name: "collect" },
};

export function startShadowCall(ctx: ShadowCallContext): ShadowCall {
  const started = performance.now();
  const at = new Date().toISOString();
  const abort = new AbortController();
  let secrets: string[] = [];
  let groups: DiffGroups = createDiffGroups();
  let comparison: StreamComparison | undefined;
  let task: JsonObject | undefined;
  let primary: PrimarySide | undefined;
  let requested = false;
  let primaryAnswer: JsonObject | undefined;
  let shadow: (ShadowSide & { ms: number }) | undefined;
  let finished = false;
  let trouble: string | undefined;

  const json = (schema: DescMessage, message: MessageShape<DescMessage>) => toJson(schema, message, { useProtoFieldName: true }) as JsonObject;
  const statusOf = (err: unknown): CallStatus => {
    const failure = rpcFailure(err);
    return { status: failure.status, message: maskText(failure.message, secrets) };
  };
  /** Runs `step`; a failure gives the comparison up (logged), never reaches the caller. */
  const safely = (step: () => void) => {
    try {
      step();
    } catch (err) {
      trouble ??= err instanceof Error ? err.message : String(err);
      comparison?.abandon();
      ctx.logger.warn("shadow comparison failed", { method: ctx.method, err });
    }
  };

  async function runShadow(request: JsonObject): Promise<ShadowSide> {
    const { service, name } = METHODS[ctx.method];
    try {
      const plugin = await ctx.plugin.get();
      if (ctx.method !== "collect") {
        const options = { timeoutMs: Math.min(ctx.timeoutMs, PLATFORM_UNARY_DEADLINE_MS), signal: abort.signal, headers: ctx.headers };
        return { kind: "ended", status: OK, answer: await plugin.client.unary(service, name, request, options) };
      }
      for await (const record of plugin.client.serverStream(service, name, request, { timeoutMs: ctx.timeoutMs, signal: abort.signal, headers: ctx.headers })) {
        if (!comparison!.add("shadow", record)) break;
      }
      return { kind: "ended", status: OK };
    } catch (err) {
      if (abort.signal.aborted) return { kind: "aborted" };
      const error = ConnectError.from(err);
      if (answeredByUpstream(error)) return { kind: "ended", status: statusOf(error) };
      const reason = maskText(err instanceof ConnectError ? `${Code[err.code]}: ${err.rawMessage}` : error.message, secrets);
      if (error.code === Code.DeadlineExceeded) return { kind: "timeout", reason };
      // It reached nothing: the next call opens (and discovers) the shadow again.
      ctx.plugin.reset();
      return { kind: "failed", reason };
    }
  }

  const settle = () => {
    if (finished || primary === undefined || shadow === undefined) return;
    finished = true;
    const [main, side] = [primary, shadow];
    safely(() => finish(main, side));
    comparison?.abandon();
  };

  const finish = (main: PrimarySide, side: ShadowSide & { ms: number }) => {
    const elapsed_ms = { ...(main.kind === "ended" ? { primary: main.ms } : {}), ...(side.kind !== "aborted" ? { shadow: side.ms } : {}) };
    const base: ComparedCall = {
      at,
      method: ctx.method,
      ...(ctx.traceId ? { trace_id: ctx.traceId } : {}),
      ...(task ? { task } : {}),
      result: "same",
      elapsed_ms,
    };
    const notCompared = (result: CallResult, reason: string) => ctx.done({ ...base, result, reason }, []);
    if (main.kind === "abandoned") return notCompared("primary_incomplete", main.reason);
    if (side.kind === "timeout") return notCompared("shadow_timeout", side.reason);
    if (side.kind === "failed") return notCompared("shadow_failed", side.reason);
    if (trouble !== undefined) return notCompared("abandoned_buffer", `the comparison failed: ${trouble}`);
    if (side.kind === "aborted" || comparison?.abandoned) return notCompared("abandoned_buffer", "the records waiting for comparison would exceed the buffer");
    if (comparison) comparison.finish();
    else if (main.status.status === "OK" && side.status.status === "OK") {
      const type = ctx.output.name;
      groups.add(diffValues(main.answer, side.answer).map((d): RecordDifference => ({ type, record: `${ctx.method} answer`, ...d })));
    }
    groups.add(statusDifferences(`${ctx.method} status`, main.status, side.status));
    const all = groups.groups();
    const records = comparison && { a: comparison.counts.primary, b: comparison.counts.shadow, matched: comparison.counts.matched };
    const result = groups.counts.difference > 0 ? "different" : "same";
    ctx.done({ ...base, result, primary: main.status, shadow: side.status, ...(records ? { records } : {}), counts: { ...groups.counts }, groups: all }, all);
  };

  const elapsed = () => Math.round(performance.now() - started);

  return {
    request(message) {
      requested = true;
      safely(() => {
        const request = json(ctx.input, message);
        secrets = [...secretValues(request.secret_data as JsonObject | undefined).values()];
        groups = createDiffGroups({ known: ctx.known, secrets });
        if (ctx.method === "collect") {
          task = request.task_options as JsonObject | undefined;
          comparison = createStreamComparison(ctx.budget, (differences) => groups.add(differences));
        }
        void runShadow(request).then((side) => {
          shadow = { ...side, ms: elapsed() };
          // A shadow that ended without answering frees the buffer now, not when the primary ends.
          if (side.kind !== "ended") comparison?.abandon();
          settle();
        });
      });
    },
    primaryRecord(message) {
      if (comparison && !comparison.abandoned) safely(() => comparison!.add("primary", json(ctx.output, message)));
    },
    primaryAnswer(message) {
      safely(() => (primaryAnswer = json(ctx.output, message)));
    },
    primaryEnded(error) {
      if (!requested) {
        // It failed before its handler read the request (e.g. cancelled while waiting for a worker slot): no shadow call ran.
        primary = { kind: "abandoned", reason: "the primary ended before it read its request" };
        shadow = { kind: "aborted", ms: 0 };
      } else {
        primary = { kind: "ended", status: error === undefined ? OK : statusOf(error), answer: primaryAnswer, ms: elapsed() };
      }
      settle();
    },
    primaryAbandoned() {
      primary = { kind: "abandoned", reason: "the client went away before the primary's answer ended" };
      abort.abort();
      comparison?.abandon();
      if (!requested) shadow = { kind: "aborted", ms: 0 };
      settle();
    },
  };
}

/** How two calls ended, compared: the status name, then the text. */
function statusDifferences(type: string, a: CallStatus, b: CallStatus): RecordDifference[] {
  const record = type;
  if (a.status !== b.status) return [{ type, record, path: "code", kind: "changed", a: a.status, b: b.status }];
  if ((a.message ?? "") !== (b.message ?? "")) return [{ type, record, path: "message", kind: "changed", a: a.message ?? "", b: b.message ?? "" }];
  return [];
}
