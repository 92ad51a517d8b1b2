/**
 * Starts the replay on an ephemeral loopback port inside the project's own
 * HTTP app (mounted at `/replay`, which strips the prefix as in production).
 */
import { serve, type ServerType } from "@hono/node-server";
import type { Hono } from "hono";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { createReplayRoutes, type ReplayOptions } from "../../src/replay/index.js";
import { createLogger } from "../../src/common/log.js";
import { createHttpApp } from "../../src/server/http/app.js";
import { createLifecycle } from "../../src/server/lifecycle.js";
import { DEMO_ACCOUNT_SECRETS } from "../../src/replay/demo-keys.js";

export const FIXTURES_DIR = fileURLToPath(new URL("../../fixtures", import.meta.url));

/** The demo's keys as AWS SDK credentials. */
const sdkKeys = ({ aws_access_key_id, aws_secret_access_key }: { aws_access_key_id: string; aws_secret_access_key: string }) => ({
  accessKeyId: aws_access_key_id,
  secretAccessKey: aws_secret_access_key,
});
export const DEMO_KEYS = { account1: sdkKeys(DEMO_ACCOUNT_SECRETS["111111111111"]), account2: sdkKeys(DEMO_ACCOUNT_SECRETS["222222222222"]) };

export interface RunningReplay {
  baseUrl: string;
  /** Endpoint for a set (and optional fault profile). */
  endpoint(set: string, profile?: string): string;
  close(): Promise<void>;
}

export async function startReplay(options: Partial<ReplayOptions> = {}): Promise<RunningReplay> {
  const logger = createLogger({ write: () => {} });
  const replayApp: Hono = createReplayRoutes({ fixturesDir: FIXTURES_DIR, logger, ...options });
  const app = createHttpApp({ lifecycle: createLifecycle(), logger, replay: () => Promise.resolve(replayApp) });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    endpoint: (set, profile) => `${baseUrl}/replay/${set}${profile ? `/~${profile}` : ""}`,
    close: () =>
      new Promise<void>((resolve) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** Client options for the real SDK against the replay: fast retries, no IMDS. */
export function clientConfig(endpoint: string, region = "us-east-1", credentials = DEMO_KEYS.account1, maxAttempts = 5) {
  return { endpoint, region, credentials, retryStrategy: new ConfiguredRetryStrategy(maxAttempts, () => 1) };
}
