/**
 * Lazy access to the AWS SDK. The client packages cost 40–430 ms to load (the
 * EC2 bundle alone 150–300 ms through `require`, twice that through ESM `import`),
 * so they are loaded with `createRequire` on first use, after the server listens.
 */
import type * as AutoScalingModule from "@aws-sdk/client-auto-scaling";
import type * as Ec2Module from "@aws-sdk/client-ec2";
import type * as Elbv2Module from "@aws-sdk/client-elastic-load-balancing-v2";
import type * as SsmModule from "@aws-sdk/client-ssm";
import type * as StsModule from "@aws-sdk/client-sts";
import { createRequire } from "node:module";
import { log } from "../../common/log.js";

const require = createRequire(import.meta.url);

let warned = false;

/**
 * The SDK prints a multi-line `NodeVersionSupportWarning` on Node 20 straight to stderr, which breaks
 * the one-JSON-object-per-line logs; say it once, structured, and silence the SDK's own text.
 */
function noteNodeVersion(): void {
  if (warned) return;
  warned = true;
  if (process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED !== undefined) return;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  if (Number(process.versions.node.split(".")[0]) < 22) {
    log.warn("AWS SDK releases after the first week of January 2027 require Node >= 22; the pinned SDK works on this Node", { node: process.version });
  }
}

function lazy<T>(id: string): () => T {
  let mod: T | undefined;
  return () => {
    if (!mod) {
      noteNodeVersion();
      mod = require(id) as T;
    }
    return mod;
  };
}

export const sdk = {
  ec2: lazy<typeof Ec2Module>("@aws-sdk/client-ec2"),
  autoScaling: lazy<typeof AutoScalingModule>("@aws-sdk/client-auto-scaling"),
  elbv2: lazy<typeof Elbv2Module>("@aws-sdk/client-elastic-load-balancing-v2"),
  ssm: lazy<typeof SsmModule>("@aws-sdk/client-ssm"),
  sts: lazy<typeof StsModule>("@aws-sdk/client-sts"),
};

/** Loads every client package now (about 0.4 s of CPU), so the first RPC does not pay for it. */
export function preloadSdk(): void {
  for (const load of Object.values(sdk)) load();
}
