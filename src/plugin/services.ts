/** The Cloudforet services this plugin serves, over an engine: what `createServer` routes besides health and reflection. */
import type { EngineApi } from "../engine/api.js";
import { rpcService, type RpcService } from "../server/rpc/rpc-service.js";
import { Collector, collectorService } from "./collector.js";
import { Job, jobService } from "./job.js";
import { packageVersion, ServerInfo, serverInfoService } from "./server-info.js";

/** `ServerInfo` (answers at once), `Collector` and `Job` (plugin work: each call takes a worker slot). */
export function pluginServices(engine: EngineApi, version: string = packageVersion()): RpcService[] {
  return [
    rpcService(ServerInfo, serverInfoService(version)),
    rpcService(Collector, collectorService(engine), { worker: true }),
    rpcService(Job, jobService(engine), { worker: true }),
  ];
}
