/**
 * gRPC server reflection, v1alpha (what Cloudforet's Python client speaks,
 * docs/contract.md#server-reflection) and v1 (grpcurl, Postman), from one index.
 *
 * Each request is answered as it arrives. File answers carry the requested file
 * first, then its transitive dependencies, each a serialized
 * `FileDescriptorProto`; dependencies already sent on the same stream are
 * skipped (grpc-go does the same), the requested file never is. Unknown names
 * get `error_response` code 5 (NOT_FOUND): the Python client asserts that code.
 *
 * The index is built from the served services' own descriptors, or from files
 * given at run time (a gateway's upstream's, reflected): then `list_services`
 * answers the given list and each file is sent as the exact bytes it arrived as.
 */
import { create, toBinary, type DescFile, type DescMessage } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import { ServerReflection as ServerReflectionV1 } from "../../../gen/grpc/reflection/v1/reflection_pb.js";
import { ServerReflection as ServerReflectionV1Alpha } from "../../../gen/grpc/reflection/v1alpha/reflection_pb.js";

const NOT_FOUND = 5;
const INVALID_ARGUMENT = 3;

export interface ReflectionIndex {
  /** Full service names in `list_services` order. */
  readonly services: readonly string[];
  /** File name with `.proto` → file. */
  readonly files: ReadonlyMap<string, DescFile>;
  /** Fully qualified symbol (message, field, enum, enum value, service, method, extension) → file. */
  readonly symbols: ReadonlyMap<string, DescFile>;
  /** File name → the serialized `FileDescriptorProto` to send as it is; files without an entry are serialized from `files`. */
  readonly encoded: ReadonlyMap<string, Uint8Array>;
}

/** What reflection answers when it is not the served services' own descriptors (a gateway answers with its upstream's). */
export interface ReflectedFiles {
  /** `list_services`, in this order. */
  readonly services: readonly string[];
  /** The files and everything they import. */
  readonly files: Iterable<DescFile>;
  /** File name → its bytes as received, sent unchanged. */
  readonly encoded?: ReadonlyMap<string, Uint8Array>;
}

/** The file name as carried in descriptors (`DescFile.name` lacks the `.proto` suffix). */
function fileName(file: DescFile): string {
  return file.proto.name;
}

function indexMessage(message: DescMessage, symbols: Map<string, DescFile>): void {
  symbols.set(message.typeName, message.file);
  for (const field of message.fields) symbols.set(`${message.typeName}.${field.name}`, message.file);
  for (const oneof of message.oneofs) symbols.set(`${message.typeName}.${oneof.name}`, message.file);
  for (const ext of message.nestedExtensions) symbols.set(ext.typeName, message.file);
  for (const nested of message.nestedMessages) indexMessage(nested, symbols);
  for (const e of message.nestedEnums) {
    symbols.set(e.typeName, message.file);
    for (const v of e.values) symbols.set(`${message.typeName}.${v.name}`, message.file);
  }
}

/** Indexes `roots` and all their dependencies; the first file of a name wins. */
function indexFiles(roots: Iterable<DescFile>): Pick<ReflectionIndex, "files" | "symbols"> {
  const files = new Map<string, DescFile>();
  const symbols = new Map<string, DescFile>();
  const visit = (file: DescFile) => {
    if (files.has(fileName(file))) return;
    files.set(fileName(file), file);
    for (const message of file.messages) indexMessage(message, symbols);
    for (const e of file.enums) {
      symbols.set(e.typeName, file);
      const scope = file.proto.package ? `${file.proto.package}.` : "";
      for (const v of e.values) symbols.set(`${scope}${v.name}`, file);
    }
    for (const ext of file.extensions) symbols.set(ext.typeName, file);
    for (const service of file.services) {
      symbols.set(service.typeName, file);
      for (const method of service.methods) symbols.set(`${service.typeName}.${method.name}`, file);
    }
    for (const dep of file.dependencies) visit(dep);
  };
  for (const file of roots) visit(file);
  return { files, symbols };
}

/**
 * Indexes the files of `services` and `extraFiles` plus all their dependencies.
 * `services` are listed in the order given.
 */
export function createReflectionIndex(services: ReadonlyArray<{ typeName: string; file: DescFile }>, extraFiles: readonly DescFile[] = []): ReflectionIndex {
  return { services: services.map((s) => s.typeName), ...indexFiles([...services.map((s) => s.file), ...extraFiles]), encoded: new Map() };
}

