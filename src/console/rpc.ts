/**
 * The plugin's services over gRPC-Web to the page's own origin (the CSP allows
 * no other), and failures as the console shows them: the Connect code and the
 * plugin's `ERROR_CODE: message` text.
 */
import { ConnectError, createClient, type Client } from "@connectrpc/connect";
import { codeToString } from "@connectrpc/connect/protocol-connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { Collector } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { Job } from "../../gen/spaceone/api/inventory/plugin/job_pb.js";

export interface Clients {
  collector: Client<typeof Collector>;
  job: Client<typeof Job>;
}

export function createClients(baseUrl: string): Clients {
  const transport = createGrpcWebTransport({ baseUrl });
  return { collector: createClient(Collector, transport), job: createClient(Job, transport) };
}

export interface CallFailure {
  /** Connect's code name (`invalid_argument`, `unavailable`, …). */
  code: string;
  /** The server's message as sent (`ERROR_INVALID_CREDENTIALS: …`), without Connect's `[code]` prefix. */
  message: string;
}

export function describeFailure(err: unknown): CallFailure {
  const error = ConnectError.from(err);
  return { code: codeToString(error.code), message: error.rawMessage };
}
