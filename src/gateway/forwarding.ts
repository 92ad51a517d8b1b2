/**
 * A service of the upstream served by the gateway: one generic handler per
 * method kind that forwards each call over gRPC (connect-node, HTTP/2) to the
 * upstream with the message types reflected from it.
 *
 * Messages are decoded and re-encoded, not forwarded as raw bytes: Connect
 * JSON, gRPC-Web and the NDJSON/SSE routes need the decoded message anyway,
 * and one path for every protocol keeps the server's whole call pipeline —
 * size limit, JSON check, worker slots, metrics, call logs, error mapping,
 * shadow comparison — the same for a plain gRPC client. Unknown fields survive
 * the round trip (protobuf-es keeps them), so nothing the upstream sends is lost.
 *
 * The caller's deadline becomes the upstream call's timeout, and the call's
 * signal (client cancel, deadline, shutdown) aborts the upstream call. Streams
 * keep backpressure: the next upstream message is read only when the client's
 * side asks for the next message to write, and HTTP/2 flow control holds the
 * upstream back meanwhile.
 */
import type {
  DescMessage,
  DescMethod,
  DescMethodBiDiStreaming,
  DescMethodClientStreaming,
  DescMethodServerStreaming,
  DescMethodUnary,
  DescService,
  MessageShape,
} from "@bufbuild/protobuf";
import type { ConnectError, ConnectRouter, HandlerContext, Interceptor, Transport } from "@connectrpc/connect";
import { createAsyncIterable } from "@connectrpc/connect/protocol";
import type { RpcService } from "../server/rpc/rpc-service.js";
import { copyForwarded } from "./metadata.js";
import { forwardedError } from "./upstream-error.js";

export interface Upstream {
  /** `host:port`, for error texts. */
  readonly endpoint: string;
  readonly transport: Transport;
  /** Told of every failed upstream call (the gateway re-discovers on some), with the error the caller gets. */
  failed(error: ConnectError): void;
}

type Message = MessageShape<DescMessage>;

/** Forwards every method of `service` to `upstream`; each call is plugin work (it holds an upstream stream). */
export function forwardingService(service: DescService, upstream: Upstream): RpcService {
  return {
    service,
    worker: true,
    register(router, interceptors) {
      for (const method of service.methods) register(router, method, upstream, interceptors && { interceptors });
    },
  };
}

function register(router: ConnectRouter, method: DescMethod, upstream: Upstream, options?: { interceptors: Interceptor[] }): void {
  // DescMethod does not narrow on `methodKind`: each case states what the kind guarantees.
  switch (method.methodKind) {
    case "unary":
      router.rpc(method as DescMethodUnary, unary(method as DescMethodUnary, upstream), options);
      return;
    case "server_streaming":
      router.rpc(method as DescMethodServerStreaming, serverStreaming(method as DescMethodServerStreaming, upstream), options);
      return;
    case "client_streaming":
      router.rpc(method as DescMethodClientStreaming, clientStreaming(method as DescMethodClientStreaming, upstream), options);
      return;
    case "bidi_streaming":
      router.rpc(method as DescMethodBiDiStreaming, bidiStreaming(method as DescMethodBiDiStreaming, upstream), options);
      return;
  }
}

/** Runs `call`, turning its failure into what the caller gets and telling `upstream`. */
async function guarded<T>(upstream: Upstream, ctx: HandlerContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const error = forwardedError(err, upstream.endpoint, ctx.signal);
    upstream.failed(error);
    throw error;
  }
}

/** The upstream's stream of answers, re-thrown as the caller gets them; its trailers copied once it ended. */
async function* relay(upstream: Upstream, ctx: HandlerContext, answers: AsyncIterable<Message>, trailer: Headers): AsyncGenerator<Message> {
  const iterator = answers[Symbol.asyncIterator]();
  for (;;) {
    const next = await guarded(upstream, ctx, () => iterator.next());
    if (next.done) break;
    yield next.value;
  }
  copyForwarded(trailer, ctx.responseTrailer);
}

/** Opens the upstream stream with the call's signal, deadline and forwarded headers; copies its response headers. */
async function openStream(
  upstream: Upstream,
  method: DescMethodServerStreaming | DescMethodClientStreaming | DescMethodBiDiStreaming,
  ctx: HandlerContext,
  input: AsyncIterable<Message>,
) {
  const res = await guarded(upstream, ctx, () => upstream.transport.stream(method, ctx.signal, ctx.timeoutMs(), copyForwarded(ctx.requestHeader), input));
  copyForwarded(res.header, ctx.responseHeader);
  return res;
}

function unary(method: DescMethodUnary, upstream: Upstream) {
  return async (request: Message, ctx: HandlerContext): Promise<Message> => {
    const res = await guarded(upstream, ctx, () => upstream.transport.unary(method, ctx.signal, ctx.timeoutMs(), copyForwarded(ctx.requestHeader), request));
    copyForwarded(res.header, ctx.responseHeader);
    copyForwarded(res.trailer, ctx.responseTrailer);
    return res.message;
  };
}

function serverStreaming(method: DescMethodServerStreaming, upstream: Upstream) {
  return async function* (request: Message, ctx: HandlerContext): AsyncGenerator<Message> {
    const res = await openStream(upstream, method, ctx, createAsyncIterable([request]));
    yield* relay(upstream, ctx, res.message, res.trailer);
  };
}

function clientStreaming(method: DescMethodClientStreaming, upstream: Upstream) {
  return async (requests: AsyncIterable<Message>, ctx: HandlerContext): Promise<Message> => {
    const res = await openStream(upstream, method, ctx, requests);
    let answer: Message | undefined;
    for await (const message of relay(upstream, ctx, res.message, res.trailer)) answer = message;
    // A gRPC client-streaming call answers exactly one message; connect-node checks that already.
    return answer!;
  };
}

function bidiStreaming(method: DescMethodBiDiStreaming, upstream: Upstream) {
  return async function* (requests: AsyncIterable<Message>, ctx: HandlerContext): AsyncGenerator<Message> {
    const res = await openStream(upstream, method, ctx, requests);
    yield* relay(upstream, ctx, res.message, res.trailer);
  };
}