/** Indexes files given at run time (`reflected`) before `extraFiles` (the server's own, for names `reflected` lacks). */
export function createReflectedIndex(reflected: ReflectedFiles, extraFiles: readonly DescFile[] = []): ReflectionIndex {
  return { services: [...reflected.services], ...indexFiles([...reflected.files, ...extraFiles]), encoded: reflected.encoded ?? new Map() };
}

/** `file` first, then its transitive dependencies not yet in `sent`. Marks everything as sent. */
function closure(index: ReflectionIndex, file: DescFile, sent: Set<string>): Uint8Array[] {
  const bytes = (f: DescFile) => index.encoded.get(fileName(f)) ?? toBinary(FileDescriptorProtoSchema, f.proto);
  const out: Uint8Array[] = [bytes(file)];
  sent.add(fileName(file));
  const queue = [...file.dependencies];
  while (queue.length > 0) {
    const dep = queue.shift()!;
    if (sent.has(fileName(dep))) continue;
    sent.add(fileName(dep));
    out.push(bytes(dep));
    queue.push(...dep.dependencies);
  }
  return out;
}

/** The protocol-version-free shape of one request and its answer. */
type RequestCase =
  | { case: "fileByFilename"; value: string }
  | { case: "fileContainingSymbol"; value: string }
  | { case: "fileContainingExtension"; value: { containingType: string; extensionNumber: number } }
  | { case: "allExtensionNumbersOfType"; value: string }
  | { case: "listServices"; value: string }
  | { case: undefined; value?: undefined };

type Answer =
  | { case: "fileDescriptorResponse"; value: { fileDescriptorProto: Uint8Array[] } }
  | { case: "allExtensionNumbersResponse"; value: { baseTypeName: string; extensionNumber: number[] } }
  | { case: "listServicesResponse"; value: { service: Array<{ name: string }> } }
  | { case: "errorResponse"; value: { errorCode: number; errorMessage: string } };

function notFound(message: string): Answer {
  return { case: "errorResponse", value: { errorCode: NOT_FOUND, errorMessage: message } };
}

/** Answers one request; `sent` holds the files already sent on this stream. */
export function answerReflection(index: ReflectionIndex, request: RequestCase, sent: Set<string>): Answer {
  // Switch on the oneof case: `list_services` arrives as an empty string.
  switch (request.case) {
    case "listServices":
      return { case: "listServicesResponse", value: { service: index.services.map((name) => ({ name })) } };
    case "fileByFilename": {
      const file = index.files.get(request.value);
      return file
        ? { case: "fileDescriptorResponse", value: { fileDescriptorProto: closure(index, file, sent) } }
        : notFound(`file not found: ${request.value}`);
    }
    case "fileContainingSymbol": {
      const file = index.symbols.get(request.value.replace(/^\./, ""));
      return file
        ? { case: "fileDescriptorResponse", value: { fileDescriptorProto: closure(index, file, sent) } }
        : notFound(`symbol not found: ${request.value}`);
    }
    case "fileContainingExtension":
      // None of the served files declares an extension.
      return notFound(`extension not found: ${request.value.containingType}(${request.value.extensionNumber})`);
    case "allExtensionNumbersOfType":
      return index.symbols.has(request.value)
        ? { case: "allExtensionNumbersResponse", value: { baseTypeName: request.value, extensionNumber: [] } }
        : notFound(`type not found: ${request.value}`);
    case undefined:
      return { case: "errorResponse", value: { errorCode: INVALID_ARGUMENT, errorMessage: "empty reflection request" } };
  }
}

/** A reflection service descriptor: v1alpha and v1 have the same messages in other packages. */
type ReflectionService = typeof ServerReflectionV1Alpha | typeof ServerReflectionV1;

/** The implementation of `service` (v1alpha or v1), answering from `index`. */
export function reflectionImpl<S extends ReflectionService>(service: S, index: ReflectionIndex): ServiceImpl<S> {
  const responseSchema: DescMessage = service.method.serverReflectionInfo.output;
  // Typed once for both versions: their messages differ only in `$typeName`.
  return {
    async *serverReflectionInfo(requests: AsyncIterable<{ host: string; messageRequest: RequestCase }>) {
      const sent = new Set<string>();
      for await (const request of requests) {
        yield create(responseSchema, {
          validHost: request.host,
          originalRequest: request,
          messageResponse: answerReflection(index, request.messageRequest, sent),
        });
      }
    },
  } as unknown as ServiceImpl<S>;
}

export { ServerReflectionV1, ServerReflectionV1Alpha };
