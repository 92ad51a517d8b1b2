/**
 * A gRPC server reflection v1alpha client that behaves like Cloudforet's
 * (docs/contract.md#what-the-platform-client-does): one bidi call per request —
 * write it, half-close, read the first answer — with no metadata (the platform
 * sets no deadline either; a tool may, so a plugin that never answers cannot
 * hang it). Reflection is what every plugin must speak, so its own messages
 * come from the repository's copy of reflection.proto; everything else is
 * learnt from the answers.
 */
import { fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { createClient, type Transport } from "@connectrpc/connect";
import { createAsyncIterable } from "@connectrpc/connect/protocol";
import { ServerReflection, type ServerReflectionRequest, type ServerReflectionResponse } from "../../gen/grpc/reflection/v1alpha/reflection_pb.js";

/** The request oneof: `{ case: "listServices", value: "" }`, `{ case: "fileContainingSymbol", value: name }`, … */
export type ReflectionRequest = ServerReflectionRequest["messageRequest"];

/** A reflected file: parsed, and the exact bytes the plugin sent. */
export interface ReflectedFile {
  readonly proto: FileDescriptorProto;
  readonly bytes: Uint8Array;
}

/** An `error_response` answer (`code` 5 is NOT_FOUND, the only code the platform tolerates). */
export class ReflectionAnswerError extends Error {
  override readonly name = "ReflectionAnswerError";
  constructor(
    readonly code: number,
    readonly detail: string,
  ) {
    super(`reflection error_response ${code}: ${detail}`);
  }
}

export interface ReflectionClient {
  /** One request on its own stream; the first answer (any kind, error responses included). */
  ask(request: ReflectionRequest): Promise<ServerReflectionResponse>;
  /** `list_services`: the full service names, in the plugin's order. */
  listServices(): Promise<string[]>;
  /** `file_containing_symbol` or `file_by_filename`: the answered files in answer order; throws `ReflectionAnswerError` for an error response. */
  files(request: Extract<ReflectionRequest, { case: "fileContainingSymbol" | "fileByFilename" }>): Promise<ReflectedFile[]>;
}

/** `timeoutMs`: a deadline for each request (default none, as on the platform). */
export function createReflectionClient(transport: Transport, { timeoutMs }: { timeoutMs?: number } = {}): ReflectionClient {
  const client = createClient(ServerReflection, transport);
  const ask = async (messageRequest: ReflectionRequest): Promise<ServerReflectionResponse> => {
    // Each request is its own call, like grpcio-reflection: nothing is shared between them.
    for await (const answer of client.serverReflectionInfo(createAsyncIterable([{ messageRequest }]), { timeoutMs })) return answer;
    throw new Error(`reflection: the plugin closed the stream without answering ${messageRequest.case ?? "an empty request"}`);
  };
  return {
    ask,
    async listServices() {
      const answer = await ask({ case: "listServices", value: "" });
      const response = answer.messageResponse;
      if (response.case === "errorResponse") throw new ReflectionAnswerError(response.value.errorCode, response.value.errorMessage);
      if (response.case !== "listServicesResponse") throw new Error(`reflection: list_services answered ${response.case ?? "nothing"}`);
      return response.value.service.map((s) => s.name);
    },
    async files(request) {
      const response = (await ask(request)).messageResponse;
      if (response.case === "errorResponse") throw new ReflectionAnswerError(response.value.errorCode, response.value.errorMessage);
      if (response.case !== "fileDescriptorResponse") throw new Error(`reflection: ${request.case} answered ${response.case ?? "nothing"}`);
      return response.value.fileDescriptorProto.map((bytes) => ({ proto: fromBinary(FileDescriptorProtoSchema, bytes), bytes }));
    },
  };
}
