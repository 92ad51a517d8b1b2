/**
 * Calls any method of any reflected service with JSON in and JSON out: the
 * request is built with the plugin's own (reflected) message type, and the
 * answer is printed the way the inventory reads it — proto field names,
 * defaults left out, enums as names (docs/contract.md#how-responses-are-read).
 */
import { fromJson, toJson, type DescMethod, type FileRegistry, type Message } from "@bufbuild/protobuf";
import type { JsonObject } from "../common/json.js";
import { Code, ConnectError, createClient, type Transport } from "@connectrpc/connect";
import { codeToString } from "@connectrpc/connect/protocol-connect";

/** Per-call settings; no deadline unless `timeoutMs` is given (the platform sets none on `collect`). */
export interface CallOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export interface DynamicClient {
  /** The reflected method `service/method`, or undefined when the plugin does not serve it. */
  method(service: string, method: string): DescMethod | undefined;
  unary(service: string, method: string, request: JsonObject, options?: CallOptions): Promise<JsonObject>;
  serverStream(service: string, method: string, request: JsonObject, options?: CallOptions): AsyncIterable<JsonObject>;
}

type UnaryCall = (request: Message, options?: CallOptions) => Promise<Message>;
type StreamCall = (request: Message, options?: CallOptions) => AsyncIterable<Message>;

export function createDynamicClient(transport: Transport, registry: FileRegistry): DynamicClient {
  const find = (service: string, method: string) => registry.getService(service)?.methods.find((m) => m.name === method);
  const resolve = (service: string, name: string, kind: DescMethod["methodKind"]) => {
    const method = find(service, name);
    if (!method) throw new ConnectError(`${service}/${name} is not among the reflected services`, Code.Unimplemented);
    if (method.methodKind !== kind) throw new ConnectError(`${service}/${name} is ${method.methodKind}, not ${kind}`, Code.Unimplemented);
    // Connect's client keys methods by their local name; the descriptor comes from the plugin, not from generated code.
    const client = createClient(method.parent, transport) as unknown as Record<string, UnaryCall | StreamCall>;
    return { method, call: client[method.localName]! };
  };
  const read = (method: DescMethod, request: JsonObject) => fromJson(method.input, request, { registry });
  const write = (method: DescMethod, message: Message) => toJson(method.output, message, { registry, useProtoFieldName: true }) as JsonObject;
  return {
    method: find,
    async unary(service, name, request, options) {
      const { method, call } = resolve(service, name, "unary");
      return write(method, await (call as UnaryCall)(read(method, request), options));
    },
    async *serverStream(service, name, request, options) {
      const { method, call } = resolve(service, name, "server_streaming");
      for await (const message of (call as StreamCall)(read(method, request), options)) yield write(method, message);
    },
  };
}

/** An RPC failure as the platform sees it: the gRPC status name and the raw text (`ERROR_CODE: message`). */
export interface RpcFailure {
  status: string;
  message: string;
}

/** The status name (`INVALID_ARGUMENT`) and raw text of a failed call; anything that is not a ConnectError is UNKNOWN. */
export function rpcFailure(err: unknown): RpcFailure {
  const error = ConnectError.from(err);
  // Connect's code names are gRPC's in lower case: invalid_argument → INVALID_ARGUMENT.
  return { status: codeToString(error.code).toUpperCase(), message: error.rawMessage };
}
