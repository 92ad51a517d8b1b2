/**
 * The AWS SDK's own schemas (the exported `Xxx$` objects of each client) are
 * the authority for wire names, list encodings and member types. The replay
 * reads them instead of keeping hand-written name maps, so every member the
 * SDK knows round-trips. Clients are loaded lazily through `require`, which is
 * several times faster than ESM named-export scanning of the CJS bundles.
 */
import { createRequire } from "node:module";
import { NormalizedSchema } from "@smithy/core/schema";
import type { AwsService } from "../common/aws-services.js";

const require = createRequire(import.meta.url);

export type Protocol = "ec2Query" | "awsQuery" | "awsJson1_1";

export interface ServiceInfo {
  name: AwsService;
  protocol: Protocol;
  /** API version sent in the `Version` form field (query protocols). */
  version: string;
  /** XML namespace of responses (query protocols). */
  xmlns: string;
  /** npm package of the client whose schemas describe the service. */
  clientPackage: string;
}

export const SERVICES: Record<AwsService, ServiceInfo> = {
  ec2: {
    name: "ec2",
    protocol: "ec2Query",
    version: "2016-11-15",
    xmlns: "http://ec2.amazonaws.com/doc/2016-11-15/",
    clientPackage: "@aws-sdk/client-ec2",
  },
  autoscaling: {
    name: "autoscaling",
    protocol: "awsQuery",
    version: "2011-01-01",
    xmlns: "http://autoscaling.amazonaws.com/doc/2011-01-01/",
    clientPackage: "@aws-sdk/client-auto-scaling",
  },
  elasticloadbalancing: {
    name: "elasticloadbalancing",
    protocol: "awsQuery",
    version: "2015-12-01",
    xmlns: "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/",
    clientPackage: "@aws-sdk/client-elastic-load-balancing-v2",
  },
  sts: {
    name: "sts",
    protocol: "awsQuery",
    version: "2011-06-15",
    xmlns: "https://sts.amazonaws.com/doc/2011-06-15/",
    clientPackage: "@aws-sdk/client-sts",
  },
  ssm: {
    name: "ssm",
    protocol: "awsJson1_1",
    version: "2014-11-06",
    xmlns: "",
    clientPackage: "@aws-sdk/client-ssm",
  },
};

type SchemaModule = Record<string, unknown>;
const modules = new Map<AwsService, SchemaModule>();

function schemaModule(service: AwsService): SchemaModule {
  let mod = modules.get(service);
  if (!mod) {
    mod = require(SERVICES[service].clientPackage) as SchemaModule;
    modules.set(service, mod);
  }
  return mod;
}

/** A named structure schema of a service, e.g. `shape("ec2", "Instance")`. */
export function shape(service: AwsService, name: string): NormalizedSchema {
  const ref = schemaModule(service)[`${name}$`];
  if (!Array.isArray(ref)) throw new Error(`${service} has no schema ${name}`);
  return NormalizedSchema.of(ref as never);
}

export interface OperationSchemas {
  input: NormalizedSchema;
  output: NormalizedSchema;
}

const OPERATION_TAG = 9;

/** Input and output schemas of an operation, or undefined when the SDK has no such operation. */
export function operation(service: AwsService, action: string): OperationSchemas | undefined {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(action)) return undefined;
  const ref = schemaModule(service)[`${action}$`];
  // An operation schema is `[9, namespace, name, traits, () => input, () => output]`.
  if (!Array.isArray(ref) || ref[0] !== OPERATION_TAG || ref[2] !== action) return undefined;
  const [, , , , input, output] = ref as [number, string, string, unknown, () => unknown, () => unknown];
  return { input: NormalizedSchema.of(input() as never), output: NormalizedSchema.of(output() as never) };
}

export type { NormalizedSchema };
