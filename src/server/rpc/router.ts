/**
 * The RPC surface: the services given by the plugin plus the gRPC standard
 * services (health, reflection v1alpha and v1), assembled into one Node
 * request listener for gRPC, gRPC-Web and Connect.
 */
import type { DescService } from "@bufbuild/protobuf";
import type { Interceptor } from "@connectrpc/connect";
import type { Compression } from "@connectrpc/connect/protocol";
import { compressionBrotli, compressionGzip } from "@connectrpc/connect-node";
import { file_grpc_reflection_v1_reflection } from "../../../gen/grpc/reflection/v1/reflection_pb.js";
import { file_grpc_reflection_v1alpha_reflection } from "../../../gen/grpc/reflection/v1alpha/reflection_pb.js";
import type { Semaphore } from "../../common/async.js";
import type { CompressionName, Config } from "../../common/config.js";
import type { Logger } from "../../common/log.js";
import type { RpcMetrics } from "../http/metrics.js";
import { callTrackingInterceptor } from "../interceptors/call-tracking.js";
import { concurrencyLimitInterceptor } from "../interceptors/concurrency-limit.js";
import { errorInterceptor } from "../interceptors/error-mapping.js";
import type { Lifecycle } from "../lifecycle.js";
import { Health, healthService } from "../services/health.js";
import { createReflectedIndex, createReflectionIndex, reflectionImpl, ServerReflectionV1, ServerReflectionV1Alpha } from "../services/reflection.js";
import type { NodeHandler } from "../transport/one-port.js";
import { createNodeAdapter } from "./node-adapter.js";
import type { RpcService, ServedServices } from "./rpc-service.js";

/** Largest response message; the platform accepts 256 MiB, a record is far smaller. */
export const WRITE_MAX_BYTES = 64 * 1024 * 1024;

/** The services the server itself implements, whatever else it routes. */
export const OWN_SERVICES: readonly string[] = [Health.typeName, ServerReflectionV1Alpha.typeName, ServerReflectionV1.typeName];

export interface RpcHandlerOptions {
  config: Pick<Config, "maxRequestBytes" | "compression">;
  /** The services to serve besides health and reflection, and what reflection answers. */
  served: ServedServices;
  /** The worker slots plugin work waits for (`config.workers` of them), shared by every generation of routes. */
  workerSlots: Semaphore;
  /** Around each plugin-work call, inside call tracking and outside error mapping: they see requests and answers as callers do. */
  workerInterceptors?: readonly Interceptor[];
  lifecycle: Lifecycle;
  logger: Logger;
  /** Listener for every path that is not an RPC. */
  fallback: NodeHandler;
  metrics: RpcMetrics;
}

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

/** The services callers see (reflection lists them, the OpenAPI document describes them): health and `services`, sorted by name as grpcio's reflection does. */
export function listedServices(services: readonly RpcService[]): DescService[] {
  return [Health, ...services.map((s) => s.service)].sort((a, b) => (a.typeName < b.typeName ? -1 : 1));
}

export function createRpcHandler({
  config,
  served,
  workerSlots,
  workerInterceptors = [],
  lifecycle,
  logger,
  fallback,
  metrics,
}: RpcHandlerOptions): NodeHandler {
  const { services } = served;
  const reflectionFiles = [file_grpc_reflection_v1alpha_reflection, file_grpc_reflection_v1_reflection];
  // Reflected files come first; the server's own files answer only for names they lack.
  const reflection = served.reflection
    ? createReflectedIndex(served.reflection, [Health.file, ...reflectionFiles])
    : createReflectionIndex(listedServices(services), reflectionFiles);
  const errors = errorInterceptor({ logger });
  const tracked = callTrackingInterceptor({ lifecycle, logger, metrics });
  // Only plugin work takes worker slots (health and reflection must never queue behind collects),
  // and only it logs every call at info.
  const worker = [
    callTrackingInterceptor({ lifecycle, logger, metrics, finishedLevel: "info" }),
    ...workerInterceptors,
    errors,
    concurrencyLimitInterceptor(workerSlots),
  ];
  // Health keeps answering while draining: NOT_SERVING is its whole point then.
  const health = [callTrackingInterceptor({ lifecycle, logger, metrics, refuseWhileDraining: false }), errors];
  return createNodeAdapter({
    routes(router) {
      for (const s of services) s.register(router, s.worker ? worker : undefined);
      router.service(Health, healthService(lifecycle), { interceptors: health });
      router.service(ServerReflectionV1Alpha, reflectionImpl(ServerReflectionV1Alpha, reflection));
      router.service(ServerReflectionV1, reflectionImpl(ServerReflectionV1, reflection));
    },
    interceptors: [tracked, errors],
    fallback,
    logger,
    maxRequestBytes: config.maxRequestBytes,
    requestEncodings: config.compression,
    writeMaxBytes: WRITE_MAX_BYTES,
    acceptCompression: compressions(config.compression),
    shutdownSignal: lifecycle.callSignal,
    // maxTimeoutMs stays unset: grpcio sends the platform's 180 s deadline rounded up (`grpc-timeout: 181S`).
  });
}
