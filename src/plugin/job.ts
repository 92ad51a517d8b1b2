/** `spaceone.api.inventory.plugin.Job`: task planning, delegated to the engine (with the caller's trace id for its logs). */
import type { ServiceImpl } from "@connectrpc/connect";
import { Job } from "../../gen/spaceone/api/inventory/plugin/job_pb.js";
import type { EngineApi } from "../engine/api.js";
import { traceIdOf } from "../server/interceptors/call-fields.js";
import { required } from "./required-parameters.js";

export function jobService(engine: EngineApi): ServiceImpl<typeof Job> {
  return {
    async get_tasks(req, ctx) {
      const options = required(req.options, "options");
      const secretData = required(req.secretData, "secret_data");
      const tasks = await engine.getTasks({ options, secretData, traceId: traceIdOf(ctx.requestHeader) }, ctx.signal);
      return { tasks: tasks.map((taskOptions) => ({ taskOptions })) };
    },
  };
}

export { Job };
