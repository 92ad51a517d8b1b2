/**
 * A reflection client for tests that knows nothing but the server address: it
 * follows the Python platform client's sequence (docs/contract.md#what-the-platform-client-does),
 * one bidi call per request, and builds a registry from the reflected files.
 */
import type * as grpc from "@grpc/grpc-js";
import { create, createFileRegistry, fromBinary, toBinary, type FileRegistry } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, FileDescriptorSetSchema, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import {
  ServerReflectionRequestSchema,
  ServerReflectionResponseSchema,
  type ServerReflectionRequest,
  type ServerReflectionResponse,
} from "../../gen/grpc/reflection/v1alpha/reflection_pb.js";

export const V1ALPHA_PATH = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";

/** Sends `requests` on one bidi stream and collects every response. */
export function reflectionStream(
  client: grpc.Client,
  requests: ServerReflectionRequest["messageRequest"][],
  path = V1ALPHA_PATH,
): Promise<ServerReflectionResponse[]> {
  return new Promise((resolve, reject) => {
    const call = client.makeBidiStreamRequest(
      path,
      (m: ServerReflectionRequest) => Buffer.from(toBinary(ServerReflectionRequestSchema, m)),
      (b: Buffer) => fromBinary(ServerReflectionResponseSchema, b),
    );
    const out: ServerReflectionResponse[] = [];
    call.on("data", (m: ServerReflectionResponse) => out.push(m));
    call.on("error", reject);
    call.on("end", () => resolve(out));
    for (const messageRequest of requests) call.write(create(ServerReflectionRequestSchema, { messageRequest }));
    call.end();
  });
}

/** One request, one stream, first response (what grpcio-reflection does). */
export async function reflect(client: grpc.Client, messageRequest: ServerReflectionRequest["messageRequest"]): Promise<ServerReflectionResponse> {
  const [first] = await reflectionStream(client, [messageRequest]);
  if (!first) throw new Error("no reflection response");
  return first;
}

export interface Discovery {
  services: string[];
  /** Every reflected file by name, in arrival order. */
  files: Map<string, FileDescriptorProto>;
  /** File names in each service's `file_containing_symbol` answer, in order. */
  filesByService: Record<string, string[]>;
  /** Names asked with `file_by_filename` because a dependency was missing. */
  fetchedByName: string[];
  registry: FileRegistry;
}

function filesOf(res: ServerReflectionResponse): FileDescriptorProto[] {
  if (res.messageResponse.case === "errorResponse") {
    throw new Error(`reflection error ${res.messageResponse.value.errorCode}: ${res.messageResponse.value.errorMessage}`);
  }
  if (res.messageResponse.case !== "fileDescriptorResponse") throw new Error(`unexpected answer ${res.messageResponse.case}`);
  return res.messageResponse.value.fileDescriptorProto.map((b) => fromBinary(FileDescriptorProtoSchema, b));
}

export async function discover(client: grpc.Client): Promise<Discovery> {
  const listed = await reflect(client, { case: "listServices", value: "" });
  if (listed.messageResponse.case !== "listServicesResponse") throw new Error("list_services failed");
  const services = listed.messageResponse.value.service.map((s) => s.name);
  const files = new Map<string, FileDescriptorProto>();
  const filesByService: Record<string, string[]> = {};
  const fetchedByName: string[] = [];
  for (const service of services) {
    const answer = filesOf(await reflect(client, { case: "fileContainingSymbol", value: service }));
    filesByService[service] = answer.map((f) => f.name);
    for (const f of answer) if (!files.has(f.name)) files.set(f.name, f);
    // Lazily fetch each dependency the pool still lacks, one at a time.
    for (let missing = findMissing(files); missing; missing = findMissing(files)) {
      fetchedByName.push(missing);
      for (const f of filesOf(await reflect(client, { case: "fileByFilename", value: missing }))) if (!files.has(f.name)) files.set(f.name, f);
    }
  }
  const again = await reflect(client, { case: "listServices", value: "" });
  if (again.messageResponse.case !== "listServicesResponse") throw new Error("second list_services failed");
  const registry = createFileRegistry(create(FileDescriptorSetSchema, { file: dependenciesFirst(files) }));
  return { services, files, filesByService, fetchedByName, registry };
}

function findMissing(files: Map<string, FileDescriptorProto>): string | undefined {
  for (const f of files.values()) for (const dep of f.dependency) if (!files.has(dep)) return dep;
  return undefined;
}

/** The registry wants every file after its dependencies. */
function dependenciesFirst(files: Map<string, FileDescriptorProto>): FileDescriptorProto[] {
  const out: FileDescriptorProto[] = [];
  const done = new Set<string>();
  const visit = (f: FileDescriptorProto) => {
    if (done.has(f.name)) return;
    done.add(f.name);
    for (const dep of f.dependency) visit(files.get(dep)!);
    out.push(f);
  };
  for (const f of files.values()) visit(f);
  return out;
}
