/**
 * Discovers a plugin's services through reflection in the platform client's
 * order (docs/contract.md#what-the-platform-client-does) and builds a protobuf-es
 * registry from the reflected FileDescriptorProtos alone, so any plugin's
 * messages can be encoded, decoded and printed as JSON at run time. What a
 * platform client would trip over is kept in `problems` instead of thrown, so
 * a caller can report it and still use every service that did resolve.
 */
import { createFileRegistry, type FileRegistry } from "@bufbuild/protobuf";
import { ReflectionAnswerError, type ReflectedFile, type ReflectionClient } from "./reflection-client.js";

export interface PluginDescriptors {
  /** `list_services`, in the plugin's order. */
  readonly services: readonly string[];
  /** Every reflected file by name, in arrival order. */
  readonly files: ReadonlyMap<string, ReflectedFile>;
  /** The file names of each service's `file_containing_symbol` answer, in answer order. */
  readonly filesByService: Readonly<Record<string, readonly string[]>>;
  /** Dependencies that no answer carried, asked with `file_by_filename` one at a time (as the platform does). */
  readonly fetchedByName: readonly string[];
  /** The services that resolved, with every method's input and output types. */
  readonly registry: FileRegistry;
  /** What would fail the platform's client build, one sentence each. */
  readonly problems: readonly string[];
}

export async function discoverPlugin(reflection: ReflectionClient): Promise<PluginDescriptors> {
  const services = await reflection.listServices();
  const files = new Map<string, ReflectedFile>();
  const filesByService: Record<string, string[]> = {};
  const fetchedByName: string[] = [];
  const problems: string[] = [];
  const unresolvable = new Set<string>();

  for (const service of services) {
    try {
      const answer = await reflection.files({ case: "fileContainingSymbol", value: service });
      filesByService[service] = answer.map((f) => f.proto.name);
      for (const file of answer) if (!files.has(file.proto.name)) files.set(file.proto.name, file);
    } catch (err) {
      problems.push(`service ${service}: file_containing_symbol failed (${describe(err)})`);
      continue;
    }
    // Dependencies the answers did not carry, one request each, until the closure is complete or a file cannot be had.
    for (let missing = firstMissing(files, unresolvable); missing !== undefined; missing = firstMissing(files, unresolvable)) {
      fetchedByName.push(missing);
      try {
        for (const file of await reflection.files({ case: "fileByFilename", value: missing }))
          if (!files.has(file.proto.name)) files.set(file.proto.name, file);
        if (!files.has(missing)) throw new Error("the answer does not contain it");
      } catch (err) {
        unresolvable.add(missing);
        problems.push(`dependency ${missing}: file_by_filename failed (${describe(err)})`);
      }
    }
  }
  const again = await reflection.listServices();
  if (again.join() !== services.join()) problems.push(`a second list_services answered differently: ${again.join(", ")}`);

  const registries: FileRegistry[] = [];
  for (const service of services) {
    const fileName = filesByService[service]?.[0];
    if (fileName === undefined) continue;
    try {
      const registry = createFileRegistry(files.get(fileName)!.proto, (name) => files.get(name)?.proto);
      if (!registry.getService(service)) throw new Error(`the first file of the answer, ${fileName}, does not define it`);
      registries.push(registry);
    } catch (err) {
      problems.push(`service ${service}: its descriptors do not resolve (${describe(err)})`);
    }
  }
  return { services, files, filesByService, fetchedByName, registry: createFileRegistry(...registries), problems };
}

function firstMissing(files: ReadonlyMap<string, ReflectedFile>, unresolvable: ReadonlySet<string>): string | undefined {
  for (const { proto } of files.values()) for (const dep of proto.dependency) if (!files.has(dep) && !unresolvable.has(dep)) return dep;
  return undefined;
}

function describe(err: unknown): string {
  if (err instanceof ReflectionAnswerError) return `error_response ${err.code}: ${err.detail}`;
  return err instanceof Error ? err.message : String(err);
}
