/**
 * Shadow mode: each `init`, `get_tasks` and `collect` is answered by the
 * primary (this server's engine, or its upstream in gateway mode) exactly as
 * without a shadow — the same messages, at the same pace — while the same
 * request goes to the shadow plugin in the background and the two are compared
 * as the inventory sees them (src/compare/). Each compared call leaves one log
 * line; the outcome is counted in Prometheus metrics (./metrics.ts) and kept
 * in the report at `GET /shadow/report` (./report.ts).
 *
 * Bounds: at most `concurrency` shadow calls at once (a call arriving while all
 * are busy is answered as always and counted `skipped_busy`); each shadow call
 * has its own deadline; records wait for their twin within one shared buffer
 * of `bufferBytes` (a comparison that needs more is abandoned). A shadow that
 * is slow, hangs or dies therefore changes nothing for the primary and holds
 * at most that much memory.
 */
import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import type { Interceptor, StreamRequest, UnaryRequest } from "@connectrpc/connect";
import type { HttpBindings } from "@hono/node-server";
import { Hono } from "hono";
import type { Registry } from "prom-client";
import type { Logger } from "../common/log.js";
import type { KnownDifference } from "../compare/known-differences.js";
import type { DiffGroup } from "../compare/summary.js";
import { CONTRACT_SERVICES } from "../plugin-client/collector-plugin.js";
import { traceIdOf } from "../server/interceptors/call-fields.js";
import { createBufferBudget } from "./buffer-budget.js";
import { createShadowMetrics } from "./metrics.js";
import { createReportBook, type ComparedCall, type ShadowMethod } from "./report.js";
import { startShadowCall, type ShadowCall } from "./shadow-call.js";
import { shadowPlugin } from "./shadow-plugin.js";

export interface ShadowOptions {
  /** The shadow plugin: `host:port`, `grpc://host:port` or `http://host:port`. */
  endpoint: string;
  logger: Logger;
  /** Deliberate differences, reported apart. Default none. */
  known?: readonly KnownDifference[];
  /** Deadline of each shadow collect stream; init and get_tasks get at most the platform's 180 s. */
  timeoutMs: number;
  /** Shadow calls at once. */
  concurrency: number;
  /** Bytes of records all comparisons may hold at once. */
  bufferBytes: number;
  /** Deadline of each reflection request when the shadow is opened. Default 10000. */
  reflectionTimeoutMs?: number;
}

export interface Shadow {
  /** Goes around plugin work (the server's `workerInterceptors`): it sees each call as its caller does. */
  readonly interceptor: Interceptor;
  /** The shadow metrics, for the server's `/metrics`. */
  readonly metrics: Registry;
  /** `GET /shadow/report` (the report) and `DELETE /shadow/report` (start a new period). */
  readonly routes: Hono<{ Bindings: HttpBindings }>;
  close(): void;
}

/** Groups a log line names (with one example each). */
const LOGGED_GROUPS = 10;

/** The shadowed method a request is for, if any. */
function shadowedMethod(req: UnaryRequest | StreamRequest): ShadowMethod | undefined {
  const service = req.service.typeName;
  const name = req.method.name;
  if (service === CONTRACT_SERVICES.collector && (name === "init" || name === "collect")) return name;
  if (service === CONTRACT_SERVICES.job && name === "get_tasks") return name;
  return undefined;
}

export function createShadow(options: ShadowOptions): Shadow {
  const { endpoint, logger, known = [], timeoutMs, concurrency, bufferBytes, reflectionTimeoutMs = 10_000 } = options;
  const plugin = shadowPlugin(endpoint, { reflectionTimeoutMs });
  const budget = createBufferBudget(bufferBytes);
  const book = createReportBook(endpoint);
  let inFlight = 0;
  const metrics = createShadowMetrics({ inFlight: () => inFlight, bufferedBytes: () => budget.held });

  const done = (call: ComparedCall, groups: readonly DiffGroup[]) => {
    inFlight--;
    book.add(call, groups);
    metrics.call(call.method, call.result);
    metrics.differences(call.method, groups);
    if (call.records) metrics.records(call.records.a, call.records.b);
    if (call.elapsed_ms.primary !== undefined) metrics.duration(call.method, "primary", call.elapsed_ms.primary / 1000);
    if (call.elapsed_ms.shadow !== undefined) metrics.duration(call.method, "shadow", call.elapsed_ms.shadow / 1000);
    const { groups: all, ...line } = call;
    const named = all?.slice(0, LOGGED_GROUPS).map((g) => ({ ...g, examples: g.examples.slice(0, 1) }));
    logger.info("shadow compared", { ...line, ...(named ? { groups: named } : {}) });
  };

  /** A shadow call for `req`, or undefined when all are busy (the call is counted as skipped). */
  const start = (method: ShadowMethod, req: UnaryRequest | StreamRequest): ShadowCall | undefined => {
    const traceId = traceIdOf(req.header);
    if (inFlight >= concurrency) {
      const skipped: ComparedCall = { at: new Date().toISOString(), method, ...(traceId ? { trace_id: traceId } : {}), result: "skipped_busy", elapsed_ms: {} };
      book.add({ ...skipped, reason: `${inFlight} shadow calls running (--shadow-concurrency)` });
      metrics.call(method, "skipped_busy");
      return undefined;
    }
    inFlight++;
    const traceparent = req.header.get("traceparent");
    return startShadowCall({
      method,
      input: req.method.input,
      output: req.method.output,
      headers: traceparent ? { traceparent } : {},
      ...(traceId ? { traceId } : {}),
      plugin,
      budget,
      known,
      timeoutMs,
      logger,
      done,
    });
  };

  const interceptor: Interceptor = (next) => async (req) => {
    const method = shadowedMethod(req);
    const call = method && start(method, req);
    if (!call) return next(req);
    if (!req.stream) call.request(req.message);
    const request = req.stream ? { ...req, message: observeRequest(req.message, call) } : req;
    let res;
    try {
      res = await next(request);
    } catch (err) {
      call.primaryEnded(err);
      throw err;
    }
    if (!res.stream) {
      call.primaryAnswer(res.message);
      call.primaryEnded();
      return res;
    }
    return { ...res, message: observeAnswers(res.message, call) };
  };

  const routes = new Hono<{ Bindings: HttpBindings }>();
  routes.get("/shadow/report", (c) => c.json(book.report()));
  routes.delete("/shadow/report", (c) => {
    book.reset();
    return c.json(book.report());
  });

  return {
    interceptor,
    metrics: metrics.registry,
    routes,
    close: () => plugin.close(),
  };
}

type Message = MessageShape<DescMessage>;

/** The request stream, unchanged; its message starts the shadow call as the handler reads it. */
async function* observeRequest(messages: AsyncIterable<Message>, call: ShadowCall): AsyncGenerator<Message> {
  for await (const message of messages) {
    call.request(message);
    yield message;
  }
}

/** The primary's messages, unchanged and as fast as the client takes them; each is handed on once taken. */
async function* observeAnswers(messages: AsyncIterable<Message>, call: ShadowCall): AsyncGenerator<Message> {
  let ended = false;
  try {
    for await (const message of messages) {
      yield message;
      call.primaryRecord(message);
    }
    ended = true;
    call.primaryEnded();
  } catch (err) {
    ended = true;
    call.primaryEnded(err);
    throw err;
  } finally {
    if (!ended) call.primaryAbandoned();
  }
}
