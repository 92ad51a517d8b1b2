/** The Cloudforet services this plugin serves, over an engine: what `createServer` routes besides health and reflection. */
import type { EngineApi } from "../engine/api.js";
import { rpcService, type RpcService } from "../server/rpc/rpc-service.js";
import { Collector, collectorService } from "./collector.js";
import { withHeldSecrets } from "./held-secrets.js";
import { Job, jobService } from "./job.js";
import { packageVersion, ServerInfo, serverInfoService } from "./server-info.js";

/**
 * `ServerInfo` (answers at once), `Collector` and `Job` (plugin work: each call takes a worker slot), each
 * call's secrets held while the engine runs it (held-secrets.ts).
 */
export function pluginServices(engine: EngineApi, version: string = packageVersion()): RpcService[] {
  const held = withHeldSecrets(engine);
  return [
    rpcService(ServerInfo, serverInfoService(version)),
    rpcService(Collector, collectorService(held), { worker: true }),
    rpcService(Job, jobService(held), { worker: true }),
  ];
}
