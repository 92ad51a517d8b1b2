/** What the RPC commands share: a client of one service on the chosen target, closed afterwards. */
import type { DescService } from "@bufbuild/protobuf";
import { createClient, type Client } from "@connectrpc/connect";
import type { Parsed } from "./args.js";
import type { Column } from "./output.js";
import { openTarget, type Target } from "./target.js";

/** Runs `call` with a client of `service` on the target the flags choose; the target is closed however the call ends. */
export async function withClient<S extends DescService, R>(
  values: Parsed["values"],
  service: S,
  call: (client: Client<S>, target: Target) => Promise<R>,
): Promise<R> {
  const target = await openTarget(values);
  try {
    return await call(createClient(service, target.transport), target);
  } finally {
    await target.close();
  }
}

export interface KeyValue {
  key: string;
  value: string;
}

/** A JSON object flattened one level (`metadata.supported_features`), for the table view of a unary answer. */
export function keyValueRows(json: unknown): KeyValue[] {
  const rows: KeyValue[] = [];
  for (const [key, value] of Object.entries((json ?? {}) as Record<string, unknown>)) {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [sub, inner] of Object.entries(value)) rows.push({ key: `${key}.${sub}`, value: JSON.stringify(inner) });
    } else {
      rows.push({ key, value: JSON.stringify(value) });
    }
  }
  return rows;
}

export const KEY_VALUE_COLUMNS: Column<KeyValue>[] = [
  { title: "KEY", width: 32, value: (r) => r.key },
  { title: "VALUE", width: 0, value: (r) => r.value },
];
