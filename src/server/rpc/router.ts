/**
 * The RPC surface: the four Cloudforet services plus reflection (v1alpha and
 * v1), assembled into one Node request listener for gRPC, gRPC-Web and Connect.
 */
import type { Compression } from "@connectrpc/connect/protocol";
import { compressionBrotli, compressionGzip } from "@connectrpc/connect-node";
import { file_grpc_reflection_v1_reflection } from "../../../gen/grpc/reflection/v1/reflection_pb.js";
import { file_grpc_reflection_v1alpha_reflection } from "../../../gen/grpc/reflection/v1alpha/reflection_pb.js";
import type { CompressionName, Config } from "../../common/config.js";
import type { Logger } from "../../common/log.js";
import { Collector, collectorService } from "../../plugin/collector.js";
import type { EngineApi } from "../../engine/api.js";
import { Job, jobService } from "../../plugin/job.js";
import { callTrackingInterceptor } from "../interceptors/call-tracking.js";
import { Semaphore } from "../../common/async.js";
import { concurrencyLimitInterceptor } from "../interceptors/concurrency-limit.js";
import { errorInterceptor } from "../interceptors/error-mapping.js";
import type { NodeHandler } from "../transport/one-port.js";
import { Health, healthService } from "../services/health.js";
import { createNodeAdapter } from "./node-adapter.js";
import type { Lifecycle } from "../lifecycle.js";
import type { RpcMetrics } from "../http/metrics.js";
import { createReflectionIndex, reflectionImpl, ServerReflectionV1, ServerReflectionV1Alpha } from "../services/reflection.js";
import { ServerInfo, serverInfoService } from "../../plugin/server-info.js";

/** Largest response message; the platform accepts 256 MiB, a record is far smaller. */
export const WRITE_MAX_BYTES = 64 * 1024 * 1024;

export interface RpcHandlerOptions {
  config: Pick<Config, "workers" | "maxRequestBytes" | "compression">;
  engine: EngineApi;
  lifecycle: Lifecycle;
  logger: Logger;
  version: string;
  /** Listener for every path that is not an RPC. */
  fallback: NodeHandler;
  metrics: RpcMetrics;
}

/** Exactly what reflection lists, in the Python plugin's (sorted) order. */
export const LISTED_SERVICES = [Health, ServerInfo, Collector, Job] as const;

function compressions(names: readonly CompressionName[]): Compression[] {
  return names.map((name) => {
    switch (name) {
      case "gzip":
        return compressionGzip;
      case "br":
        return compressionBrotli;
    }
  });
}

export function createRpcHandler({ config, engine, lifecycle, logger, version, fallback, metrics }: RpcHandlerOptions): NodeHandler {
  const reflection = createReflectionIndex(LISTED_SERVICES, [file_grpc_reflection_v1alpha_reflection, file_grpc_reflection_v1_reflection]);
  const errors = errorInterceptor({ logger });
  const tracked = callTrackingInterceptor({ lifecycle, logger, metrics });
  // Only the plugin's own RPCs take worker slots (health and reflection must never queue behind collects),
  // and only they log every call at info.
  const plugin = {
    interceptors: [callTrackingInterceptor({ lifecycle, logger, metrics, finishedLevel: "info" }), errors, concurrencyLimitInterceptor(new Semaphore(config.workers))],
  };
  // Health keeps answering while draining: NOT_SERVING is its whole point then.
  const health = { interceptors: [callTrackingInterceptor({ lifecycle, logger, metrics, refuseWhileDraining: false }), errors] };
  return createNodeAdapter({
    routes(router) {
      router.service(Collector, collectorService(engine), plugin);
      router.service(Job, jobService(engine), plugin);
      router.service(ServerInfo, serverInfoService(version));
      router.service(Health, healthService(lifecycle), health);
      router.service(ServerReflectionV1Alpha, reflectionImpl(ServerReflectionV1Alpha, reflection));
      router.service(ServerReflectionV1, reflectionImpl(ServerReflectionV1, reflection));
    },
    interceptors: [tracked, errors],
    fallback,
    logger,
    maxRequestBytes: config.maxRequestBytes,
    writeMaxBytes: WRITE_MAX_BYTES,
    acceptCompression: compressions(config.compression),
    shutdownSignal: lifecycle.callSignal,
    // maxTimeoutMs stays unset: grpcio sends the platform's 180 s deadline rounded up (`grpc-timeout: 181S`).
  });
}
