/**
 * `spaceone.api.inventory.plugin.Collector`: checks the required parameters, calls the
 * engine, turns its records into `ResourceInfo`s.
 */
import type { ServiceImpl } from "@connectrpc/connect";
import { Collector } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { cancelled } from "../common/errors.js";
import type { EngineApi } from "../engine/api.js";
import { traceIdOf } from "../server/interceptors/call-fields.js";
import { pluginMetadata } from "./metadata.js";
import { required } from "./required-parameters.js";
import { toResourceInfo } from "./resource-info.js";

/** The error a handler throws when its call was aborted: never end an aborted stream with OK. */
function abortError(signal: AbortSignal): unknown {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return cancelled();
}

export function collectorService(engine: EngineApi): ServiceImpl<typeof Collector> {
  return {
    init(req) {
      required(req.options, "options");
      return { metadata: pluginMetadata() };
    },
    async verify(req, ctx) {
      const options = required(req.options, "options");
      const secretData = required(req.secretData, "secret_data");
      await engine.verify({ options, secretData, traceId: traceIdOf(ctx.requestHeader) }, ctx.signal);
      return {};
    },
    async *collect(req, ctx) {
      const options = required(req.options, "options");
      const secretData = required(req.secretData, "secret_data");
      const params = { options, secretData, filter: req.filter ?? {}, taskOptions: req.taskOptions, traceId: traceIdOf(ctx.requestHeader) };
      for await (const record of engine.collect(params, ctx.signal)) {
        if (ctx.signal.aborted) throw abortError(ctx.signal);
        yield toResourceInfo(record);
      }
      // An engine that returns early on abort must not turn a partial collection into OK.
      if (ctx.signal.aborted) throw abortError(ctx.signal);
    },
  };
}

export { Collector };
