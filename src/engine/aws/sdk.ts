/**
 * Lazy access to the AWS SDK. The client packages cost 40–430 ms to load (the
 * EC2 bundle alone 150–300 ms through `require`, twice that through ESM `import`),
 * so they are loaded with `createRequire` on first use, after the server listens.
 */
import { createRequire } from "node:module";

type Ec2Module = typeof import("@aws-sdk/client-ec2");
type AutoScalingModule = typeof import("@aws-sdk/client-auto-scaling");
type Elbv2Module = typeof import("@aws-sdk/client-elastic-load-balancing-v2");
type SsmModule = typeof import("@aws-sdk/client-ssm");
type StsModule = typeof import("@aws-sdk/client-sts");

const require = createRequire(import.meta.url);

function lazy<T>(id: string): () => T {
  let mod: T | undefined;
  return () => (mod ??= require(id) as T);
}

export const sdk = {
  ec2: lazy<Ec2Module>("@aws-sdk/client-ec2"),
  autoScaling: lazy<AutoScalingModule>("@aws-sdk/client-auto-scaling"),
  elbv2: lazy<Elbv2Module>("@aws-sdk/client-elastic-load-balancing-v2"),
  ssm: lazy<SsmModule>("@aws-sdk/client-ssm"),
  sts: lazy<StsModule>("@aws-sdk/client-sts"),
};

/** Loads every client package now (about 0.4 s of CPU), so the first RPC does not pay for it. */
export function preloadSdk(): void {
  for (const load of Object.values(sdk)) load();
}
