/**
 * A service the server routes, given by its owner (the plugin) rather than
 * known to the server: its descriptor, its implementation, and whether its
 * calls are plugin work that waits for a worker slot.
 */
import type { DescService } from "@bufbuild/protobuf";
import type { ConnectRouter, Interceptor, ServiceImpl } from "@connectrpc/connect";
import type { ReflectedFiles } from "../services/reflection.js";

export interface RpcService {
  readonly service: DescService;
  /**
   * Plugin work (Cloudforet's `init`, `verify`, `collect`, `get_tasks`): each call takes one of
   * `workers` slots, waiting while none is free, and logs its end at info. False: a cheap call
   * (`ServerInfo`) that never waits and logs at debug.
   */
  readonly worker: boolean;
  /** Adds the implementation to `router`, behind `interceptors` instead of the router's own when given. */
  register(router: ConnectRouter, interceptors?: Interceptor[]): void;
}

export interface RpcServiceOptions {
  /** See `RpcService.worker`. Default false. */
  worker?: boolean;
}

/** Pairs `service` with its implementation, type-checked against each other. */
export function rpcService<S extends DescService>(service: S, impl: ServiceImpl<S>, { worker = false }: RpcServiceOptions = {}): RpcService {
  return {
    service,
    worker,
    register(router, interceptors) {
      router.service(service, impl, interceptors && { interceptors });
    },
  };
}

/** What a server routes at one moment. */
export interface ServedServices {
  /** The services besides health and reflection. */
  readonly services: readonly RpcService[];
  /** What reflection answers instead of the services' own descriptors (a gateway: its upstream's files, byte for byte). */
  readonly reflection?: ReflectedFiles;
}

/**
 * Services that change at run time (a gateway's, following its upstream). The
 * server routes `current()` and, after each change, rebuilds its routes and
 * swaps them in at once: calls already running finish on the routes they began on.
 */
export interface ServiceSource {
  current(): ServedServices;
  /** Calls `listener` after every change of `current()`. */
  onChange(listener: () => void): void;
}

export function isServiceSource(services: readonly RpcService[] | ServiceSource): services is ServiceSource {
  return !Array.isArray(services);
}
