/**
 * What the upstream serves, read through its reflection the way Cloudforet's
 * client reads it (src/plugin-client/discovery.ts): its service list, a
 * protobuf-es registry built from the reflected FileDescriptorProtos (no code
 * generated for the upstream), and each file's bytes as the upstream sent them,
 * so the gateway's own reflection can answer with exactly those.
 */
import { createHash } from "node:crypto";
import type { FileRegistry } from "@bufbuild/protobuf";
import { discoverPlugin } from "../plugin-client/discovery.js";
import type { ReflectionClient } from "../plugin-client/reflection-client.js";

export interface UpstreamCatalog {
  /** `list_services`, in the upstream's order. */
  readonly listed: readonly string[];
  /** The services that resolved and everything they import. */
  readonly registry: FileRegistry;
  /** File name → its bytes as received. */
  readonly encoded: ReadonlyMap<string, Uint8Array>;
  /** Services or files that did not resolve (they are not served), one sentence each. */
  readonly problems: readonly string[];
  /** Equal for equal answers (the list and every file's bytes): whether anything changed since the last reading. */
  readonly fingerprint: string;
}

export async function readCatalog(reflection: ReflectionClient): Promise<UpstreamCatalog> {
  const found = await discoverPlugin(reflection);
  const encoded = new Map([...found.files].map(([name, file]) => [name, file.bytes]));
  const hash = createHash("sha256").update(JSON.stringify(found.services));
  for (const name of [...encoded.keys()].sort()) hash.update(name).update(encoded.get(name)!);
  return { listed: found.services, registry: found.registry, encoded, problems: found.problems, fingerprint: hash.digest("hex") };
}
